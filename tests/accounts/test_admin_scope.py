"""Django's admin site: a staff user who is not a superuser sees nothing of organisations they
do not belong to (lists, change pages, choices, filters, autocomplete); superusers see all."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from kpiplanner.accounts.models import Invitation, MemberEvent, Membership, Role
from tests.factories import (
    CsfFactory,
    GoalFactory,
    KpiFactory,
    MeasurementFactory,
    MembershipFactory,
    StrategyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    ("accounts", "organisation"),
    ("accounts", "membership"),
    ("accounts", "invitation"),
    ("accounts", "memberevent"),
    ("auth", "user"),
    ("goals", "strategy"),
    ("goals", "goal"),
    ("csf", "criticalsuccessfactor"),
    ("indicators", "kpi"),
    ("indicators", "measurement"),
]


def world(organisation, name):
    """One of everything in the organisation, named so a page shows whose it is."""
    person = MembershipFactory(
        organisation=organisation, role=Role.VIEWER, user__username=f"lid-{name}"
    ).user
    strategy = StrategyFactory(organisation=organisation, name=f"Strategie-{name}")
    goal = GoalFactory(strategy=strategy, title=f"Doel-{name}")
    csf = CsfFactory(goal=goal, title=f"Factor-{name}")
    kpi = KpiFactory(csf=csf, name=f"Kpi-{name}")
    MeasurementFactory(kpi=kpi)
    Invitation.objects.create(organisation=organisation, email=f"{name}@example.nl", role="viewer")
    MemberEvent.objects.create(
        organisation=organisation, action="removed", actor_name="x", subject_name=f"Weg-{name}"
    )
    return {"strategy": strategy, "goal": goal, "csf": csf, "kpi": kpi, "person": person}


@pytest.fixture
def staff(organisation):
    user = UserFactory(username="operator", is_staff=True)
    user.user_permissions.set(Permission.objects.all())
    MembershipFactory(user=user, organisation=organisation, role=Role.ADMIN)
    return user


@pytest.fixture
def worlds(organisation, other_organisation):
    return world(organisation, "eigen"), world(other_organisation, "vreemd")


def changelist(app, model):
    return reverse(f"admin:{app}_{model}_changelist")


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_staff_lists_show_only_their_organisation(client, staff, worlds, app, model):
    client.force_login(staff)
    response = client.get(changelist(app, model))
    assert response.status_code == 200
    html = response.content.decode()
    assert "vreemd" not in html and "Concurrent BV" not in html
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_a_superuser_sees_every_organisation(client, worlds, app, model):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.get(changelist(app, model))
    assert response.status_code == 200
    queryset = response.context["cl"].queryset
    assert queryset.count() >= 2


def test_another_organisations_object_cannot_be_opened_or_changed(client, staff, worlds):
    _own, foreign = worlds
    client.force_login(staff)
    for name in ("strategy", "goal", "csf", "kpi"):
        obj = foreign[name]
        meta = obj._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("admin:index"), name
        delete = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])
        client.post(delete, {"post": "yes"})
        assert type(obj).objects.filter(pk=obj.pk).exists(), name
    user_url = reverse("admin:auth_user_change", args=[foreign["person"].pk])
    assert client.get(user_url).status_code == 302


def test_choices_and_filters_name_only_their_organisation(client, staff, worlds):
    client.force_login(staff)
    add_goal = client.get(reverse("admin:goals_goal_add")).content.decode()
    assert "Strategie-eigen" in add_goal and "Strategie-vreemd" not in add_goal
    strategies = client.get(changelist("goals", "strategy")).content.decode()
    assert "Concurrent BV" not in strategies  # the organisation filter
    found = client.get(
        reverse("admin:autocomplete"),
        {"term": "lid", "app_label": "accounts", "model_name": "membership", "field_name": "user"},
    ).json()
    assert [r["text"] for r in found["results"]] == ["lid-eigen"]


def test_demo_organisation_admins_cannot_enter_the_admin_site(client, members):
    client.force_login(members["admin"])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/login/" in response.url
    assert not Membership.objects.filter(user__is_staff=True).exists()
