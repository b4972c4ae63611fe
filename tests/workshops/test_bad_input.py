"""Whatever people type or send: a clear message in their language, never a server error, and
what they typed is still there to correct."""

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import ngettext

from kpiplanner.workshops import services
from kpiplanner.workshops.models import Phase, Proposal, Workshop
from tests.factories import CsfFactory, GoalFactory

from .conftest import join_as_guest
from .helpers import said

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
LANGUAGES = ["nl", "en"]

ODD_UNICODE = {
    "rtl override": "\u202eKlanten blijven langer",
    "zero-width": "Klanten\u200b blijven\u200d langer",
    "emoji": "Blije klanten 😀👍🏽",
    "combining accents": "Cafe\u0301 en ree\u0308el",
    "right-to-left script": "לקוחות מרוצים",
}
JUNK = {
    "empty": "",
    "100 kB": "Klantverloop " * 7700,
    "NUL": "tekst\x00met een nul",
    "decimal comma": "12,5",
    "decimal point": "12.5",
    "huge number": "9" * 40,
    "negative": "-3",
    "not a number": "NaN",
    "odd Unicode": "\u202eKPI\u200b 😀 \ufeffé\u0301 אב",
    "markup": '<script>alert(1)</script><a href="file:///etc/passwd">x</a>',
    "foreign id": None,  # set by the test
}


def in_language(client: Client, lang: str) -> Client:
    client.cookies["django_language"] = lang
    return client


@pytest.fixture
def guest_client(workshop):
    client, _participant = join_as_guest(workshop, "Anna")
    return client


@pytest.fixture
def facilitator(members):
    client = Client()
    client.force_login(members["facilitator"])
    return client


def propose(client, workshop, text, **extra):
    return client.post(
        f"/w/{workshop.pk}/propose/", {"round": workshop.current_round_id, "text": text}, **extra
    )


# Proposing


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("text", ["", "   \n\t "], ids=["empty", "blank"])
def test_an_empty_proposal_is_refused(workshop, guest_client, text, lang):
    response = propose(in_language(guest_client, lang), workshop, text)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == lang
    assert said("This field is required.", lang) in response.content.decode()
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_proposal_of_invisible_characters_only_is_refused(workshop, guest_client, lang):
    response = propose(in_language(guest_client, lang), workshop, "\u200b\u202e\u200d")
    assert said("Write something to propose.", lang) in response.content.decode()
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_too_long_proposal_is_refused_and_kept_in_the_box(workshop, guest_client, lang, htmx):
    text = "Klanten blijven langer. " * 25  # 600 characters
    response = propose(in_language(guest_client, lang), workshop, text, **(HTMX if htmx else {}))
    assert response.status_code == 200
    page = response.content.decode()
    message = said(
        "Keep it to %(limit)s characters; this is %(length)s.", lang, limit=500, length=599
    )
    assert message in page
    assert f">{escape(text)}</textarea>" in page
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_100_kb_of_text_is_refused_and_kept_in_the_box(workshop, guest_client, lang):
    text = "Klantverloop " * 7700
    response = propose(in_language(guest_client, lang), workshop, text)
    assert response.status_code == 200
    page = response.content.decode()
    with translation.override(lang):
        message = ngettext(
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            100000,
        ) % {"limit_value": 100000, "show_value": len(text.strip())}
    assert escape(message) in page
    assert escape(text.strip()) in page or escape(text) in page
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_nul_byte_is_refused_with_a_message(workshop, guest_client, lang):
    response = propose(in_language(guest_client, lang), workshop, "tekst\x00met een nul")
    assert response.status_code == 200
    assert said("Null characters are not allowed.", lang) in response.content.decode()
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_control_characters_are_refused_with_a_message(workshop, guest_client, lang):
    response = propose(in_language(guest_client, lang), workshop, "bel\x07 en \x1b[31mrood")
    page = response.content.decode()
    assert said("Remove the invisible control characters from this text.", lang) in page
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("kind", list(ODD_UNICODE))
def test_odd_unicode_is_kept_as_typed(workshop, guest_client, kind):
    text = ODD_UNICODE[kind]
    assert propose(guest_client, workshop, text).status_code == 302
    assert Proposal.objects.get().text == text
    assert escape(text) in guest_client.get(f"/w/{workshop.pk}/").content.decode()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("round_id", ["", "abc", "999999", "1e3", "-1"])
def test_a_wrong_round_is_refused_and_the_text_kept(workshop, guest_client, round_id, lang):
    response = in_language(guest_client, lang).post(
        f"/w/{workshop.pk}/propose/", {"round": round_id, "text": "Mijn idee"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert said("The facilitator has moved on to another round.", lang) in page
    assert ">Mijn idee</textarea>" in page
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_proposing_after_it_closed_keeps_the_text(workshop, guest_client, lang):
    services.round_set_phase(workshop=workshop, phase=Phase.PAUSED)
    response = propose(in_language(guest_client, lang), workshop, "Te laat idee")
    page = response.content.decode()
    assert said("Proposing is closed for this round.", lang) in page
    assert ">Te laat idee</textarea>" in page


# Voting on ids that are not there


@pytest.mark.parametrize("lang", LANGUAGES)
def test_votes_on_a_foreign_or_missing_proposal_get_a_message(
    workshop, guest_client, strategy, members, lang
):
    _client, participant = join_as_guest(workshop, "Bram")
    services.proposal_add(participant=participant, round_id=workshop.current_round_id, text="Hier")
    services.round_set_phase(workshop=workshop, phase=Phase.VOTING)
    other = services.workshop_create(
        strategy=strategy, by=members["admin"], title="Ander", rounds=[services.RoundPlan("goals")]
    )
    _stranger_client, stranger = join_as_guest(other, "Vreemde")
    foreign = services.proposal_add(
        participant=stranger, round_id=other.current_round_id, text="Elders"
    )
    in_language(guest_client, lang)
    for proposal_id in (foreign.pk, 999999, 0):
        for action in ({}, {"action": "take-back"}):
            response = guest_client.post(
                f"/w/{workshop.pk}/proposals/{proposal_id}/vote/", action, follow=True
            )
            assert response.status_code == 200
            assert said("This proposal is no longer there.", lang) in response.content.decode()
            response = guest_client.post(
                f"/w/{workshop.pk}/proposals/{proposal_id}/vote/", action, **HTMX
            )
            assert response.status_code == 200
            assert "workshop-message" in response["HX-Trigger"]
    assert not foreign.votes.exists()


def test_a_non_numeric_or_odd_proposal_id_is_404(workshop, guest_client, facilitator):
    for proposal_id in ("abc", "1.5", "-1", "%00", "١٢"):
        assert guest_client.post(f"/w/{workshop.pk}/proposals/{proposal_id}/vote/").status_code == (
            404
        )
        for action in ("edit", "hide", "promote"):
            url = f"/workshops/{workshop.pk}/proposals/{proposal_id}/{action}/"
            assert facilitator.post(url).status_code == 404, url


@pytest.mark.parametrize("workshop_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_a_missing_or_malformed_workshop_is_404(guest_client, facilitator, workshop_id):
    for url in (f"/w/{workshop_id}/", f"/w/{workshop_id}/live/?rev=1&who=p1&t=x"):
        assert guest_client.get(url).status_code == 404
    for url in (f"/workshops/{workshop_id}/control/", f"/workshops/{workshop_id}/summary.csv"):
        assert facilitator.get(url).status_code == 404


# The facilitator's forms


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("lang", "minutes"),
    [
        ("nl", "2.5"),
        ("nl", "2,5"),
        ("en", "2,5"),
        ("en", "2.5"),
        ("nl", ""),
        ("nl", "0"),
        ("en", "100"),
        ("nl", "-1"),
        ("nl", "9" * 40),
        ("en", "vijf"),
        ("nl", "٥"),
    ],
)
def test_timer_minutes_that_are_not_whole_minutes_get_a_message(
    workshop, facilitator, lang, minutes, htmx
):
    in_language(facilitator, lang)
    url = f"/workshops/{workshop.pk}/timer/start/"
    if htmx:
        response = facilitator.post(url, {"minutes": minutes}, **HTMX)
    else:
        response = facilitator.post(url, {"minutes": minutes}, follow=True)
    assert response.status_code == 200
    message = said("Give the timer between 1 and 99 minutes.", lang)
    if minutes == "٥":  # Arabic-Indic five: Python reads it as 5, which is fine
        assert message not in response.content.decode()
        return
    assert message in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.timer_seconds_left() is None


def test_an_unknown_timer_or_control_action_is_refused(workshop, facilitator):
    response = facilitator.post(f"/workshops/{workshop.pk}/timer/explode/", follow=True)
    assert said("The timer cannot do that now.") in response.content.decode()
    assert facilitator.post(f"/workshops/{workshop.pk}/control/explode/").status_code == 404
    assert facilitator.post(f"/workshops/{workshop.pk}/proposals/1/explode/").status_code == 404


@pytest.mark.parametrize("lang", LANGUAGES)
def test_merging_into_junk_gets_a_message(workshop, guest_client, facilitator, lang):
    propose(guest_client, workshop, "Eén")
    proposal = Proposal.objects.get()
    in_language(facilitator, lang)
    url = f"/workshops/{workshop.pk}/proposals/{proposal.pk}/merge/"
    for into in ("", "abc", "1.5", "١", "-1"):
        response = facilitator.post(url, {"into": into}, follow=True)
        assert said("Choose the proposal to merge this one into.", lang) in (
            response.content.decode()
        ), into
    for into in (str(proposal.pk), "999999"):
        response = facilitator.post(url, {"into": into}, follow=True)
        assert response.status_code == 200
    assert Proposal.objects.get().merged_into is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_editing_a_proposal_to_junk_keeps_the_text_and_says_why(
    workshop, guest_client, facilitator, lang
):
    propose(guest_client, workshop, "Eén")
    proposal = Proposal.objects.get()
    url = f"/workshops/{workshop.pk}/proposals/{proposal.pk}/edit/"
    in_language(facilitator, lang)
    long_text = "lang " * 200
    response = facilitator.post(url, {"text": long_text})
    assert response.status_code == 200
    page = response.content.decode()
    length = len(long_text.strip())
    assert (
        said("Keep it to %(limit)s characters; this is %(length)s.", lang, limit=500, length=length)
        in page
    )
    assert escape(long_text.strip()) in page
    response = facilitator.post(url, {"text": "\u200b"})
    assert said("A proposal cannot be empty; hide it instead.", lang) in response.content.decode()
    assert Proposal.objects.get().text == "Eén"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_new_workshop_with_impossible_vote_settings_says_why(client, members, strategy, lang):
    client.force_login(members["facilitator"])
    in_language(client, lang)
    url = f"/workshops/new/{strategy.pk}/"
    response = client.post(
        url, {"title": "Sessie", "dots_per_person": "3", "max_per_item": "5", "round_1": "goals"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert said("This cannot be more than the votes each person has.", lang) in page
    assert 'value="Sessie"' in page
    response = client.post(url, {"title": "Sessie", "dots_per_person": "5", "max_per_item": "3"})
    assert said("Choose at least one round.", lang) in response.content.decode()
    assert not Workshop.objects.exists()


def test_a_round_under_another_organisations_goal_is_refused(
    client, members, strategy, other_organisation
):
    from tests.factories import StrategyFactory

    foreign_goal = GoalFactory(strategy=StrategyFactory(organisation=other_organisation))
    client.force_login(members["facilitator"])
    response = client.post(
        f"/workshops/new/{strategy.pk}/",
        {
            "title": "Sessie",
            "dots_per_person": "5",
            "max_per_item": "3",
            "round_1": "csfs",
            "round_1_under": f"goal:{foreign_goal.pk}",
        },
    )
    assert response.status_code == 200
    assert not Workshop.objects.exists()


def junk_fields(workshop, proposal) -> list[tuple[Client | str, str, set[str]]]:
    """(who, url, field names) of every form in workshop mode."""
    base, w = f"/workshops/{workshop.pk}", f"/w/{workshop.pk}"
    p = proposal.pk
    return [
        ("anonymous", "/join/", {"code", "name"}),
        ("guest", f"{w}/propose/", {"round", "text"}),
        ("guest", f"{w}/proposals/{p}/vote/", {"action"}),
        ("guest", f"{w}/done/", {"done"}),
        ("guest", f"{w}/feedback/", {"text"}),
        (
            "facilitator",
            f"/workshops/new/{workshop.strategy_id}/",
            {"title", "dots_per_person", "max_per_item", "votes_hidden", "proposals_live"}
            | {"anonymous"}
            | {f"round_{n}" for n in range(1, 5)}
            | {f"round_{n}_under" for n in range(1, 5)},
        ),
        ("facilitator", f"{base}/timer/start/", {"minutes"}),
        ("facilitator", f"{base}/timer/add/", {"minutes"}),
        ("facilitator", f"{base}/rounds/", {"kind", "under"}),
        ("facilitator", f"{base}/rounds/{workshop.current_round_id}/under/", {"kind", "under"}),
        ("facilitator", f"{base}/proposals/{p}/edit/", {"text"}),
        ("facilitator", f"{base}/proposals/{p}/merge/", {"into"}),
        ("facilitator", f"{base}/proposals/{p}/promote/", {"perspective"}),
    ]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_junk_in_every_field_never_gives_a_server_error(
    workshop, members, strategy, other_organisation, lang, htmx
):
    goal = GoalFactory(strategy=strategy)
    CsfFactory(goal=goal)
    guest, participant = join_as_guest(workshop, "Anna")
    proposal = services.proposal_add(
        participant=participant, round_id=workshop.current_round_id, text="Eén"
    )
    facilitator = Client()
    facilitator.force_login(members["facilitator"])
    clients = {"anonymous": Client(), "guest": guest, "facilitator": facilitator}
    for client in clients.values():
        in_language(client, lang)
    foreign = CsfFactory(goal=GoalFactory(strategy__organisation=other_organisation))
    junk = {**JUNK, "foreign id": f"csf:{foreign.pk}"}
    for who, url, fields in junk_fields(workshop, proposal):
        for kind, value in junk.items():
            response = clients[who].post(
                url, dict.fromkeys(fields, value), **(HTMX if htmx else {})
            )
            assert response.status_code < 500, (url, kind)
            assert response.status_code != 404, (url, kind)
            assert response.headers.get("Content-Language", lang) == lang, (url, kind)
    assert not Workshop.objects.exclude(pk=workshop.pk).exists()
    assert Proposal.objects.filter(pk=proposal.pk).exists()
