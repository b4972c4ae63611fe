"""Back and Next never lose an open inline edit: its fields belong to the step's form, so they
are saved with the step (all or nothing), with and without JavaScript."""

import pytest
from django.urls import reverse

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Strategy
from tests.factories import CsfFactory, GoalFactory

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def step_url(strategy, step):
    return reverse("planning:step", args=[strategy.pk, step])


def edit_url(kind, item):
    return reverse("planning:item_edit", args=[kind, item.pk])


def goal_edit(goal, **overrides):
    data = {
        f"{goal.pk}-title": "Nieuwe titel",
        f"{goal.pk}-perspective": "customer",
        f"{goal.pk}-term": "long",
        f"{goal.pk}-version": goal.version,
    }
    return data | {f"{goal.pk}-{name}": value for name, value in overrides.items()}


BLANK_ADD = {"new-title": "", "new-description": "", "new-perspective": "", "new-term": "long"}


@pytest.fixture
def goal(strategy):
    return GoalFactory(strategy=strategy, title="Oude titel")


def test_open_edit_fields_belong_to_the_step_form(client, members, goal):
    client.force_login(members["facilitator"])
    for headers in ({}, HX):
        html = client.get(edit_url("goal", goal), headers=headers).content.decode()
        assert f'name="{goal.pk}-title"' in html
        assert html.count('form="add-form"') >= 5  # title, description, perspective, term, ...
        assert f'name="save" value="{goal.pk}"' in html


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_next_saves_an_open_goal_edit(client, members, strategy, goal, headers):
    client.force_login(members["facilitator"])
    data = BLANK_ADD | goal_edit(goal) | {"nav": "next"}
    response = client.post(step_url(strategy, "goals"), data, headers=headers)
    target = step_url(strategy, "csfs")
    assert (response.headers.get("HX-Redirect") or response.url) == target
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("Nieuwe titel", 2)


def test_back_saves_an_open_csf_edit_and_the_typed_new_one(client, members, strategy, goal):
    csf = CsfFactory(goal=goal, title="Oud")
    client.force_login(members["facilitator"])
    data = {
        f"{csf.pk}-goal": goal.pk,
        f"{csf.pk}-title": "Bijgewerkt",
        f"{csf.pk}-version": csf.version,
        "new-goal": goal.pk,
        "new-title": "Er nog bij",
        "nav": "back",
    }
    response = client.post(step_url(strategy, "csfs"), data)
    assert response.url == step_url(strategy, "goals")
    titles = sorted(CriticalSuccessFactor.objects.values_list("title", flat=True))
    assert titles == ["Bijgewerkt", "Er nog bij"]


def test_save_button_without_js_saves_the_edit_and_a_typed_new_goal(
    client, members, strategy, goal
):
    client.force_login(members["facilitator"])
    data = goal_edit(goal) | {
        "new-title": "Tweede doel",
        "new-perspective": "financial",
        "new-term": "short",
        "save": str(goal.pk),
    }
    response = client.post(step_url(strategy, "goals"), data)
    assert response.url == step_url(strategy, "goals") + f"#goal-{goal.pk}"
    assert sorted(Goal.objects.values_list("title", flat=True)) == ["Nieuwe titel", "Tweede doel"]


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_invalid_edit_stops_next_keeps_every_text_and_saves_nothing(
    client, members, strategy, goal, headers
):
    client.force_login(members["facilitator"])
    data = (
        goal_edit(goal, title="", description="Mijn uitleg", period_end="2001-01-01")
        | {"new-title": "Nog een doel", "new-perspective": "customer", "new-term": "long"}
        | {"nav": "next"}
    )
    response = client.post(step_url(strategy, "goals"), data, headers=headers)
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Redirect" not in response.headers
    assert "Mijn uitleg" in html and "Nog een doel" in html
    assert "Dit veld is verplicht" in html and "in het verleden" in html
    assert f'name="{goal.pk}-title"' in html  # the edit stays open
    assert list(Goal.objects.values_list("title", flat=True)) == ["Oude titel"]


def test_conflicting_edit_is_refused_with_the_text_kept_and_nothing_saved(
    client, members, strategy, goal
):
    Goal.objects.filter(pk=goal.pk).update(title="Door een ander", version=2)
    client.force_login(members["facilitator"])
    data = goal_edit(goal, title="Mijn versie") | {
        "new-title": "Ook nieuw",
        "new-perspective": "people",
        "new-term": "long",
        "nav": "next",
    }
    html = client.post(step_url(strategy, "goals"), data).content.decode()
    assert "iemand anders" in html.lower() and "Mijn versie" in html and "Ook nieuw" in html
    assert list(Goal.objects.values_list("title", flat=True)) == ["Door een ander"]


def test_after_a_conflict_saving_the_kept_text_again_succeeds(client, members, strategy, goal):
    """The re-shown edit carries the saved version, so the next save is a knowing overwrite
    instead of the same conflict again and again."""
    Goal.objects.filter(pk=goal.pk).update(title="Door een ander", version=2)
    client.force_login(members["facilitator"])
    data = goal_edit(goal, title="Mijn versie") | BLANK_ADD | {"nav": "next"}
    html = client.post(step_url(strategy, "goals"), data).content.decode()
    assert f'name="{goal.pk}-version" value="2"' in html
    data[f"{goal.pk}-version"] = "2"
    assert client.post(step_url(strategy, "goals"), data).status_code == 302
    assert list(Goal.objects.values_list("title", flat=True)) == ["Mijn versie"]


def test_strategy_step_after_a_conflict_saves_on_the_second_try(client, members, strategy):
    client.force_login(members["facilitator"])
    data = {"name": "Mijn naam", "horizon_start_year": 2026, "horizon_end_year": 2028}
    Strategy.objects.filter(pk=strategy.pk).update(version=5)
    html = client.post(step_url(strategy, "strategy"), data | {"version": 1}).content.decode()
    assert 'name="version" value="5"' in html
    client.post(step_url(strategy, "strategy"), data | {"version": 5})
    strategy.refresh_from_db()
    assert strategy.name == "Mijn naam"


def test_fields_of_unknown_or_foreign_items_are_ignored(client, members, strategy, goal):
    foreign = GoalFactory(title="Van een ander")
    client.force_login(members["facilitator"])
    data = (
        BLANK_ADD
        | goal_edit(foreign, title="Gekaapt")
        | {"3f1c3e2e-0000-4000-8000-000000000000-version": "1", "not-a-uuid-version": "x"}
        | {"nav": "next"}
    )
    response = client.post(step_url(strategy, "goals"), data)
    assert response.url == step_url(strategy, "csfs")
    foreign.refresh_from_db()
    assert foreign.title == "Van een ander"


def test_htmx_cancel_gives_the_row_back(client, members, goal):
    client.force_login(members["facilitator"])
    html = client.get(edit_url("goal", goal) + "?cancel=1", headers=HX).content.decode()
    assert f'id="goal-{goal.pk}"' in html and "Oude titel" in html
    assert f'name="{goal.pk}-title"' not in html


@pytest.mark.parametrize("role", ["manager", "participant", "viewer"])
def test_readers_cannot_save_edits_through_the_step(client, members, strategy, goal, role):
    client.force_login(members[role])
    data = BLANK_ADD | goal_edit(goal) | {"nav": "next"}
    assert client.post(step_url(strategy, "goals"), data).status_code == 403
    assert client.get(edit_url("goal", goal) + "?cancel=1", headers=HX).status_code == 403
    goal.refresh_from_db()
    assert goal.title == "Oude titel"
