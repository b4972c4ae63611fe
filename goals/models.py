"""A strategy and the goals under it: where the organisation wants to be."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kpiplanner.core.models import VersionedModel

from .review_state import review_count_annotations

# The KPI status a viewer may read (indicators.KpiStatus.APPROVED, named by value here).
APPROVED = "approved"
# What a viewer reads of the tree: the approved KPIs, and an approved KPI whose change waits for
# the manager (it stays in the set they know until the manager decides).
PUBLISHED_KPIS = models.Q(status=APPROVED) | models.Q(changed_since_version__isnull=False)


def tree_csfs(goals) -> list:
    """Every CSF under `goals`, in order (reads the prefetched tree of `with_tree()`)."""
    return [csf for goal in goals for csf in goal.csfs.all()]


def tree_kpis(goals) -> list:
    """Every KPI under `goals`, in order (reads the prefetched tree of `with_tree()`)."""
    return [kpi for csf in tree_csfs(goals) for kpi in csf.kpis.all()]


def tree_lookups(*, kpi_related=("owner",), approved_only: bool = False) -> list:
    """The prefetches of goals → CSFs → KPIs (with owner), each node with the workshop it was
    promoted from, if any (joined along, no extra query).

    `approved_only`: only published KPIs (`PUBLISHED_KPIS`), and the goals and CSFs above one:
    what a viewer may read (drafts, proposals and rejections stay with those who work on them).
    """
    # By name, as the foreign keys do: the domain apps import up the tree, never down.
    origin = "workshop_proposal__round__workshop"
    csfs = apps.get_model("csf", "CriticalSuccessFactor").objects.select_related(origin)
    kpis = apps.get_model("indicators", "Kpi").objects.select_related(*kpi_related, origin)
    goals = Goal.objects.select_related(origin)
    if approved_only:
        kpis = kpis.filter(PUBLISHED_KPIS)
        csfs = csfs.filter(pk__in=kpis.values("csf_id"))
        goals = goals.filter(pk__in=kpis.values("csf__goal_id"))
    return [
        models.Prefetch("goals", queryset=goals),
        models.Prefetch("goals__csfs", queryset=csfs),
        models.Prefetch("goals__csfs__kpis", queryset=kpis),
    ]


def tracking_lookups(*, kpi_related=("owner",), approved_only: bool = False) -> list:
    """`tree_lookups()` and each KPI's milestones: one query more. The values are read by
    `Kpi.track_tree()`, as plain tuples."""
    return [
        *tree_lookups(kpi_related=kpi_related, approved_only=approved_only),
        "goals__csfs__kpis__milestones",
    ]


def goal_and_below(goal_id, *, lock: bool = False) -> list:
    """The ids of a goal and of every goal under it (`Goal.parent`, at any depth): what goes
    when the goal is deleted. One query per level; `lock` locks the rows (FOR UPDATE)."""
    ids, frontier = [goal_id], [goal_id]
    while frontier:
        below = Goal.objects.filter(parent_id__in=frontier)
        frontier = list((below.select_for_update() if lock else below).values_list("pk", flat=True))
        ids += frontier
    return ids


class StrategyQuerySet(models.QuerySet):
    def with_tree(self, *, kpi_related=("owner",), approved_only: bool = False):
        """Prefetch the tree in a fixed number of queries (see `tree_lookups`)."""
        return self.prefetch_related(
            *tree_lookups(kpi_related=kpi_related, approved_only=approved_only)
        )

    def with_tracking(self, *, approved_only: bool = False):
        """`with_tree()` and each KPI's milestones: one query more (see `tracking_lookups`)."""
        return self.prefetch_related(*tracking_lookups(approved_only=approved_only))

    def with_review_counts(self):
        """How many KPIs are draft, proposed, approved and rejected, and the latest approved
        version's number: what `ReviewState.from_annotations` reads."""
        return self.annotate(**review_count_annotations())

    def with_counts(self):
        return self.annotate(
            goal_count=models.Count("goals", distinct=True),
            kpi_count=models.Count("goals__csfs__kpis", distinct=True),
        )


class Strategy(VersionedModel):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="strategies",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    mission = models.TextField(_("mission"), blank=True)
    vision = models.TextField(_("vision"), blank=True)
    horizon_start_year = models.PositiveSmallIntegerField(_("first year"))
    horizon_end_year = models.PositiveSmallIntegerField(_("last year"))

    objects = StrategyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "created_at"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.CheckConstraint(
                condition=Q(horizon_end_year__gte=F("horizon_start_year")),
                name="strategy_horizon_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(horizon_start_year__gte=2000, horizon_end_year__lte=2100),
                name="strategy_horizon_plausible_years",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("goals:strategy_detail", args=[self.pk])

    @property
    def horizon_label(self) -> str:
        if self.horizon_start_year == self.horizon_end_year:
            return str(self.horizon_start_year)
        return f"{self.horizon_start_year}–{self.horizon_end_year}"


class Perspective(models.TextChoices):
    """The four balanced-scorecard perspectives."""

    FINANCIAL = "financial", _("Financial")
    CUSTOMER = "customer", _("Customer")
    INTERNAL = "internal", _("Internal process")
    PEOPLE = "people", _("People & learning")


class Term(models.TextChoices):
    SHORT = "short", _("Short term")
    LONG = "long", _("Long term")


class Goal(VersionedModel):
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="goals", verbose_name=_("strategy")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent goal"),
        help_text=_("For example the multi-year goal that this yearly goal contributes to."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    perspective = models.CharField(_("perspective"), max_length=20, choices=Perspective.choices)
    term = models.CharField(_("term"), max_length=10, choices=Term.choices, default=Term.LONG)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period until"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "created_at"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(perspective__in=Perspective.values), name="goal_perspective_valid"
            ),
            models.CheckConstraint(condition=Q(term__in=Term.values), name="goal_term_valid"),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="goal_period_end_after_start",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="goal_not_its_own_parent"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.strategy.get_absolute_url()}#goal-{self.pk}"

    def clean(self):
        super().clean()
        if self.parent_id and self.parent.strategy_id != self.strategy_id:
            raise ValidationError(
                {"parent": _("The parent goal must belong to the same strategy.")}
            )
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A goal cannot be its own parent.")})
