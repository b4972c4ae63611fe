"""Tenancy and roles: the permission matrix of every URL, and the access helpers."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from csf.access import get_csf_for_member
from goals.access import get_goal_for_member, get_strategy_for_member
from indicators.access import get_kpi_for_member
from kpiplanner.accounts.middleware import SESSION_KEY, MembershipMiddleware
from tests.conftest import ROLES
from tests.factories import KpiFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def page_urls(strategy):
    return [reverse("dashboard"), strategy.get_absolute_url()]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_its_organisations_pages(client, members, strategy, role):
    client.force_login(members[role])
    for url in page_urls(strategy):
        assert client.get(url).status_code == 200, url


def test_outsider_gets_404_for_another_organisations_strategy(client, outsider, strategy):
    client.force_login(outsider)
    assert client.get(strategy.get_absolute_url()).status_code == 404


def test_outsider_dashboard_does_not_list_foreign_strategies(client, outsider, strategy):
    client.force_login(outsider)
    response = client.get(reverse("dashboard"))
    assert strategy.name not in response.content.decode()


def test_missing_strategy_is_404(client, members):
    client.force_login(members["admin"])
    url = reverse("goals:strategy_detail", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, strategy):
    login = reverse("accounts:login")
    for url in [*page_urls(strategy), reverse("accounts:password_change")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(login), url
    response = client.post(reverse("accounts:switch_organisation"), {"organisation": 1})
    assert response.url.startswith(login)


def test_user_without_membership_sees_explanation(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("loner", password="x"))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert response.context["current_membership"] is None


def test_pages_refuse_unsafe_methods(client, members, strategy):
    client.force_login(members["admin"])
    assert client.post(strategy.get_absolute_url()).status_code == 405
    assert client.get(reverse("accounts:switch_organisation")).status_code == 405


class TestOrganisationSwitcher:
    def test_member_of_two_organisations_switches(self, client, members, other_organisation):
        user = members["manager"]
        MembershipFactory(user=user, organisation=other_organisation, role="viewer")
        client.force_login(user)
        response = client.post(
            reverse("accounts:switch_organisation"), {"organisation": other_organisation.pk}
        )
        assert response.status_code == 302
        assert client.session[SESSION_KEY] == other_organisation.pk
        page = client.get(reverse("dashboard"))
        assert page.context["current_membership"].organisation == other_organisation

    def test_switch_by_htmx_redirects_client_side(self, client, members, other_organisation):
        user = members["manager"]
        MembershipFactory(user=user, organisation=other_organisation, role="viewer")
        client.force_login(user)
        response = client.post(
            reverse("accounts:switch_organisation"),
            {"organisation": other_organisation.pk},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        assert response.headers["HX-Redirect"] == reverse("dashboard")

    @pytest.mark.parametrize("value", ["", "abc", "999999"])
    def test_bad_or_foreign_organisation_is_404(self, client, members, other_organisation, value):
        client.force_login(members["manager"])
        value = value or str(other_organisation.pk)
        response = client.post(reverse("accounts:switch_organisation"), {"organisation": value})
        assert response.status_code == 404

    def test_offsite_next_is_ignored(self, client, members, organisation):
        client.force_login(members["manager"])
        response = client.post(
            reverse("accounts:switch_organisation"),
            {"organisation": organisation.pk, "next": "https://evil.example/"},
        )
        assert response.url == reverse("dashboard")

    def test_opening_an_object_of_the_other_organisation_switches_to_it(
        self, client, members, other_organisation
    ):
        from tests.factories import StrategyFactory

        user = members["viewer"]
        MembershipFactory(user=user, organisation=other_organisation, role="manager")
        foreign = StrategyFactory(organisation=other_organisation)
        client.force_login(user)
        response = client.get(foreign.get_absolute_url())
        assert response.status_code == 200
        assert response.context["current_membership"].role == "manager"


def make_request(user):
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    MembershipMiddleware(lambda r: None)(request)
    return request


HELPERS = [
    (get_strategy_for_member, lambda kpi: kpi.csf.goal.strategy),
    (get_goal_for_member, lambda kpi: kpi.csf.goal),
    (get_csf_for_member, lambda kpi: kpi.csf),
    (get_kpi_for_member, lambda kpi: kpi),
]


@pytest.mark.parametrize(("helper", "target"), HELPERS)
@pytest.mark.parametrize(
    ("role", "can_read", "can_write"),
    [
        ("admin", True, True),
        ("facilitator", True, True),
        ("manager", True, False),
        ("participant", True, False),
        # A viewer reads approved sets and progress, not the tree being worked on.
        ("viewer", False, False),
    ],
)
def test_role_matrix_of_access_helpers(members, kpi, helper, target, role, can_read, can_write):
    request = make_request(members[role])
    obj = target(kpi)
    if can_read:
        assert helper(request, obj.pk) == obj
    else:
        with pytest.raises(PermissionDenied):
            helper(request, obj.pk)
    if can_write:
        assert helper(request, obj.pk, write=True) == obj
    else:
        with pytest.raises(PermissionDenied):
            helper(request, obj.pk, write=True)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_loads_a_strategy_for_its_published_pages(members, kpi, role):
    request = make_request(members[role])
    strategy = kpi.csf.goal.strategy
    assert get_strategy_for_member(request, strategy.pk, published=True) == strategy


@pytest.mark.parametrize(("helper", "target"), HELPERS)
def test_access_helpers_hide_other_organisations(outsider, kpi, helper, target):
    request = make_request(outsider)
    with pytest.raises(Http404):
        helper(request, target(kpi).pk)
    with pytest.raises(Http404):
        helper(request, "not-a-uuid")


def test_kpi_helper_loads_the_page_in_one_query(members, kpi, django_assert_num_queries):
    request = make_request(members["participant"])
    with django_assert_num_queries(1):
        loaded = get_kpi_for_member(request, kpi.pk)
        assert loaded.csf.goal.strategy.organisation.name


def test_new_kpi_factory_is_isolated_per_organisation(members, outsider):
    foreign = KpiFactory()
    request = make_request(members["admin"])
    with pytest.raises(Http404):
        get_kpi_for_member(request, foreign.pk)


def test_member_changes_password_and_can_log_in_with_it(client, members):
    client.force_login(members["viewer"])
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "secret-pass-123",
            "new_password1": "Nieuw-wachtwoord-2026",
            "new_password2": "Nieuw-wachtwoord-2026",
        },
    )
    assert response.status_code == 302
    client.logout()
    login = {"username": "viewer", "password": "Nieuw-wachtwoord-2026"}
    assert client.post(reverse("accounts:login"), login).status_code == 302


def test_wrong_old_password_is_explained_in_dutch(client, members):
    client.force_login(members["viewer"])
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "fout", "new_password1": "x", "new_password2": "y"},
    )
    assert response.status_code == 200
    assert "oude wachtwoord" in response.content.decode()


def test_login_page_is_dutch_and_refuses_bad_credentials(client, members):
    response = client.post(reverse("accounts:login"), {"username": "viewer", "password": "wrong"})
    assert response.status_code == 200
    assert "Inloggen" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_logout_needs_a_post_and_ends_the_session(client, members):
    client.force_login(members["viewer"])
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.url == reverse("accounts:login")
    assert client.get(reverse("dashboard")).status_code == 302


def test_password_changed_page_is_for_members_only(client, members):
    url = reverse("accounts:password_change_done")
    assert client.get(url).url.startswith(reverse("accounts:login"))
    client.force_login(members["viewer"])
    assert "Je nieuwe wachtwoord is actief." in client.get(url).content.decode()
