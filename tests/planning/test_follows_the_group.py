"""The wizard follows the group (issue 19, point 6): a goal without CSFs or a CSF without KPIs
is warned about, not blocking, and a goal can be put under a parent goal."""

import pytest
from django.urls import reverse

from goals.models import Goal
from indicators.models import Kpi, KpiStatus
from kpiplanner.planning import services
from kpiplanner.planning.wizard import Step, first_open_step, parked
from tests.conftest import ROLES
from tests.factories import CsfFactory, GoalFactory, KpiFactory, StrategyFactory

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
EDITORS = ["admin", "facilitator"]
READERS = sorted(set(ROLES) - set(EDITORS))


def step_url(strategy, step):
    return reverse("planning:step", args=[strategy.pk, step])


def tree_of(strategy):
    from goals.models import Strategy

    return list(Strategy.objects.with_tree().get(pk=strategy.pk).goals.all())


@pytest.fixture
def half_done(strategy, members):
    """One goal finished to the end, one goal parked without CSFs, one CSF parked without KPIs."""
    done = GoalFactory(strategy=strategy, title="Klanten blijven")
    csf = CsfFactory(goal=done, title="Snel oplossen")
    KpiFactory(csf=csf, owner=members["facilitator"])
    CsfFactory(goal=done, title="Vriendelijk personeel")
    GoalFactory(strategy=strategy, title="Groeien in het noorden")
    return strategy


# --- parked goals and CSFs ---------------------------------------------------------------


def test_a_parked_goal_and_csf_do_not_block_the_plan(half_done):
    goals = tree_of(half_done)
    assert first_open_step(goals) == Step.SUBMIT
    found = parked(goals)
    assert [goal.title for goal in found.goals] == ["Groeien in het noorden"]
    assert [csf.title for csf in found.csfs] == ["Vriendelijk personeel"]


def test_nothing_at_all_still_blocks(strategy):
    GoalFactory(strategy=strategy)
    assert first_open_step(tree_of(strategy)) == Step.CSFS
    CsfFactory(goal=strategy.goals.get())
    assert first_open_step(tree_of(strategy)) == Step.KPIS


def test_submitting_with_a_parked_goal_proposes_the_finished_kpis(half_done, members):
    assert services.plan_submit(strategy=half_done, user=members["facilitator"]).drafts == 1
    assert Kpi.objects.get().status == KpiStatus.PROPOSED


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"viewer"}))  # a viewer has no wizard
def test_every_member_sees_the_warnings_on_the_csf_and_kpi_steps(client, members, half_done, role):
    client.force_login(members[role])
    csfs = client.get(step_url(half_done, "csfs")).content.decode()
    assert 'data-parked="goals"' in csfs
    assert "Dit doel heeft nog geen kritieke succesfactor" in csfs
    assert "Groeien in het noorden" in csfs
    kpis = client.get(step_url(half_done, "kpis")).content.decode()
    assert 'data-parked="csfs"' in kpis
    assert "Vriendelijk personeel" in kpis


def test_next_from_the_csf_step_goes_on_past_a_parked_goal(client, members, half_done):
    client.force_login(members["facilitator"])
    response = client.post(step_url(half_done, "csfs"), {"nav": "next"})
    assert response.url == step_url(half_done, "kpis")
    response = client.post(step_url(half_done, "csfs"), {"nav": "next"}, headers=HX)
    assert response.headers["HX-Redirect"] == step_url(half_done, "kpis")


def test_the_warning_counts_in_dutch_plurals(client, members, strategy):
    GoalFactory(strategy=strategy, title="Een")
    GoalFactory(strategy=strategy, title="Twee")
    CsfFactory(goal=GoalFactory(strategy=strategy, title="Drie"))
    client.force_login(members["facilitator"])
    html = client.get(step_url(strategy, "csfs")).content.decode()
    assert "Deze 2 doelen hebben nog geen kritieke succesfactor" in html


def test_htmx_adding_a_csf_to_the_parked_goal_clears_its_warning(client, members, half_done):
    parked_goal = Goal.objects.get(title="Groeien in het noorden")
    client.force_login(members["facilitator"])
    data = {"new-goal": str(parked_goal.pk), "new-title": "Een vestiging in Groningen"}
    html = client.post(step_url(half_done, "csfs"), data, headers=HX).content.decode()
    assert 'id="items"' in html
    assert 'data-parked="goals"' not in html


# --- the parent goal ------------------------------------------------------------------------


def goal_data(**overrides):
    return {
        "new-title": "Dit jaar 5% minder verloop",
        "new-perspective": "customer",
        "new-term": "short",
    } | overrides


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_a_yearly_goal_is_put_under_a_multi_year_goal(client, members, strategy, headers):
    multi = GoalFactory(strategy=strategy, title="Klanten blijven langer")
    client.force_login(members["facilitator"])
    response = client.post(
        step_url(strategy, "goals"), goal_data(**{"new-parent": str(multi.pk)}), headers=headers
    )
    assert response.status_code == (200 if headers else 302)
    yearly = Goal.objects.get(title="Dit jaar 5% minder verloop")
    assert yearly.parent == multi
    html = client.get(step_url(strategy, "goals")).content.decode()
    assert "onder “Klanten blijven langer”" in html
    assert f'data-parent-goal="{multi.pk}"' in html


def test_the_add_form_offers_the_strategy_goals_as_parent(client, members, strategy):
    GoalFactory(strategy=strategy, title="Klanten blijven langer")
    GoalFactory(strategy=StrategyFactory(organisation=strategy.organisation), title="Elders")
    client.force_login(members["facilitator"])
    html = client.get(step_url(strategy, "goals")).content.decode()
    assert 'name="new-parent"' in html
    assert "Geen: een doel op zich" in html
    assert ">Klanten blijven langer</option>" in html
    assert "Elders" not in html


def test_a_goal_cannot_go_under_itself_or_a_goal_under_it(client, members, strategy):
    top = GoalFactory(strategy=strategy, title="Boven")
    middle = GoalFactory(strategy=strategy, title="Midden", parent=top)
    low = GoalFactory(strategy=strategy, title="Onder", parent=middle)
    client.force_login(members["facilitator"])
    url = reverse("planning:item_edit", args=["goal", top.pk])
    html = client.get(url, headers=HX).content.decode()
    assert ">Boven</option>" not in html
    assert ">Midden</option>" not in html
    assert ">Onder</option>" not in html
    for bad in (top, low, GoalFactory(title="Andere strategie")):
        data = {
            f"{top.pk}-title": "Boven",
            f"{top.pk}-perspective": "customer",
            f"{top.pk}-term": "long",
            f"{top.pk}-parent": str(bad.pk),
            f"{top.pk}-version": str(top.version),
        }
        response = client.post(url, data, headers=HX)
        assert response.status_code == 200
        assert "niet dit doel of een doel eronder" in response.content.decode()
    assert Goal.objects.get(pk=top.pk).parent_id is None


@pytest.mark.parametrize("role", READERS)
def test_readers_cannot_add_a_sub_goal(client, members, strategy, role):
    multi = GoalFactory(strategy=strategy)
    client.force_login(members[role])
    data = goal_data(**{"new-parent": str(multi.pk)})
    assert client.post(step_url(strategy, "goals"), data).status_code == 403
    assert client.post(step_url(strategy, "goals"), data, headers=HX).status_code == 403
    assert Goal.objects.count() == 1


def test_outsider_and_anonymous_cannot_add_a_sub_goal(client, outsider, strategy):
    multi = GoalFactory(strategy=strategy)
    data = goal_data(**{"new-parent": str(multi.pk)})
    response = client.post(step_url(strategy, "goals"), data)
    assert response.status_code == 302 and "login" in response.url
    client.force_login(outsider)
    assert client.post(step_url(strategy, "goals"), data).status_code == 404
    assert client.post(step_url(strategy, "goals"), data, headers=HX).status_code == 404
    assert Goal.objects.count() == 1


def test_deleting_a_parent_goal_takes_its_sub_goals_and_undo_brings_them(members, strategy):
    multi = GoalFactory(strategy=strategy)
    yearly = GoalFactory(strategy=strategy, parent=multi)
    KpiFactory(csf=CsfFactory(goal=yearly))
    deleted = services.item_delete(item=Goal.objects.get(pk=multi.pk), user=members["admin"])
    assert not Goal.objects.exists()
    services.item_restore(deleted=deleted, user=members["admin"])
    assert Goal.objects.get(pk=yearly.pk).parent_id == multi.pk
    assert Kpi.objects.count() == 1


def test_the_check_before_submitting_reminds_of_what_was_parked(client, members, half_done):
    client.force_login(members["facilitator"])
    response = client.get(step_url(half_done, "validation"))
    found = {(f["finding"].code, f["finding"].node_kind) for f in response.context["findings"]}
    assert ("goal_without_csf", "goal") in found
    assert ("csf_without_kpi", "csf") in found
    assert client.get(step_url(half_done, "submit")).status_code == 200


def test_a_parent_goal_with_an_approved_kpi_under_a_sub_goal_is_not_deleted(
    client, members, strategy
):
    """Deleting a goal takes its sub-goals along, so an approved KPI under a sub-goal protects
    the parent as it protects its own goal: the manager decides first."""
    multi = GoalFactory(strategy=strategy, title="Klanten blijven langer")
    yearly = GoalFactory(strategy=strategy, parent=multi)
    KpiFactory(csf=CsfFactory(goal=yearly), status=KpiStatus.APPROVED)
    client.force_login(members["facilitator"])
    response = client.post(reverse("planning:item_delete", args=["goal", multi.pk]), follow=True)
    assert "goedgekeurde KPI" in response.content.decode()
    assert Goal.objects.count() == 2 and Kpi.objects.count() == 1
