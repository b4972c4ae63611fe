"""The dashboard's card per strategy: where its KPI set stands and its roll-up."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Kpi, Measurement
from kpiplanner.reviews.services import kpi_set_approve
from tests.conftest import build_tree
from tests.factories import CsfFactory, GoalFactory, KpiFactory, MeasurementFactory, StrategyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    day = datetime.date(2026, 12, 5)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)
    return day


def _card_states(client):
    response = client.get(reverse("dashboard"))
    return {s.name: (s.state, s.version_number) for s in response.context["strategies"]}


def test_each_card_says_draft_under_review_or_approved_as_version_n(client, members, organisation):
    draft = StrategyFactory(organisation=organisation, name="Concept")
    KpiFactory(csf=CsfFactory(goal=GoalFactory(strategy=draft)))
    review = StrategyFactory(organisation=organisation, name="Beoordeling")
    KpiFactory(csf=CsfFactory(goal=GoalFactory(strategy=review)), status="proposed")
    approved = StrategyFactory(organisation=organisation, name="Goedgekeurd")
    kpi = KpiFactory(
        csf=CsfFactory(goal=GoalFactory(strategy=approved)),
        status="approved",
        owner=members["facilitator"],
    )
    kpi_set_approve(strategy=approved, approver=members["manager"])
    client.force_login(members["participant"])
    assert _card_states(client) == {
        "Concept": ("draft", None),
        "Beoordeling": ("review", None),
        "Goedgekeurd": ("approved", 1),
    }
    html = client.get(reverse("dashboard")).content.decode()
    assert "Goedgekeurd als versie 1" in html and "Ter beoordeling: 1 KPI<" in html
    KpiFactory(csf=kpi.csf, status="proposed")
    KpiFactory(csf=kpi.csf, status="proposed")
    assert _card_states(client)["Goedgekeurd"] == ("approved_review", 1)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Ter beoordeling sinds versie 1: 2 KPI's" in html


def test_the_card_counts_rejected_kpis_in_english_too(client, members, organisation):
    strategy = StrategyFactory(organisation=organisation, name="Concept")
    csf = CsfFactory(goal=GoalFactory(strategy=strategy))
    KpiFactory(csf=csf, status="rejected")
    KpiFactory.create_batch(3, csf=csf, status="proposed")
    client.force_login(members["manager"])
    html = client.get(reverse("dashboard")).content.decode()
    assert "Ter beoordeling: 3 KPI's" in html and "1 KPI afgewezen" in html
    client.cookies["django_language"] = "en"
    html = client.get(reverse("dashboard")).content.decode()
    assert "Under review: 3 KPIs" in html and "1 KPI rejected" in html


def test_a_viewer_sees_the_approved_set_only(client, members, organisation):
    strategy = StrategyFactory(organisation=organisation, name="Goedgekeurd")
    csf = CsfFactory(goal=GoalFactory(strategy=strategy))
    KpiFactory(csf=csf, status="approved", owner=members["facilitator"])
    kpi_set_approve(strategy=strategy, approver=members["manager"])
    KpiFactory.create_batch(2, csf=csf, status="proposed")
    KpiFactory(csf=CsfFactory(goal=GoalFactory(strategy=strategy)), status="draft")
    client.force_login(members["viewer"])
    response = client.get(reverse("dashboard"))
    (card,) = response.context["strategies"]
    assert (card.state, card.goal_count, card.kpi_count) == ("approved", 1, 1)
    html = response.content.decode()
    assert "Goedgekeurd als versie 1" in html and "Ter beoordeling" not in html
    # No buttons to the work in progress: plans, the inbox, importing, a new strategy.
    for url in ("planning:list", "reviews:inbox", "interchange:import", "planning:strategy_new"):
        assert f'href="{reverse(url)}"' not in html, url


def test_each_card_shows_the_roll_up_of_its_kpis(client, members, organisation):
    strategy = StrategyFactory(organisation=organisation)
    csf = CsfFactory(goal=GoalFactory(strategy=strategy))
    measured = KpiFactory(csf=csf, status="approved")  # 14 → 10 hours
    KpiFactory(csf=csf, status="approved")
    MeasurementFactory(kpi=measured, period=datetime.date(2026, 11, 1), value=Decimal("12"))
    client.force_login(members["viewer"])
    response = client.get(reverse("dashboard"))
    (card,) = response.context["strategies"]
    assert (card.rollup.percent, card.rollup.measured, card.rollup.total) == (50, 1, 2)
    html = response.content.decode()
    assert "1 van 2 KPI&#x27;s gemeten" in html
    assert 'data-track-status="on_track"' in html


def test_queries_do_not_grow_with_strategies_kpis_versions_or_values(
    client, members, organisation, django_assert_num_queries
):
    client.force_login(members["viewer"])
    for size in (3, 30):
        strategy = build_tree(StrategyFactory(organisation=organisation), kpis=size)
        kpis = Kpi.objects.filter(csf__goal__strategy=strategy)
        kpis.update(status="approved", owner=members["facilitator"])
        Measurement.objects.bulk_create(
            Measurement(kpi=kpi, period=datetime.date(2026, month, 1), value=12)
            for kpi in kpis
            for month in range(1, 12)
        )
        kpi_set_approve(strategy=strategy, approver=members["manager"])
        # session, user, memberships, strategies with counts and versions, goals, CSFs, KPIs,
        # milestones, every card's latest values (one query), the header's count of what waits
        with django_assert_num_queries(10):
            response = client.get(reverse("dashboard"))
        cards = {card.pk: card for card in response.context["strategies"]}
        assert cards[strategy.pk].rollup.measured == size
        assert cards[strategy.pk].state == "approved"
