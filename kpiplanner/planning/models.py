"""Where a strategy's guided plan stands (the step to resume at, whether it was submitted), and
what was deleted in it a moment ago, kept so the deletion can be undone."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .wizard import Step


class Plan(models.Model):
    """The wizard's memory for one strategy, so a plan resumes where it was left (any device).

    Kept beside the strategy instead of on it, so the goals app stays free of wizard concerns.
    """

    strategy = models.OneToOneField(
        "goals.Strategy",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="plan",
        verbose_name=_("strategy"),
    )
    current_step = models.CharField(_("current step"), max_length=20, default=Step.STRATEGY.value)
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(current_step__in=[step.value for step in Step]),
                name="plan_current_step_valid",
            )
        ]

    def __str__(self):
        return str(self.strategy_id)


class DeletedItemKind(models.TextChoices):
    GOAL = "goal", _("goal")
    CSF = "csf", _("critical success factor")
    KPI = "kpi", _("KPI")


class DeletedItem(models.Model):
    """A goal, CSF or KPI deleted in the wizard, with everything deleted along with it.

    `payload` is Django's JSON serialization of every row the deletion removed (the item, its
    CSFs, KPIs, milestones, measurements, comments...), so undoing puts back the same rows with
    the same ids. Kept for `services.UNDO_WINDOW`, then purged.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    strategy = models.ForeignKey(
        "goals.Strategy",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("strategy"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=DeletedItemKind.choices)
    item_id = models.UUIDField(_("deleted item"))
    label = models.CharField(_("name"), max_length=200)
    csf_count = models.PositiveIntegerField(
        _("critical success factors deleted with it"), default=0
    )
    kpi_count = models.PositiveIntegerField(_("KPIs deleted with it"), default=0)
    payload = models.TextField(_("serialized rows"))
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deleted by"),
    )
    deleted_at = models.DateTimeField(_("deleted"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-deleted_at"]
        verbose_name = _("deleted item")
        verbose_name_plural = _("deleted items")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DeletedItemKind.values), name="deleted_item_kind_valid"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label}"
