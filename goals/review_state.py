"""Where a strategy's KPI set stands, in the words every screen uses (dashboard, plan list,
the wizard's submit step): a draft; under review, with how many KPIs; approved as version N;
changed since version N.

Plain data from counts, so a list page works it out from annotations and a tree page from the
KPIs it has loaded, both without a query more. KPI statuses are named by value: `goals`
imports nothing from `indicators` (see ARCHITECTURE.md).
"""

from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.db import models

# HOOK (issue 19, point 1): the approval work marks a KPI changed since the approved version
# it was in (`Kpi.changed_since_version`, on main since that work was merged). Where the field
# exists, both ways of counting count the KPIs that carry it and the screens say "changed since
# version N" with that count; without it the state comes from the statuses and the latest
# KpiSetVersion alone. Keep this name in step with the field.
CHANGED_FIELD = "changed_since_version"


@dataclass(frozen=True)
class ReviewState:
    drafts: int = 0
    proposed: int = 0
    approved: int = 0
    rejected: int = 0
    # The number of the latest approved version of the set, if any.
    version: int | None = None
    # KPIs marked changed since the approved version (see CHANGED_FIELD).
    changed: int = 0

    @classmethod
    def from_kpis(cls, kpis, version: int | None) -> "ReviewState":
        """From loaded KPIs (a tree of `Strategy.objects.with_tree()`)."""
        kpis = list(kpis)
        counts = Counter(kpi.status for kpi in kpis)
        changed = sum(1 for kpi in kpis if getattr(kpi, CHANGED_FIELD, None))
        return cls(
            drafts=counts["draft"],
            proposed=counts["proposed"],
            approved=counts["approved"],
            rejected=counts["rejected"],
            version=version,
            changed=changed,
        )

    @classmethod
    def from_annotations(cls, strategy) -> "ReviewState":
        """From a strategy of `Strategy.objects.with_review_counts()`."""
        return cls(
            drafts=strategy.draft_kpi_count,
            proposed=strategy.proposed_kpi_count,
            approved=strategy.approved_kpi_count,
            rejected=strategy.rejected_kpi_count,
            version=strategy.latest_version,
            changed=getattr(strategy, "changed_kpi_count", 0),
        )

    @property
    def kind(self) -> str:
        """ "draft", "review" (never approved, KPIs under review), "approved", or
        "approved_review" (approved before, and changes under review since)."""
        if self.version is None:
            return "review" if self.proposed else "draft"
        return "approved_review" if self.proposed or self.changed else "approved"


def review_count_annotations() -> dict:
    """The annotations `from_annotations` reads (StrategyQuerySet.with_review_counts)."""

    def count(status):
        return models.Count(
            "goals__csfs__kpis",
            filter=models.Q(goals__csfs__kpis__status=status),
            distinct=True,
        )

    annotations = {
        "draft_kpi_count": count("draft"),
        "proposed_kpi_count": count("proposed"),
        "approved_kpi_count": count("approved"),
        "rejected_kpi_count": count("rejected"),
        # By name, like the KPIs: the versions live in kpiplanner.reviews.
        "latest_version": models.Max("kpi_set_versions__number"),
    }
    kpi_fields = {field.name for field in apps.get_model("indicators", "Kpi")._meta.fields}
    if CHANGED_FIELD in kpi_fields:
        annotations["changed_kpi_count"] = models.Count(
            "goals__csfs__kpis",
            filter=models.Q(**{f"goals__csfs__kpis__{CHANGED_FIELD}__isnull": False}),
            distinct=True,
        )
    return annotations
