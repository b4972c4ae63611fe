"""Review and approval: KPI status changes, comments on the tree, and approved KPI-set versions.

- `KpiTransition` records every status change of a KPI (who, when, from, to, why).
- `Comment` hangs on exactly one goal, CSF or KPI of a strategy.
- `KpiSetVersion` is an immutable, numbered snapshot of a strategy's tree as approved; the
  layout of its `snapshot` is documented in `kpiplanner/reviews/snapshot.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from indicators.models import KpiStatus
from kpiplanner.accounts.models import Role, display_name


class KpiTransition(models.Model):
    """One status change of a KPI, by whom and when; the reason is required for a rejection."""

    kpi = models.ForeignKey(
        "indicators.Kpi",
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("KPI"),
    )
    from_status = models.CharField(_("from"), max_length=10, choices=KpiStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=KpiStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_status=KpiStatus.REJECTED) | ~Q(reason=""),
                name="transition_rejection_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.kpi_id}: {self.from_status} → {self.to_status}"


class Comment(models.Model):
    """A remark on one node of a strategy's tree: a goal, a CSF or a KPI (exactly one).

    `strategy` is stored too, so a page loads every comment of a tree in one query;
    `author_role` keeps the role the author had when writing, which decides whether a
    thread still waits for an answer from a facilitator.
    """

    strategy = models.ForeignKey(
        "goals.Strategy",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("strategy"),
    )
    goal = models.ForeignKey(
        "goals.Goal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("goal"),
    )
    csf = models.ForeignKey(
        "csf.CriticalSuccessFactor",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("critical success factor"),
    )
    kpi = models.ForeignKey(
        "indicators.Kpi",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("KPI"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    author_role = models.CharField(_("role of the author"), max_length=20, choices=Role.choices)
    body = models.TextField(_("comment"))
    transition = models.OneToOneField(
        KpiTransition,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comment",
        verbose_name=_("reason of status change"),
        help_text=_("Set when the comment is the reason given for rejecting a KPI."),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=Q(goal__isnull=False, csf__isnull=True, kpi__isnull=True)
                | Q(goal__isnull=True, csf__isnull=False, kpi__isnull=True)
                | Q(goal__isnull=True, csf__isnull=True, kpi__isnull=False),
                name="comment_on_exactly_one_node",
            ),
            models.CheckConstraint(condition=~Q(body=""), name="comment_not_empty"),
        ]
        indexes = [models.Index(fields=["strategy", "created_at"])]

    def __str__(self):
        return self.body[:60]

    @property
    def node_kind(self) -> str:
        return "goal" if self.goal_id else "csf" if self.csf_id else "kpi"

    @property
    def node_id(self):
        return self.goal_id or self.csf_id or self.kpi_id


class ImmutableVersionError(Exception):
    """An approved KPI-set version was about to be changed or deleted."""


class KpiSetVersionQuerySet(models.QuerySet):
    """Bulk updates and deletes would bypass `save()` and `delete()`, so they are refused too."""

    def update(self, **kwargs):
        raise ImmutableVersionError("An approved KPI-set version cannot be changed.")

    def delete(self):
        raise ImmutableVersionError("An approved KPI-set version cannot be deleted.")


class KpiSetVersion(models.Model):
    """A strategy's KPI set as a manager approved it: numbered 1, 2, … per strategy, immutable."""

    strategy = models.ForeignKey(
        "goals.Strategy",
        # An approved set is a record the organisation relies on: it outlives nothing silently.
        on_delete=models.PROTECT,
        related_name="kpi_set_versions",
        verbose_name=_("strategy"),
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"))

    objects = KpiSetVersionQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "number"]
        verbose_name = _("approved KPI set")
        verbose_name_plural = _("approved KPI sets")
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"], name="kpi_set_version_unique_number"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="kpi_set_version_number_1_up"),
        ]

    def __str__(self):
        return f"{self.strategy_id} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableVersionError("An approved KPI-set version cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reviews:version_detail", args=[self.strategy_id, self.number])

    def delete(self, *args, **kwargs):
        raise ImmutableVersionError("An approved KPI-set version cannot be deleted.")

    # The names as they were on the day of approval, from the snapshot, so an export of this
    # version never changes; a version approved before the snapshot kept them reads them live.

    @property
    def approver_name(self) -> str:
        approval = self.snapshot.get("approval") or {}
        if "approved_by" in approval:
            return approval["approved_by"]
        return display_name(self.approved_by)

    @property
    def organisation_name(self) -> str:
        organisation = self.snapshot.get("organisation") or {}
        if "name" in organisation:
            return organisation["name"]
        return self.strategy.organisation.name

    @property
    def organisation_slug(self) -> str:
        organisation = self.snapshot.get("organisation") or {}
        if "slug" in organisation:
            return organisation["slug"]
        return self.strategy.organisation.slug

    @property
    def note(self) -> str:
        """What the approver wrote with the approval ("" when nothing)."""
        return (self.snapshot.get("approval") or {}).get("note", "")
