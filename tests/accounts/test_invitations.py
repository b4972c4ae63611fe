"""Invitations: the mail (in the recipient's language, through the task queue), accepting as a
new or an existing user, and links that are expired, reused, forged, withdrawn or aimed at
another organisation."""

import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from kpiplanner.accounts import services
from kpiplanner.accounts.models import Invitation, MemberEvent, Membership, Profile, Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_ACCOUNT = {
    "first_name": "Noor",
    "last_name": "Jansen",
    "username": "noor",
    "password1": "Lange-zin-voor-Noor",
    "password2": "Lange-zin-voor-Noor",
}


@pytest.fixture
def invite(client, members, django_capture_on_commit_callbacks):
    """Invite through the page as the admin; the link from the mail."""

    def send(email="noor@example.nl", role="manager", language="nl"):
        client.force_login(members["admin"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("members:invite"), {"email": email, "role": role, "language": language}
            )
        assert response.status_code == 302, response.content.decode()[:2000]
        client.logout()
        message = mail.outbox[-1]
        link = re.search(r"http://testserver(/accounts/invitation/\S+/)", message.body).group(1)
        return message, link

    return send


def test_the_invitation_mail_goes_out_in_the_chosen_language(invite):
    message, _link = invite(language="en")
    assert message.to == ["noor@example.nl"]
    assert message.subject == "Invitation to join Energie Noord in KPI Planner"
    assert "as manager" in message.body and "7 days, once" in message.body
    message, _link = invite(email="piet@example.nl", language="nl")
    assert message.subject == "Uitnodiging voor Energie Noord in KPI Planner"


def test_an_existing_user_gets_it_in_their_own_language(invite):
    known = UserFactory(username="kees", email="kees@example.nl")
    Profile.objects.create(user=known, language="en")
    message, _link = invite(email="Kees@Example.nl", language="nl")
    assert "You already have an account (kees)" in message.body


def test_a_new_person_makes_an_account_and_joins(client, invite, organisation):
    _message, link = invite()
    page = client.get(link)
    assert page.status_code == 200 and "Word lid van Energie Noord" in page.content.decode()
    # Worded as on the password reset page, not Django's "Bevestiging wachtwoord".
    assert "Wachtwoord bevestigen" in page.content.decode()
    assert "Bevestiging wachtwoord" not in page.content.decode()
    response = client.post(link, NEW_ACCOUNT)
    assert response.status_code == 302 and response.url == "/"
    membership = Membership.objects.get(user__username="noor")
    assert (membership.organisation, membership.role) == (organisation, Role.MANAGER)
    assert membership.user.email == "noor@example.nl"
    assert client.get("/").wsgi_request.user.username == "noor"  # signed in
    assert [e.action for e in MemberEvent.objects.order_by("created_at", "id")] == [
        "invited",
        "joined",
    ]


def test_a_weak_password_is_refused_with_the_typed_name_kept(client, invite):
    _message, link = invite()
    response = client.post(link, NEW_ACCOUNT | {"password1": "kort", "password2": "kort"})
    html = response.content.decode()
    assert response.status_code == 200 and "Dit wachtwoord is te kort" in html
    assert 'value="Noor"' in html
    assert not Membership.objects.filter(user__username="noor").exists()


def test_an_existing_user_accepts_into_this_organisation(
    client, invite, organisation, other_organisation
):
    known = MembershipFactory(organisation=other_organisation, role=Role.ADMIN).user
    _message, link = invite(email=known.email or "k@example.nl", role="viewer")
    client.force_login(known)
    assert "Uitnodiging aannemen" in client.get(link).content.decode()
    response = client.post(link)
    assert response.status_code == 302
    assert Membership.objects.get(user=known, organisation=organisation).role == Role.VIEWER
    # …and keeps their own organisation as it was.
    assert Membership.objects.get(user=known, organisation=other_organisation).role == Role.ADMIN


def test_a_link_works_once(client, invite):
    _message, link = invite()
    assert client.post(link, NEW_ACCOUNT).status_code == 302
    client.logout()
    for method in (client.get, client.post):
        response = method(link, NEW_ACCOUNT | {"username": "tweede"})
        assert response.status_code == 410
        assert "Deze uitnodiging is al gebruikt" in response.content.decode()
    assert not Membership.objects.filter(user__username="tweede").exists()


def test_an_expired_link_is_refused(client, invite, settings):
    _message, link = invite()
    settings.INVITATION_MAX_AGE = -1
    response = client.post(link, NEW_ACCOUNT)
    assert response.status_code == 410
    assert "Deze uitnodiging is verlopen" in response.content.decode()
    assert not Membership.objects.filter(user__username="noor").exists()


def test_a_withdrawn_invitation_no_longer_works(client, invite, members):
    _message, link = invite()
    invitation = Invitation.objects.get()
    client.force_login(members["admin"])
    assert client.post(reverse("members:withdraw", args=[invitation.pk])).status_code == 302
    client.logout()
    response = client.get(link)
    assert response.status_code == 410 and "ingetrokken" in response.content.decode()


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"),
        lambda token: "x" + token,
        lambda token: signing.dumps({"i": 1, "o": 1}, salt="other-salt"),
        lambda token: signing.dumps(
            {"i": 1, "o": 1}, key="not-our-secret", salt=services.INVITATION_SALT
        ),
        lambda token: "nonsense",
    ],
)
def test_a_forged_link_is_404(client, invite, mangle):
    _message, link = invite()
    token = link.rstrip("/").rsplit("/", 1)[1]
    url = reverse("accounts:invitation_accept", args=[mangle(token)])
    assert client.get(url).status_code == 404
    assert client.post(url, NEW_ACCOUNT).status_code == 404
    assert not Membership.objects.filter(user__username="noor").exists()


def test_a_link_naming_another_organisation_is_404(client, invite, other_organisation):
    """A token whose organisation does not match its invitation's (as only a leaked key could
    make) is refused, so a link can never add anyone to an organisation it was not sent for."""
    _message, _link = invite()
    invitation = Invitation.objects.get()
    token = signing.dumps(
        {"i": invitation.pk, "o": other_organisation.pk}, salt=services.INVITATION_SALT
    )
    url = reverse("accounts:invitation_accept", args=[token])
    assert client.post(url, NEW_ACCOUNT).status_code == 404
    assert not Membership.objects.filter(organisation=other_organisation).exists()


def test_another_organisations_admin_cannot_withdraw_it(client, invite, other_organisation):
    invite()
    invitation = Invitation.objects.get()
    client.force_login(MembershipFactory(organisation=other_organisation, role=Role.ADMIN).user)
    assert client.post(reverse("members:withdraw", args=[invitation.pk])).status_code == 404
    assert Invitation.objects.filter(pk=invitation.pk).exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_inviting_a_member_again_or_a_bad_address_is_refused_in_words(client, members, htmx):
    client.force_login(members["admin"])
    members["viewer"].email = "viewer@example.nl"
    members["viewer"].save()
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(
        reverse("members:invite"),
        {"email": "VIEWER@example.nl", "role": "viewer", "language": "nl"},
        **extra,
    )
    assert response.status_code == 200
    assert "is al lid van Energie Noord" in response.content.decode()
    response = client.post(
        reverse("members:invite"),
        {"email": "geen adres", "role": "baas", "language": "xx"},
        **extra,
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'value="geen adres"' in html
    assert not Invitation.objects.exists()


def test_an_htmx_invitation_answers_with_the_panel_listing_it(
    client, members, django_capture_on_commit_callbacks
):
    client.force_login(members["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:invite"),
            {"email": "sam@example.nl", "role": "participant", "language": "nl"},
            HTTP_HX_REQUEST="true",
        )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "sam@example.nl" in html and "Er is een uitnodiging onderweg" in html
    assert len(mail.outbox) == 1


def test_inviting_again_sends_a_new_link_and_the_old_one_stops(client, invite):
    _message, first = invite()
    _message, second = invite(email="NOOR@example.nl")
    assert Invitation.objects.count() == 1
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_a_workshop_guest_in_the_same_browser_can_open_the_link(client, invite, strategy, members):
    from kpiplanner.workshops.models import RoundKind
    from kpiplanner.workshops.services import RoundPlan, workshop_create

    _message, link = invite()
    workshop = workshop_create(
        strategy=strategy,
        by=members["facilitator"],
        title="Sessie",
        rounds=[RoundPlan(RoundKind.GOALS)],
    )
    assert client.post("/join/", {"code": workshop.code, "name": "Noor"}).status_code == 302
    assert client.get(link).status_code == 200
    assert client.get(reverse("accounts:password_reset")).status_code == 200
    assert client.get(reverse("members:list")).status_code == 404
