"""Where a KPI set stands (goals.review_state): the words every screen uses, from counts."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from goals.models import Strategy
from goals.review_state import CHANGED_FIELD, ReviewState
from tests.factories import CsfFactory, GoalFactory, KpiFactory


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


def test_the_badges_say_it_in_dutch_and_english():
    state = ReviewState(approved=4, proposed=2, rejected=1, version=3, changed=2)
    html = render_to_string("goals/_review_state.html", {"review": state})
    assert 'data-strategy-state="approved_review"' in html
    assert "Goedgekeurd als versie 3" in html
    assert 'data-set-changed="2"' in html
    assert "Gewijzigd sinds versie 3: 2 KPI's" in html
    assert "Ter beoordeling sinds versie 3: 2 KPI's" in html and "1 KPI afgewezen" in html
    with translation.override("en"):
        html = render_to_string("goals/_review_state.html", {"review": state})
    assert "Changed since version 3: 2 KPIs" in html and "1 KPI rejected" in html
    one = ReviewState(proposed=1)
    with translation.override("en"):
        assert "Under review: 1 KPI<" in render_to_string(
            "goals/_review_state.html", {"review": one}
        )


@pytest.mark.django_db
def test_the_plan_list_counts_changed_kpis_where_the_field_exists(monkeypatch, strategy):
    """The hook, proved on a field this branch has: with `changed_since_version` merged in,
    the list pages count it the same way (a nullable field on Kpi, set: changed)."""
    monkeypatch.setattr("goals.review_state.CHANGED_FIELD", "target_max")
    csf = CsfFactory(goal=GoalFactory(strategy=strategy))
    KpiFactory(csf=csf, status="approved", direction="range", target_max=Decimal("12"))
    KpiFactory(csf=csf, status="approved")
    loaded = Strategy.objects.with_review_counts().get(pk=strategy.pk)
    assert ReviewState.from_annotations(loaded).changed == 1
