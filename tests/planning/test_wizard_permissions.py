"""Who may read and write the planning wizard: every step, every role, outsiders and anonymous
visitors; odd input never a 500."""

import pytest
from django.urls import reverse

from goals.models import Goal
from indicators.models import Kpi
from kpiplanner.planning.wizard import Step
from tests.conftest import ROLES
from tests.factories import GoalFactory
from tests.planning.helpers import HX, goal_data, step_url

pytestmark = pytest.mark.django_db

EDITORS = {"admin", "facilitator"}
READERS = set(ROLES) - EDITORS


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"viewer"}))
def test_every_member_but_a_viewer_reads_every_reachable_step(client, members, complete_tree, role):
    client.force_login(members[role])
    for step in Step:
        response = client.get(step_url(complete_tree, step))
        assert response.status_code == 200, step
        assert response.context["can_edit"] is (role in EDITORS)
        htmx = client.get(step_url(complete_tree, step), headers=HX)
        assert htmx.status_code == 200, step


def test_a_viewer_reads_no_plan(client, members, complete_tree):
    """A plan is work in progress: a viewer reads approved sets and progress only."""
    client.force_login(members["viewer"])
    goal = complete_tree.goals.first()
    urls = [
        reverse("planning:list"),
        reverse("planning:resume", args=[complete_tree.pk]),
        reverse("planning:library", args=[complete_tree.pk]),
        reverse("planning:item_edit", args=["goal", goal.pk]),
        *(step_url(complete_tree, step) for step in Step),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.get(url, headers=HX).status_code == 403, url


@pytest.mark.parametrize("role", sorted(READERS))
def test_readers_get_403_on_every_write(client, members, complete_tree, role):
    client.force_login(members[role])
    goal = complete_tree.goals.first()
    csf = goal.csfs.first()
    kpi = csf.kpis.first()
    writes = [
        (reverse("planning:strategy_new"), {}),
        (step_url(complete_tree, "strategy"), {"name": "x"}),
        (step_url(complete_tree, "goals"), goal_data()),
        (step_url(complete_tree, "submit"), {}),
        (reverse("planning:item_edit", args=["goal", goal.pk]), {}),
        (reverse("planning:item_move", args=["csf", csf.pk]), {"direction": "up"}),
        (reverse("planning:item_delete", args=["kpi", kpi.pk]), {}),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("planning:strategy_new")).status_code == 403
    assert client.get(reverse("planning:item_edit", args=["goal", goal.pk])).status_code == 403
    assert Kpi.objects.filter(pk=kpi.pk).exists()


def test_outsider_gets_404_everywhere(client, outsider, complete_tree):
    client.force_login(outsider)
    goal = complete_tree.goals.first()
    urls = [
        step_url(complete_tree, "goals"),
        reverse("planning:resume", args=[complete_tree.pk]),
        reverse("planning:library", args=[complete_tree.pk]),
        reverse("planning:item_edit", args=["goal", goal.pk]),
        reverse("planning:item_delete", args=["goal", goal.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(step_url(complete_tree, "goals"), goal_data()).status_code == 404
    assert client.post(reverse("planning:item_move", args=["goal", goal.pk])).status_code == 404
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_anonymous_is_sent_to_login(client, complete_tree):
    goal = complete_tree.goals.first()
    for url in [
        reverse("planning:list"),
        reverse("planning:strategy_new"),
        step_url(complete_tree, "kpis"),
        reverse("planning:item_edit", args=["goal", goal.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_unknown_step_or_kind_is_404(client, members, strategy):
    client.force_login(members["admin"])
    assert client.get(step_url(strategy, "bogus")).status_code == 404
    goal = GoalFactory(strategy=strategy)
    assert client.get(f"/plans/bogus/{goal.pk}/edit/").status_code == 404


@pytest.mark.parametrize("template", ["²", "٣", "1²", "9" * 30, "-1", " 1"])
def test_odd_template_numbers_show_an_empty_kpi_form(client, members, complete_tree, template):
    client.force_login(members["admin"])
    response = client.get(step_url(complete_tree, Step.KPIS), {"template": template})
    assert response.status_code == 200


def test_an_odd_milestone_count_adds_no_row_and_gives_no_500(client, members, complete_tree):
    client.force_login(members["admin"])
    data = {"action": "add_milestone", "milestones-TOTAL_FORMS": "²"}
    assert client.post(step_url(complete_tree, Step.KPIS), data).status_code == 200
