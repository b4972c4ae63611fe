"""The strategy page: the whole tree, read-only, in a constant number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from goals.models import Strategy
from indicators.models import KpiMilestone, Measurement
from tests.conftest import build_tree
from tests.factories import CsfFactory, GoalFactory, KpiFactory, StrategyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_tree_shows_goal_csf_and_kpi_with_status_and_owner(client, members, strategy):
    owner = UserFactory(first_name="Pieter", last_name="Jansen")
    goal = GoalFactory(strategy=strategy, title="Minder klanten zeggen op")
    csf = CsfFactory(goal=goal, title="Snel en in één keer oplossen")
    KpiFactory(csf=csf, name="Gemiddelde oplostijd", owner=owner, status="approved")
    client.force_login(members["viewer"])
    html = client.get(strategy.get_absolute_url()).content.decode()
    for text in [
        "Minder klanten zeggen op",
        "Snel en in één keer oplossen",
        "Gemiddelde oplostijd",
        "Pieter Jansen",
        "Goedgekeurd",
    ]:
        assert text in html


def test_goal_without_csf_and_csf_without_kpi_are_pointed_out(client, members, strategy):
    CsfFactory(goal=GoalFactory(strategy=strategy))
    GoalFactory(strategy=strategy)
    client.force_login(members["participant"])
    html = client.get(strategy.get_absolute_url()).content.decode()
    assert "Nog geen KPI bij deze kritieke succesfactor." in html
    assert "Nog geen kritieke succesfactor bij dit doel." in html


def test_user_text_is_escaped(client, members, strategy):
    GoalFactory(strategy=strategy, title="<script>alert(1)</script>")
    client.force_login(members["participant"])
    html = client.get(strategy.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("size", [10, 200])
def test_query_count_does_not_grow_with_the_tree(
    client, members, organisation, django_assert_num_queries, size
):
    strategy = build_tree(StrategyFactory(organisation=organisation), kpis=size)
    owner = UserFactory()
    from indicators.models import Kpi

    Kpi.objects.filter(csf__goal__strategy=strategy).update(owner=owner)
    kpis = list(Kpi.objects.filter(csf__goal__strategy=strategy))
    Measurement.objects.bulk_create(
        Measurement(kpi=kpi, period=datetime.date(2026, month, 1), value=12)
        for kpi in kpis
        for month in (9, 10, 11)
    )
    KpiMilestone.objects.bulk_create(
        KpiMilestone(kpi=kpi, due_date=datetime.date(2026, 12, 31), value=12) for kpi in kpis
    )
    client.force_login(members["participant"])
    # session, user, memberships, strategy, goals, CSFs, KPIs with owners, their milestones,
    # their latest values (one query, as tuples), the strategy's open workshops, and the
    # header's count of what waits
    with django_assert_num_queries(11):
        response = client.get(strategy.get_absolute_url())
    assert response.context["kpi_count"] == size
    assert response.context["rollup"].measured == size


def test_dashboard_lists_strategies_with_counts_in_constant_queries(
    client, members, organisation, django_assert_num_queries
):
    for size in (3, 30):
        build_tree(StrategyFactory(organisation=organisation), kpis=size)
        client.force_login(members["participant"])
        with django_assert_num_queries(10):  # the tree, milestones, values, the header's count
            response = client.get(reverse("dashboard"))
        counts = sorted(s.kpi_count for s in response.context["strategies"])
        assert counts[-1] == size
    assert Strategy.objects.count() == 2


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """Status depends on the day: the tests fix it (5 December 2026)."""
    day = datetime.date(2026, 12, 5)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)
    return day


def _tracked_tree(strategy):
    """One goal, two CSFs: a KPI on track and one off track under the first, one without data
    under the second (the factory's KPI: 14 hours down to 10, from Sept 2026 to March 2027)."""
    goal = GoalFactory(strategy=strategy, title="Minder klanten zeggen op")
    first, second = CsfFactory(goal=goal), CsfFactory(goal=goal)
    good = KpiFactory(csf=first, name="Oplostijd", status="approved")
    bad = KpiFactory(csf=first, name="Wachttijd", status="approved")
    quiet = KpiFactory(csf=second, name="Terugbelverzoeken", status="approved")
    for kpi, values in ((good, ["13", "12", "11"]), (bad, ["14", "14.5", "15"])):
        for month, value in zip((9, 10, 11), values, strict=True):
            Measurement.objects.create(
                kpi=kpi, period=datetime.date(2026, month, 1), value=Decimal(value)
            )
    return good, bad, quiet


def test_kpis_show_status_in_words_progress_and_a_sparkline(client, members, strategy):
    good, bad, quiet = _tracked_tree(strategy)
    client.force_login(members["viewer"])
    html = client.get(strategy.get_absolute_url()).content.decode()
    for kpi, track in ((good, "on_track"), (bad, "off_track"), (quiet, "no_data")):
        node = html.split(f'data-kpi-id="{kpi.pk}"')[1].split("</li>")[0]
        assert node.startswith(' data-kpi-status="approved"')  # the KPI's status
        assert f'data-track-status="{track}"' in node  # and how it is tracking
    assert "Op koers" in html and "Uit koers" in html and "Nog geen meting" in html
    assert 'aria-valuenow="75"' in html  # 14 → 11 of 14 → 10
    assert html.count('<svg class="sparkline"') == 2
    assert "(nov 2026)" in html  # the latest value's period, as a Dutch reader writes it


def test_roll_up_per_csf_goal_and_strategy_counts_the_measured_kpis(client, members, strategy):
    _tracked_tree(strategy)
    client.force_login(members["viewer"])
    response = client.get(strategy.get_absolute_url())
    rollup = response.context["rollup"]
    assert (rollup.measured, rollup.total, rollup.worst) == (2, 3, "off_track")
    assert rollup.percent == 38  # (75 % + 0 %) / 2, the unmeasured KPI skipped
    html = response.content.decode()
    assert "2 van 3 KPI&#x27;s gemeten" in html
    assert "1 van 1 KPI gemeten" not in html
    assert "0 van 1 KPI gemeten" in html  # the second CSF
    goal = response.context["goals"][0]
    assert [csf.rollup.measured for csf in goal.csfs.all()] == [2, 0]


def test_rejected_and_retired_kpis_are_left_out_of_the_roll_up(client, members, strategy):
    _good, bad, _quiet = _tracked_tree(strategy)
    bad.status = "retired"
    bad.save()
    client.force_login(members["viewer"])
    rollup = client.get(strategy.get_absolute_url()).context["rollup"]
    assert (rollup.measured, rollup.total, rollup.worst) == (1, 2, "on_track")


def test_a_kpi_node_draws_its_last_twelve_values_and_says_the_latest(client, members, organisation):
    """The page reads a KPI's latest twelve values (not all of them) for its sparkline."""
    strategy = StrategyFactory(organisation=organisation)
    kpi = KpiFactory(
        csf=CsfFactory(goal=GoalFactory(strategy=strategy)),
        status="approved",
        frequency="monthly",
        baseline_date=datetime.date(2024, 1, 1),
    )
    months = [datetime.date(2025 + m // 12, m % 12 + 1, 1) for m in range(20)]  # to Aug 2026
    Measurement.objects.bulk_create(
        Measurement(kpi=kpi, period=month, value=Decimal(number) + Decimal("0.5"))
        for number, month in enumerate(months)
    )
    client.force_login(members["viewer"])
    html = client.get(strategy.get_absolute_url()).content.decode()
    node = html[html.index(f'data-kpi-id="{kpi.pk}"') :]
    points = node.split('<polyline points="')[1].split('"')[0].split()
    assert len(points) == 12
    assert points[0].startswith("0.0,") and points[-1].startswith("80.0,")
    assert "Laatste: 19,5" in node or "Latest: 19.5" in node
    assert 'data-kpi-status="approved"' in node
    assert "{#" not in html  # a template comment spans one line, or it shows on the page
