"""Where a strategy's guided plan stands: the step to resume at and whether it was submitted."""

from django.conf import settings
from django.db import models
from django.db.models import Q
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
