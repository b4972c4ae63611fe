"""Critical success factors: what must go right for a goal to be reached."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kpiplanner.core.models import VersionedModel


class CriticalSuccessFactor(VersionedModel):
    goal = models.ForeignKey(
        "goals.Goal", on_delete=models.CASCADE, related_name="csfs", verbose_name=_("goal")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("why it matters"),
        blank=True,
        help_text=_("Explain why the goal cannot be reached unless this goes right."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "created_at"]
        verbose_name = _("critical success factor")
        verbose_name_plural = _("critical success factors")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.strategy.get_absolute_url()}#csf-{self.pk}"

    @property
    def strategy(self):
        """The strategy this CSF belongs to (a goal has it as a field)."""
        return self.goal.strategy
