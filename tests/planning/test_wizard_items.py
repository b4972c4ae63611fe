"""One goal, CSF or KPI in the wizard: inline editing, moving, deleting, and conflicting saves."""

import pytest
from django.urls import reverse

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Strategy
from tests.factories import CsfFactory, GoalFactory
from tests.planning.helpers import HX, goal_data, step_url

pytestmark = pytest.mark.django_db


def test_htmx_edit_form_and_save_return_only_the_row(client, members, strategy):
    goal = GoalFactory(strategy=strategy, title="Oud")
    client.force_login(members["facilitator"])
    url = reverse("planning:item_edit", args=["goal", goal.pk])
    form = client.get(url, headers=HX).content.decode()
    assert "<html" not in form and f'name="{goal.pk}-version"' in form
    data = {
        f"{goal.pk}-title": "Nieuw",
        f"{goal.pk}-perspective": "customer",
        f"{goal.pk}-term": "long",
        f"{goal.pk}-version": goal.version,
    }
    response = client.post(url, data, headers=HX)
    html = response.content.decode()
    assert "Nieuw" in html and f'name="{goal.pk}-title"' not in html
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("Nieuw", 2)


def test_plain_edit_redirects_back_to_the_step(client, members, strategy):
    csf = CsfFactory(goal=GoalFactory(strategy=strategy))
    client.force_login(members["admin"])
    url = reverse("planning:item_edit", args=["csf", csf.pk])
    assert client.get(url).status_code == 200
    data = {f"{csf.pk}-goal": csf.goal_id, f"{csf.pk}-title": "Beter", f"{csf.pk}-version": 1}
    response = client.post(url, data)
    assert response.url == step_url(strategy, "csfs") + f"#csf-{csf.pk}"


def test_second_save_of_the_same_goal_is_refused_and_keeps_the_text(client, members, strategy):
    goal = GoalFactory(strategy=strategy, title="Begin")
    client.force_login(members["facilitator"])
    url = reverse("planning:item_edit", args=["goal", goal.pk])

    def data(title):
        return {
            f"{goal.pk}-title": title,
            f"{goal.pk}-perspective": "customer",
            f"{goal.pk}-term": "long",
            f"{goal.pk}-version": 1,
        }

    client.post(url, data("Eerste versie"))
    response = client.post(url, data("Tweede versie"), headers=HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "iemand anders" in html.lower()
    assert "Tweede versie" in html
    goal.refresh_from_db()
    assert goal.title == "Eerste versie"


def test_strategy_step_conflict_is_refused(client, members, strategy):
    client.force_login(members["facilitator"])
    data = {
        "name": "Mijn naam",
        "horizon_start_year": 2026,
        "horizon_end_year": 2028,
        "version": strategy.version,
    }
    Strategy.objects.filter(pk=strategy.pk).update(version=5)
    response = client.post(step_url(strategy, "strategy"), data)
    assert response.status_code == 200
    assert "Mijn naam" in response.content.decode()
    strategy.refresh_from_db()
    assert strategy.name == "Klanten behouden"


def test_move_swaps_neighbours_htmx_and_plain(client, members, strategy):
    first = GoalFactory(strategy=strategy, title="Eerste", order=0)
    second = GoalFactory(strategy=strategy, title="Tweede", order=1)
    client.force_login(members["facilitator"])
    url = reverse("planning:item_move", args=["goal", second.pk])
    response = client.post(url, {"direction": "up"}, headers=HX)
    html = response.content.decode()
    assert html.index("Tweede") < html.index("Eerste")
    response = client.post(url, {"direction": "down"})
    assert response.status_code == 302
    assert list(strategy.goals.values_list("title", flat=True)) == ["Eerste", "Tweede"]
    assert client.post(url, {"direction": "sideways"}).status_code == 400
    first.refresh_from_db()


def test_delete_asks_for_confirmation_without_js_and_deletes_on_post(client, members, strategy):
    goal = GoalFactory(strategy=strategy, title="Weg ermee")
    CsfFactory(goal=goal)
    client.force_login(members["facilitator"])
    url = reverse("planning:item_delete", args=["goal", goal.pk])
    page = client.get(url).content.decode()
    assert "Weg ermee" in page and "10 minuten ongedaan maken" in page
    assert Goal.objects.filter(pk=goal.pk).exists()
    html = client.post(url, headers=HX).content.decode()
    assert 'id="items"' in html and f'id="goal-{goal.pk}"' not in html
    assert not CriticalSuccessFactor.objects.exists()


def test_csf_for_a_foreign_goal_is_a_form_error(client, members, strategy):
    foreign_goal = GoalFactory()
    client.force_login(members["facilitator"])
    data = {"new-goal": foreign_goal.pk, "new-title": "Sluiproute"}
    response = client.post(step_url(strategy, "csfs"), data)
    # The strategy has no goals, so the CSF step is not reachable yet.
    assert response.status_code == 302
    GoalFactory(strategy=strategy)
    response = client.post(step_url(strategy, "csfs"), data)
    assert response.status_code == 200
    assert "Kies een van de doelen" in response.content.decode()
    assert not CriticalSuccessFactor.objects.exists()


def test_goal_period_in_the_past_and_huge_text_are_refused(client, members, strategy):
    client.force_login(members["facilitator"])
    data = goal_data(**{"new-period_end": "2001-01-01", "new-description": "x" * 100_000})
    html = client.post(step_url(strategy, "goals"), data).content.decode()
    assert "in het verleden" in html
    assert "niet meer dan 2000 tekens" in html
    assert not Goal.objects.exists()
