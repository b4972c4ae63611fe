"""The members page: only the organisation's admin, every action's permission matrix, the
last-admin rule (also under two admins acting at once on PostgreSQL), and the log."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections
from django.urls import reverse
from django.utils import formats, timezone

from kpiplanner.accounts import services
from kpiplanner.accounts.models import Invitation, MemberEvent, Membership, Role
from tests.conftest import ROLES
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/organisation/members/"
HTMX = {"HTTP_HX_REQUEST": "true"}
NOT_ADMIN = [role for role in ROLES if role != Role.ADMIN]


def membership_of(user, organisation):
    return Membership.objects.get(user=user, organisation=organisation)


def actions(members, organisation):
    """(url, data) of every write on the page, aimed at the viewer's membership."""
    target = membership_of(members["viewer"], organisation)
    invitation = Invitation.objects.create(
        organisation=organisation, email="nieuw@example.nl", role=Role.VIEWER
    )
    return {
        "invite": (
            reverse("members:invite"),
            {"email": "x@example.nl", "role": "viewer", "language": "nl"},
        ),
        "role": (reverse("members:role", args=[target.pk]), {"role": "manager"}),
        "remove": (reverse("members:remove", args=[target.pk]), {}),
        "withdraw": (reverse("members:withdraw", args=[invitation.pk]), {}),
    }


def test_the_url_is_the_one_the_issue_names():
    assert reverse("members:list") == LIST


@pytest.mark.parametrize("htmx", [False, True])
def test_the_admin_sees_members_with_roles(client, members, outsider, htmx):
    client.force_login(members["admin"])
    response = client.get(LIST, **(HTMX if htmx else {}))
    assert response.status_code == 200
    html = response.content.decode()
    for role in ROLES:
        assert f'data-member-role="{role}"' in html
    assert "outsider" not in html
    assert ("<html" in html) is not htmx


@pytest.mark.parametrize("role", NOT_ADMIN)
@pytest.mark.parametrize("htmx", [False, True])
def test_other_roles_get_403_on_the_page_and_every_action(
    client, members, organisation, role, htmx
):
    client.force_login(members[role])
    extra = HTMX if htmx else {}
    assert client.get(LIST, **extra).status_code == 403
    for name, (url, data) in actions(members, organisation).items():
        assert client.post(url, data, **extra).status_code == 403, name
    assert Membership.objects.filter(organisation=organisation).count() == len(ROLES)
    assert membership_of(members["viewer"], organisation).role == Role.VIEWER
    assert not MemberEvent.objects.exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_another_organisations_admin_gets_404_on_every_action(
    client, members, organisation, other_organisation, htmx
):
    stranger = MembershipFactory(organisation=other_organisation, role=Role.ADMIN).user
    client.force_login(stranger)
    extra = HTMX if htmx else {}
    page = client.get(LIST, **extra)
    assert page.status_code == 200 and 'data-member-role="viewer"' not in page.content.decode()
    for name, (url, data) in actions(members, organisation).items():
        if name == "invite":
            continue  # invites into their own organisation
        assert client.post(url, data, **extra).status_code == 404, name
    assert membership_of(members["viewer"], organisation).role == Role.VIEWER
    assert Invitation.objects.filter(organisation=organisation).exists()


def test_someone_without_an_organisation_gets_404(client):
    client.force_login(UserFactory())
    assert client.get(LIST).status_code == 404


def test_a_refusal_is_one_line_in_the_security_log(client, members, caplog):
    client.force_login(members["viewer"])
    with caplog.at_level("INFO", logger="security"):
        assert client.get(LIST).status_code == 403
    lines = [r.message for r in caplog.records if "event=access_refused" in r.message]
    assert len(lines) == 1 and "status=403" in lines[0] and "role=viewer" in lines[0]


@pytest.mark.parametrize("htmx", [False, True])
def test_anonymous_is_sent_to_log_in(client, members, organisation, htmx):
    extra = HTMX if htmx else {}
    response = client.get(LIST, **extra)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    for url, data in actions(members, organisation).values():
        response = client.post(url, data, **extra)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_an_admin_who_is_only_viewer_elsewhere_cannot_act_there(
    client, members, other_organisation
):
    admin = members["admin"]
    MembershipFactory(user=admin, organisation=other_organisation, role=Role.VIEWER)
    there = MembershipFactory(organisation=other_organisation, role=Role.VIEWER)
    client.force_login(admin)
    response = client.post(reverse("members:role", args=[there.pk]), {"role": "admin"})
    assert response.status_code == 403
    there.refresh_from_db()
    assert there.role == Role.VIEWER


# Role changes and removal ----------------------------------------------------------------------


def test_changing_a_role_is_logged_for_admins_and_in_the_security_log(
    client, members, organisation, caplog
):
    client.force_login(members["admin"])
    target = membership_of(members["viewer"], organisation)
    with caplog.at_level("INFO", logger="security"):
        response = client.post(reverse("members:role", args=[target.pk]), {"role": "manager"})
    assert response.status_code == 302 and response.url == LIST
    target.refresh_from_db()
    assert target.role == Role.MANAGER
    event = MemberEvent.objects.get()
    assert (event.action, event.old_role, event.new_role) == ("role_changed", "viewer", "manager")
    assert event.actor == members["admin"]
    assert any(
        "event=member_role_changed" in r.message and "new_role=manager" in r.message
        for r in caplog.records
    )
    page = client.get(LIST).content.decode()
    assert "veranderde de rol van" in page  # the log, in Dutch
    # Its time in Dutch too: "6 december 2026 14:05", not "6 Dec 2026 14:05".
    when = formats.date_format(timezone.localtime(event.created_at), "DATETIME_FORMAT")
    assert f">{when}</time>" in page and when.split()[1].islower()


def test_htmx_role_change_answers_with_the_panel(client, members, organisation):
    client.force_login(members["admin"])
    target = membership_of(members["viewer"], organisation)
    response = client.post(
        reverse("members:role", args=[target.pk]), {"role": "facilitator"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="member-admin"' in html and "<html" not in html
    assert f'data-member-id="{target.pk}" data-member-role="facilitator"' in html


@pytest.mark.parametrize("htmx", [False, True])
def test_a_role_that_does_not_exist_is_refused_in_words(client, members, organisation, htmx):
    client.force_login(members["admin"])
    target = membership_of(members["viewer"], organisation)
    response = client.post(
        reverse("members:role", args=[target.pk]),
        {"role": "koning"},
        follow=not htmx,
        **(HTMX if htmx else {}),
    )
    assert response.status_code == 200
    assert "Kies een van de rollen." in response.content.decode()
    target.refresh_from_db()
    assert target.role == Role.VIEWER


@pytest.mark.parametrize("pk", ["999999", "abc"])
def test_a_missing_member_is_404(client, members, pk):
    client.force_login(members["admin"])
    assert client.post(f"/organisation/members/{pk}/role/", {"role": "viewer"}).status_code == 404


def test_removing_a_member_keeps_their_account(client, members, organisation):
    client.force_login(members["admin"])
    target = membership_of(members["viewer"], organisation)
    response = client.post(reverse("members:remove", args=[target.pk]), **HTMX)
    assert response.status_code == 200
    assert not Membership.objects.filter(pk=target.pk).exists()
    members["viewer"].refresh_from_db()
    assert MemberEvent.objects.get().action == "removed"
    assert "is geen lid meer" in response.content.decode()


@pytest.mark.parametrize("htmx", [False, True])
def test_the_last_admin_cannot_be_demoted_or_removed(client, members, organisation, htmx):
    client.force_login(members["admin"])
    me = membership_of(members["admin"], organisation)
    extra = HTMX if htmx else {"follow": True}
    for url, data in [
        (reverse("members:role", args=[me.pk]), {"role": "viewer"}),
        (reverse("members:remove", args=[me.pk]), {}),
    ]:
        response = client.post(url, data, **extra)
        assert response.status_code == 200
        assert "minstens één beheerder" in response.content.decode()
    me.refresh_from_db()
    assert me.role == Role.ADMIN
    assert not MemberEvent.objects.exists()


def test_with_two_admins_one_may_step_down_and_loses_the_page(client, members, organisation):
    second = MembershipFactory(organisation=organisation, role=Role.ADMIN).user
    client.force_login(members["admin"])
    me = membership_of(members["admin"], organisation)
    response = client.post(reverse("members:role", args=[me.pk]), {"role": "manager"}, **HTMX)
    assert response.status_code == 200 and response["HX-Redirect"] == "/"
    assert client.get(LIST).status_code == 403
    with pytest.raises(services.MemberError):
        services.member_set_role(
            membership=membership_of(second, organisation), role=Role.VIEWER, actor=second
        )


def test_the_service_refuses_an_actor_who_is_no_longer_admin(members, organisation):
    target = membership_of(members["viewer"], organisation)
    with pytest.raises(PermissionDenied):
        services.member_set_role(membership=target, role=Role.ADMIN, actor=members["manager"])


def test_the_page_reads_in_a_fixed_number_of_queries(
    client, members, organisation, django_assert_num_queries
):
    client.force_login(members["admin"])
    client.get(LIST)  # warm the session

    def count():
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    small = count()
    for n in range(10):
        extra = MembershipFactory(organisation=organisation, role=Role.VIEWER)
        services.member_set_role(membership=extra, role=Role.MANAGER, actor=members["admin"])
        Invitation.objects.create(
            organisation=organisation,
            email=f"p{n}@example.nl",
            role=Role.VIEWER,
            invited_by=members["admin"],
        )
    assert count() == small


# Two admins demoting each other at once (PostgreSQL: several connections) ---------------------

needs_postgres = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database locks whole tables between threads",
)


@needs_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("action", ["demote", "remove"])
def test_two_admins_acting_on_each_other_at_once_leave_one_admin(organisation, action):
    one = MembershipFactory(organisation=organisation, role=Role.ADMIN)
    two = MembershipFactory(organisation=organisation, role=Role.ADMIN)
    barrier = threading.Barrier(2)
    outcomes, crashed = [], []
    lock = threading.Lock()

    def act(actor, target):
        try:
            barrier.wait(10)
            if action == "demote":
                services.member_set_role(membership=target, role=Role.VIEWER, actor=actor.user)
            else:
                services.member_remove(membership=target, actor=actor.user)
            outcome = "done"
        except (services.MemberError, PermissionDenied) as error:
            outcome = type(error).__name__
        except Exception as error:  # pragma: no cover - what the test must never see
            with lock:
                crashed.append(repr(error))
            return
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [
        threading.Thread(target=act, args=(one, two)),
        threading.Thread(target=act, args=(two, one)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert crashed == []
    assert len(outcomes) == 2 and outcomes.count("done") == 1
    assert Membership.objects.filter(organisation=organisation, role=Role.ADMIN).count() == 1
    assert MemberEvent.objects.filter(organisation=organisation).count() == 1
