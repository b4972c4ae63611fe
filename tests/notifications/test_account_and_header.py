"""The account page's switch for the notification e-mails, and the header's count of what
waits for the signed-in member (with what it costs)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import KpiStatus
from kpiplanner.accounts.models import Profile
from tests.conftest import ROLES
from tests.factories import CsfFactory, GoalFactory, KpiFactory, StrategyFactory

URL = "/accounts/notifications/"


def wants_mail(user) -> bool:
    return Profile.objects.filter(user=user).values_list("email_notifications", flat=True).first()


# --- the account setting ----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_member_turns_their_own_mails_off_and_on(client, members, role):
    user = members[role]
    client.force_login(user)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "data-notifications-form" in page and 'name="email_notifications"' in page
    assert "checked" in page.split("data-notifications-form")[1].split("</form>")[0]
    response = client.post(URL, {})
    assert response.status_code == 302 and response.url == reverse("accounts:account")
    assert wants_mail(user) is False
    page = client.get(response.url).content.decode()
    assert "Je krijgt geen mails over wat op je wacht." in page
    assert "checked" not in page.split("data-notifications-form")[1].split("</form>")[0]
    client.post(URL, {"email_notifications": "on"})
    assert wants_mail(user) is True
    # Nobody else's setting moved.
    others = [u for r, u in members.items() if r != role]
    assert not Profile.objects.filter(user__in=others, email_notifications=False).exists()


def test_htmx_answers_with_the_section_only(client, members):
    client.force_login(members["viewer"])
    response = client.post(URL, {}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="card card-body mb-4" id="notifications">')
    assert "<html" not in html and "Je krijgt geen mails" in html
    assert wants_mail(members["viewer"]) is False
    response = client.post(URL, {"email_notifications": "on"}, HTTP_HX_REQUEST="true")
    assert "Je krijgt een mail als er iets op je wacht" in response.content.decode()
    assert response["Vary"].count("HX-Request") == 1


def test_bad_input_is_no_error(client, members):
    client.force_login(members["manager"])
    assert client.post(URL, {"email_notifications": ["x" * 5000, "y"]}).status_code == 302
    assert wants_mail(members["manager"]) is True
    client.cookies["django_language"] = "en"
    response = client.post(URL, {"email_notifications": "false"}, HTTP_HX_REQUEST="true")
    assert "You get no e-mails about what waits for you." in response.content.decode()


def test_anonymous_goes_to_the_login_and_a_guest_finds_nothing(client, strategy, members):
    from kpiplanner.workshops.models import RoundKind
    from kpiplanner.workshops.services import RoundPlan, workshop_create
    from tests.workshops.conftest import join_as_guest

    workshop = workshop_create(
        strategy=strategy,
        by=members["facilitator"],
        title="Sessie",
        rounds=[RoundPlan(RoundKind.GOALS)],
        dots_per_person=3,
        max_per_item=2,
    )
    guest, _participant = join_as_guest(workshop)
    response = client.post(URL, {})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    # A workshop guest is kept to the workshop's pages.
    assert guest.post(URL, {}).status_code == 404
    assert not Profile.objects.exists()


def test_only_post(client, members):
    client.force_login(members["viewer"])
    assert client.get(URL).status_code == 405


# --- the header count -------------------------------------------------------------------


def tree(strategy, statuses, owner=None):
    csf = CsfFactory(goal=GoalFactory(strategy=strategy))
    return [KpiFactory(csf=csf, status=status, owner=owner) for status in statuses]


def badge(client, url="/"):
    html = client.get(url).content.decode()
    if "data-waiting-count" not in html:
        return 0
    return int(html.split('data-waiting-count="')[1].split('"')[0])


def test_the_header_counts_what_waits_for_each_role(client, members, strategy, other_organisation):
    tree(strategy, [KpiStatus.PROPOSED, KpiStatus.PROPOSED, KpiStatus.REJECTED, KpiStatus.DRAFT])
    removal = tree(strategy, [KpiStatus.APPROVED])[0]
    removal.removal_requested_at = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    removal.removal_requested_by = members["facilitator"]
    removal.save()
    # Another organisation's work is never counted.
    tree(StrategyFactory(organisation=other_organisation), [KpiStatus.PROPOSED] * 3)
    expected = {"manager": 3, "admin": 4, "facilitator": 1, "participant": 0, "viewer": 0}
    for role, count in expected.items():
        client.force_login(members[role])
        assert badge(client) == count, role


def test_the_header_counts_the_values_an_owner_owes(client, members, strategy):
    from django.utils import timezone

    from indicators.due import count_to_enter, owned_kpis

    owner = members["participant"]
    tree(strategy, [KpiStatus.APPROVED, KpiStatus.APPROVED], owner=owner)
    expected = count_to_enter(owned_kpis(owner, [strategy.organisation_id]), timezone.localdate())
    assert expected.total >= 1
    client.force_login(owner)
    assert badge(client) == expected.total
    # The same number on "Voor mij", which lists them.
    html = client.get(reverse("reviews:inbox")).content.decode()
    assert f'data-values-to-enter="{expected.total}"' in html
    assert "Voor mij: " in html  # the badge's label for screen readers


def test_no_badge_when_nothing_waits_and_none_signed_out(client, members, strategy):
    # Approvers and editors always have the link; others only while something waits.
    for role in ("admin", "manager", "facilitator"):
        client.force_login(members[role])
        html = client.get("/").content.decode()
        assert 'data-nav="for-me"' in html and "data-waiting-count" not in html
    for role in ("participant", "viewer"):
        client.force_login(members[role])
        assert 'data-nav="for-me"' not in client.get("/").content.decode()
    client.logout()
    assert 'data-nav="for-me"' not in client.get(reverse("accounts:login")).content.decode()


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["admin", "participant"])
def test_the_count_costs_the_same_few_queries_whatever_the_data(client, members, strategy, role):
    client.force_login(members[role])
    url = reverse("accounts:account")  # a page that reads nothing of the tree itself
    queries_of(client, url)  # warm up (sessions, site caches)
    tree(strategy, [KpiStatus.PROPOSED, KpiStatus.APPROVED], owner=members[role])
    small = queries_of(client, url)
    for _ in range(5):
        tree(
            strategy,
            [KpiStatus.PROPOSED, KpiStatus.REJECTED] + [KpiStatus.APPROVED] * 4,
            owner=members[role],
        )
    assert queries_of(client, url) == small
    # The count is at most three of them: the decisions, the owned KPIs, their values.
    from django.conf import settings
    from django.test import override_settings

    processors = settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
    without = [p for p in processors if not p.endswith("waiting_for_me")]
    templates = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"], "context_processors": without},
        }
    ]
    with override_settings(TEMPLATES=templates):
        bare = queries_of(client, url)
    assert 1 <= small - bare <= 3


def test_htmx_partials_do_not_count(client, members, strategy):
    tree(strategy, [KpiStatus.PROPOSED])
    client.force_login(members["manager"])
    with CaptureQueriesContext(connection) as queries:
        client.post(URL, {}, HTTP_HX_REQUEST="true")
    assert not any('"indicators_kpi"' in q["sql"] for q in queries.captured_queries)
