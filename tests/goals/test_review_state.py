"""Where a KPI set stands (goals.review_state): the words every screen uses, from counts."""

from types import SimpleNamespace

import pytest

from goals.review_state import CHANGED_FIELD, ReviewState


def kpis(*statuses, changed=()):
    return [
        SimpleNamespace(status=status, **({CHANGED_FIELD: 1} if index in changed else {}))
        for index, status in enumerate(statuses)
    ]


@pytest.mark.parametrize(
    ("statuses", "version", "kind"),
    [
        ((), None, "draft"),
        (("draft", "rejected"), None, "draft"),
        (("draft", "proposed"), None, "review"),
        (("approved",), 1, "approved"),
        (("approved", "draft"), 2, "approved"),
        (("approved", "proposed"), 2, "approved_review"),
    ],
)
def test_the_kind_follows_the_statuses_and_the_latest_version(statuses, version, kind):
    assert ReviewState.from_kpis(kpis(*statuses), version).kind == kind


def test_the_counts_per_status():
    state = ReviewState.from_kpis(kpis("draft", "draft", "proposed", "rejected", "retired"), None)
    assert (state.drafts, state.proposed, state.approved, state.rejected) == (2, 1, 0, 1)


def test_a_kpi_marked_changed_since_the_approved_version_counts_as_changed():
    """The hook for the "changed since version N" marker: once KPIs carry the field, an
    approved set with a changed KPI says so, even before it is proposed again."""
    state = ReviewState.from_kpis(kpis("approved", "approved", changed={1}), 3)
    assert (state.changed, state.kind) == (1, "approved_review")
    assert ReviewState.from_kpis(kpis("approved"), 3).changed == 0
