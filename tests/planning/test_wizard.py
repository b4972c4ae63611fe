"""The planning wizard: starting a strategy, moving between steps, resuming, and the list of
plans with where each stands."""

import pytest
from django.urls import reverse

from goals.models import Goal, Strategy
from indicators.models import Kpi
from kpiplanner.planning.models import Plan
from kpiplanner.planning.services import plan_submit
from kpiplanner.planning.wizard import Step
from kpiplanner.reviews.services import kpi_set_approve
from tests.conftest import build_tree
from tests.factories import GoalFactory, StrategyFactory
from tests.planning.helpers import HX, goal_data, step_url

pytestmark = pytest.mark.django_db


# --- starting, steps and resuming ----------------------------------------------------------


def test_facilitator_starts_a_strategy_and_lands_on_goals(client, members, organisation):
    client.force_login(members["facilitator"])
    response = client.post(
        reverse("planning:strategy_new"),
        {"name": "Groei", "horizon_start_year": 2027, "horizon_end_year": 2030},
    )
    strategy = Strategy.objects.get(name="Groei")
    assert strategy.organisation == organisation
    assert response.url == step_url(strategy, "goals")
    assert strategy.plan.current_step == Step.GOALS


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (2027, 2026, "laatste jaar"),
        (2015, 2020, "al voorbij"),
        (2027, 2045, "tien jaar"),
        (1999, 2027, "2000"),
        ("twintig", 2027, "geheel getal"),
    ],
)
def test_bad_horizon_is_refused_with_a_dutch_message(client, members, start, end, message):
    client.force_login(members["facilitator"])
    data = {"name": "Groei", "horizon_start_year": start, "horizon_end_year": end}
    response = client.post(reverse("planning:strategy_new"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Strategy.objects.filter(name="Groei").exists()


def test_later_step_redirects_to_the_first_step_that_needs_work(client, members, strategy):
    client.force_login(members["participant"])
    response = client.get(step_url(strategy, "validation"))
    assert response.url == step_url(strategy, "goals")
    GoalFactory(strategy=strategy)
    assert client.get(step_url(strategy, "kpis")).url == step_url(strategy, "csfs")


def test_validation_blocks_submit_until_every_kpi_is_complete(client, members, complete_tree):
    Kpi.objects.filter(csf__goal__strategy=complete_tree).update(data_source="")
    client.force_login(members["facilitator"])
    assert client.get(step_url(complete_tree, "submit")).url == step_url(
        complete_tree, "validation"
    )
    page = client.get(step_url(complete_tree, "validation")).content.decode()
    assert 'data-missing="data_source"' in page


def test_resume_opens_the_step_where_the_plan_was_left(client, members, complete_tree):
    Plan.objects.create(strategy=complete_tree, current_step=Step.KPIS)
    client.force_login(members["participant"])
    response = client.get(reverse("planning:resume", args=[complete_tree.pk]))
    assert response.url == step_url(complete_tree, "kpis")


def test_next_saves_the_typed_goal_and_moves_on(client, members, strategy):
    client.force_login(members["facilitator"])
    response = client.post(step_url(strategy, "goals"), goal_data(nav="next"))
    assert Goal.objects.filter(strategy=strategy, title="Meer tevreden klanten").exists()
    assert response.url == step_url(strategy, "csfs")
    assert Plan.objects.get(strategy=strategy).current_step == Step.CSFS


def test_next_with_an_invalid_goal_keeps_the_input_on_screen(client, members, strategy):
    client.force_login(members["facilitator"])
    data = goal_data(nav="next", **{"new-perspective": "nonsense"})
    response = client.post(step_url(strategy, "goals"), data)
    assert response.status_code == 200
    assert "Meer tevreden klanten" in response.content.decode()
    assert not Goal.objects.exists()


def test_next_on_an_unfinished_step_stays_and_explains(client, members, strategy):
    client.force_login(members["facilitator"])
    response = client.post(step_url(strategy, "goals"), {"nav": "next"}, follow=True)
    assert response.redirect_chain[-1][0] == step_url(strategy, "goals")
    assert "Voeg minstens één doel toe" in response.content.decode()


def test_htmx_add_returns_the_list_and_htmx_next_redirects_client_side(client, members, strategy):
    client.force_login(members["facilitator"])
    response = client.post(step_url(strategy, "goals"), goal_data(), headers=HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "Meer tevreden klanten" in html
    response = client.post(step_url(strategy, "goals"), {"nav": "next"}, headers=HX)
    assert response.headers["HX-Redirect"] == step_url(strategy, "csfs")


def test_htmx_add_refreshes_the_progress_bar_out_of_band(client, members, strategy):
    client.force_login(members["facilitator"])
    page = client.get(step_url(strategy, "goals")).content.decode()
    assert 'is-locked" data-step="csfs"' in page and 'hx-swap-oob="true"' not in page
    html = client.post(step_url(strategy, "goals"), goal_data(), headers=HX).content.decode()
    # The add form itself is replaced: emptied for the next goal.
    assert '<form id="add-form" method="post"' in html and "hx-preserve" not in html
    progress = html[html.index('<nav id="wizard-progress"') :]
    assert 'hx-swap-oob="true"' in progress
    # The first goal makes the CSF step reachable: its link appears in the refreshed bar.
    assert 'is-locked" data-step="csfs"' not in progress
    assert f'href="{step_url(strategy, "csfs")}"' in progress


@pytest.mark.parametrize("size", [3, 30])
def test_kpi_step_queries_do_not_grow_with_the_tree(
    client, members, organisation, django_assert_num_queries, size
):
    strategy = build_tree(StrategyFactory(organisation=organisation), kpis=size)
    client.force_login(members["facilitator"])
    # session, user, memberships, strategy+plan, goals, CSFs, KPIs+owners, CSF choices,
    # owner choices, library, deletions that can be undone
    with django_assert_num_queries(13):  # with the header's count of what waits
        response = client.get(step_url(strategy, "kpis"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_validation_step_queries_do_not_grow_with_the_tree(
    client, members, organisation, django_assert_num_queries, size
):
    strategy = build_tree(StrategyFactory(organisation=organisation), kpis=size)
    Kpi.objects.update(owner=members["admin"])
    client.force_login(members["participant"])
    with django_assert_num_queries(8):  # with the header's count of what waits
        response = client.get(step_url(strategy, "validation"))
    assert response.status_code == 200


def test_plan_list_shows_where_each_plan_stands(client, members, complete_tree):
    Plan.objects.create(strategy=complete_tree, current_step=Step.KPIS)
    client.force_login(members["participant"])
    html = client.get(reverse("planning:list")).content.decode()
    assert complete_tree.name in html and "KPI&#x27;s" in html
    assert "Nieuwe strategie" not in html
    # One draft, one rejected, one approved KPI: no version yet, nothing under review.
    assert 'data-strategy-state="draft"' in html and "1 KPI afgewezen" in html
    assert "Verder bij" in html


def test_plan_list_says_under_review_with_the_count_and_approved_as_version_n(
    client, members, complete_tree
):
    plan_submit(strategy=complete_tree, user=members["facilitator"])
    client.force_login(members["facilitator"])
    html = client.get(reverse("planning:list")).content.decode()
    assert 'data-strategy-state="review"' in html and "Ter beoordeling: 2 KPI's" in html
    Kpi.objects.filter(csf__goal__strategy=complete_tree).update(status="approved")
    kpi_set_approve(strategy=complete_tree, approver=members["manager"])
    html = client.get(reverse("planning:list")).content.decode()
    assert 'data-strategy-state="approved"' in html and "Goedgekeurd als versie 1" in html
    client.cookies["django_language"] = "en"
    html = client.get(reverse("planning:list")).content.decode()
    assert "Approved as version 1" in html


def test_plan_list_queries_do_not_grow_with_the_strategies(
    client, members, organisation, django_assert_num_queries
):
    client.force_login(members["facilitator"])
    for size in (2, 12):
        for _ in range(size - StrategyFactory._meta.model.objects.count()):
            build_tree(StrategyFactory(organisation=organisation), kpis=3)
        # session, user, memberships, strategies with plans, counts and versions
        with django_assert_num_queries(6):  # with the header's count of what waits
            response = client.get(reverse("planning:list"))
        assert len(response.context["rows"]) == size
