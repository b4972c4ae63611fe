"""One row per event per person who should hear about it; the digest e-mail
(kpiplanner/notifications/digest.py) sends a person's unsent rows together and marks them sent."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        REVIEW = "review", _("KPI waits for review")
        REJECTED = "rejected", _("KPI rejected")
        APPROVED = "approved", _("KPI set approved")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    strategy = models.ForeignKey(
        "goals.Strategy",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("strategy"),
    )
    # The KPI as it was named when it happened: a KPI deleted since is still told about.
    kpi = models.ForeignKey(
        "indicators.Kpi",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("KPI"),
    )
    kpi_name = models.CharField(_("KPI name"), max_length=300, blank=True)
    number = models.PositiveIntegerField(_("version"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(sent_at=None),
                name="notification_unsent",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.kpi_name or self.strategy_id}"
