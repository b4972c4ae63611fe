"""The strategy page: the whole tree, read-only, in a constant number of queries."""

import pytest
from django.urls import reverse

from goals.models import Strategy
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
    client.force_login(members["viewer"])
    html = client.get(strategy.get_absolute_url()).content.decode()
    assert "Nog geen KPI bij deze kritieke succesfactor." in html
    assert "Nog geen kritieke succesfactor bij dit doel." in html


def test_user_text_is_escaped(client, members, strategy):
    GoalFactory(strategy=strategy, title="<script>alert(1)</script>")
    client.force_login(members["viewer"])
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
    client.force_login(members["viewer"])
    # session, user, memberships, strategy, goals, CSFs, KPIs with owners
    with django_assert_num_queries(8):  # the tree, and the strategy's open workshops
        response = client.get(strategy.get_absolute_url())
    assert response.context["kpi_count"] == size


def test_dashboard_lists_strategies_with_counts_in_constant_queries(
    client, members, organisation, django_assert_num_queries
):
    for size in (3, 30):
        build_tree(StrategyFactory(organisation=organisation), kpis=size)
        client.force_login(members["viewer"])
        with django_assert_num_queries(4):
            response = client.get(reverse("dashboard"))
        counts = sorted(s.kpi_count for s in response.context["strategies"])
        assert counts[-1] == size
    assert Strategy.objects.count() == 2
