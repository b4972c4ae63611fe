"""A KPI or CSF moved to another place in the tree is a change: the next version can be
approved, and the comparison of the two versions shows the move."""

import pytest
from django.urls import reverse

from csf.models import CriticalSuccessFactor
from indicators.models import Kpi
from kpiplanner.reviews.models import KpiSetVersion
from kpiplanner.reviews.services import kpi_set_approve
from tests.conftest import approve_set
from tests.factories import CsfFactory, GoalFactory, KpiFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(kpi):
    """The `kpi` fixture's strategy, every KPI approved, with a second goal and CSF to move to;
    approved as version 1."""
    kpi.status = "approved"
    kpi.owner = UserFactory(first_name="Pieter", last_name="Jansen")
    kpi.save()
    strategy = kpi.csf.goal.strategy
    other_goal = GoalFactory(strategy=strategy, title="Meer omzet", order=1)
    KpiFactory(csf=CsfFactory(goal=other_goal, title="Goede verkopers"), status="approved")
    return strategy


def approve(client, strategy):
    return approve_set(client, strategy)


@pytest.mark.parametrize("move", ["kpi_to_other_csf", "csf_to_other_goal"])
def test_a_move_in_the_tree_enables_the_next_version(client, members, decided, kpi, move):
    kpi_set_approve(strategy=decided, approver=members["manager"])
    other_csf = CriticalSuccessFactor.objects.get(title="Goede verkopers")
    if move == "kpi_to_other_csf":
        Kpi.objects.filter(pk=kpi.pk).update(csf=other_csf)  # only the place differs
    else:
        CriticalSuccessFactor.objects.filter(pk=kpi.csf_id).update(goal=other_csf.goal)
    client.force_login(members["manager"])
    html = client.get(reverse("reviews:strategy_review", args=[decided.pk])).content.decode()
    assert "Geen wijzigingen" not in html
    assert approve(client, decided).status_code == 302
    assert KpiSetVersion.objects.filter(strategy=decided).count() == 2


def test_the_comparison_shows_a_kpi_moved_to_another_csf(client, members, decided, kpi):
    kpi_set_approve(strategy=decided, approver=members["manager"])
    other_csf = CriticalSuccessFactor.objects.get(title="Goede verkopers")
    Kpi.objects.filter(pk=kpi.pk).update(csf=other_csf)
    kpi_set_approve(strategy=decided, approver=members["manager"])
    client.force_login(members["manager"])
    url = reverse("reviews:version_compare", args=[decided.pk])
    html = client.get(url, {"old": 1, "new": 2}).content.decode()
    assert "Plaats in de boom" in html
    assert "Minder klantverloop › Snel en in één keer oplossen" in html
    assert "Meer omzet › Goede verkopers" in html


def test_the_comparison_names_a_goals_new_parent_goal_by_its_title(client, members, decided, kpi):
    kpi_set_approve(strategy=decided, approver=members["manager"])
    goal = kpi.csf.goal
    goal.parent = decided.goals.get(title="Meer omzet")
    goal.save()
    kpi_set_approve(strategy=decided, approver=members["manager"])
    client.force_login(members["manager"])
    url = reverse("reviews:version_compare", args=[decided.pk])
    html = client.get(url, {"old": 1, "new": 2}).content.decode()
    assert "Bovenliggend doel" in html or "bovenliggend doel" in html
    assert "Meer omzet" in html
    assert str(goal.parent_id) not in html


def test_another_owner_with_the_same_name_is_a_change(client, members, decided, kpi):
    kpi_set_approve(strategy=decided, approver=members["manager"])
    namesake = UserFactory(first_name="Pieter", last_name="Jansen")
    Kpi.objects.filter(pk=kpi.pk).update(owner=namesake)
    client.force_login(members["manager"])
    assert approve(client, decided).status_code == 302
    assert KpiSetVersion.objects.filter(strategy=decided).count() == 2
