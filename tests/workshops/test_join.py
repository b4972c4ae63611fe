"""Joining a workshop by its code: as typed on a phone, wrong, closed, twice, or as a member."""

import time

import pytest
from django.test import Client

from kpiplanner.core import ratelimit
from kpiplanner.workshops import services
from kpiplanner.workshops.access import GUEST_SESSION_KEY
from kpiplanner.workshops.models import Participant, normalise_code
from kpiplanner.workshops.views import JOIN_WINDOW, join_limit

from .conftest import join_as_guest
from .helpers import said

pytestmark = pytest.mark.django_db

NO_SUCH_CODE = "There is no workshop with this code. Check the code on the screen."
TOO_MANY = "Too many wrong codes from this address. Wait a few minutes and try again."
CLOSED = "This workshop has been closed; its code no longer works."


def wrong_code(workshop) -> str:
    """A well-formed code that is not this workshop's."""
    return "ACDEFG" if workshop.code != "ACDEFG" else "HJKMNP"


def test_a_wrong_code_gets_a_clear_message_and_nobody_joins(client, workshop):
    response = client.post("/join/", {"code": wrong_code(workshop), "name": "Anna"})
    assert response.status_code == 200
    assert said(NO_SUCH_CODE) in response.content.decode()
    assert 'value="Anna"' in response.content.decode()  # the name is kept
    assert not Participant.objects.exists()
    assert GUEST_SESSION_KEY not in client.session


def test_the_message_is_in_english_for_an_english_reader(client, workshop):
    client.cookies["django_language"] = "en"
    response = client.post("/join/", {"code": wrong_code(workshop), "name": "Anna"})
    assert response.headers["Content-Language"] == "en"
    assert NO_SUCH_CODE in response.content.decode()


def test_wrong_codes_are_rate_limited_per_address(workshop, settings):
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for _attempt in range(settings.JOIN_ATTEMPTS):
        response = guesser.post("/join/", {"code": wrong_code(workshop), "name": "Raden"})
        assert said(NO_SUCH_CODE) in response.content.decode()
    # The next try is refused, even with the right code.
    for code in (wrong_code(workshop), workshop.code):
        response = guesser.post("/join/", {"code": code, "name": "Raden"})
        assert response.status_code == 200
        assert said(TOO_MANY) in response.content.decode()
    assert not Participant.objects.exists()
    assert join_limit().count("203.0.113.7") == settings.JOIN_ATTEMPTS
    # Another address is not held up.
    other = Client(REMOTE_ADDR="203.0.113.8")
    assert other.post("/join/", {"code": workshop.code, "name": "Anna"}).status_code == 302


def test_wrong_codes_older_than_ten_minutes_no_longer_count(workshop, settings, monkeypatch):
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for _attempt in range(settings.JOIN_ATTEMPTS):
        guesser.post("/join/", {"code": wrong_code(workshop), "name": "Raden"})
    assert join_limit().exceeded("203.0.113.7")
    later = time.time() + JOIN_WINDOW
    monkeypatch.setattr(ratelimit, "clock", lambda: later)
    assert guesser.post("/join/", {"code": workshop.code, "name": "Anna"}).status_code == 302
    guesser.post("/join/", {"code": wrong_code(workshop), "name": "Anna"})
    assert join_limit().count("203.0.113.7") == 1


@pytest.mark.parametrize("proxies", [1, 2])
def test_behind_trusted_proxies_the_visitors_own_address_counts(workshop, settings, proxies):
    settings.PROXY_COUNT = proxies
    chain = "203.0.113.7" if proxies == 1 else "203.0.113.7, 10.0.0.2"
    guesser = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=chain)
    guesser.post("/join/", {"code": wrong_code(workshop), "name": "Raden"})
    assert join_limit().count("203.0.113.7") == 1
    assert join_limit().count("10.0.0.1") == 0


def test_a_right_code_does_not_count_as_an_attempt(workshop):
    for n in range(12):
        Client().post("/join/", {"code": workshop.code, "name": f"Gast {n}"})
    assert join_limit().count("127.0.0.1") == 0
    assert workshop.participants.count() == 12


@pytest.mark.parametrize(
    "typed", ["lower", "spaced", "dashed", "surrounded"], ids=lambda typed: typed
)
def test_a_code_typed_in_lower_case_or_with_spaces_is_accepted(client, workshop, typed):
    code = workshop.code
    form = {
        "lower": code.lower(),
        "spaced": f"{code[:3].lower()} {code[3:].lower()}",
        "dashed": f"{code[:3]}-{code[3:]}",
        "surrounded": f"  {code}  ",
    }[typed]
    response = client.post("/join/", {"code": form, "name": "Anna"})
    assert response.status_code == 302
    assert response.url == f"/w/{workshop.pk}/"
    assert workshop.participants.filter(name="Anna").exists()


def test_codes_are_normalised_the_way_they_are_stored():
    assert normalise_code("abc def") == "ABCDEF"
    assert normalise_code(" a-b.c\tdef ") == "ABCDEF"
    assert normalise_code("") == ""
    assert normalise_code(None) == ""
    assert len(normalise_code("x" * 1000)) == 20


def test_a_closed_workshops_code_is_refused_with_a_clear_message(client, workshop):
    services.workshop_close(workshop=workshop)
    response = client.post("/join/", {"code": workshop.code, "name": "Anna"})
    assert response.status_code == 200
    assert said(CLOSED) in response.content.decode()
    assert not workshop.participants.exists()
    assert GUEST_SESSION_KEY not in client.session


def test_the_qr_codes_link_fills_the_code_in(client, workshop):
    response = client.get(f"/join/?code={workshop.code}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-join" in page
    assert f'value="{workshop.code}"' in page


def test_markup_in_the_code_link_is_escaped(client):
    response = client.get("/join/", {"code": '"><script>alert(1)</script>'})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


def test_a_member_joins_as_themselves_without_a_guest_session(client, workshop, members):
    client.force_login(members["viewer"])
    viewer = members["viewer"]
    page = client.get("/join/").content.decode()
    assert f'value="{viewer.get_full_name() or viewer.username}"' in page  # their name offered
    response = client.post("/join/", {"code": workshop.code, "name": "Vera"})
    assert response.status_code == 302
    participant = workshop.participants.get()
    assert participant.user == members["viewer"]
    assert participant.name == "Vera"
    assert GUEST_SESSION_KEY not in client.session
    assert client.get(f"/w/{workshop.pk}/").status_code == 200


def test_a_member_joining_twice_stays_one_participant(client, workshop, members):
    client.force_login(members["manager"])
    client.post("/join/", {"code": workshop.code, "name": "Maarten"})
    client.post("/join/", {"code": workshop.code, "name": "Maarten B."})
    participant = workshop.participants.get()
    assert participant.name == "Maarten B."
    # From another device too.
    elsewhere = Client()
    elsewhere.force_login(members["manager"])
    elsewhere.post("/join/", {"code": workshop.code, "name": "Maarten B."})
    assert workshop.participants.count() == 1


def test_a_guest_joining_twice_stays_one_participant(workshop):
    guest_client, participant = join_as_guest(workshop, "Anna")
    response = guest_client.post("/join/", {"code": workshop.code, "name": "Anna"})
    assert response.status_code == 302
    assert workshop.participants.count() == 1
    assert guest_client.get(f"/w/{workshop.pk}/").context["participant"] == participant


def test_a_guest_may_join_two_workshops_and_keeps_both(workshop, strategy, members):
    other = services.workshop_create(
        strategy=strategy, by=members["admin"], title="Middag", rounds=[]
    )
    guest_client, _first = join_as_guest(workshop, "Anna")
    join_as_guest(other, "Anna", client=guest_client)
    assert guest_client.get(f"/w/{workshop.pk}/").status_code == 200
    assert guest_client.get(f"/w/{other.pk}/").status_code == 200


def test_a_member_of_another_organisation_joins_as_a_guest(client, workshop, outsider):
    client.force_login(outsider)
    assert client.post("/join/", {"code": workshop.code, "name": "Otto"}).status_code == 302
    participant = workshop.participants.get()
    assert participant.is_guest
    assert client.get(f"/w/{workshop.pk}/").status_code == 200


def test_joining_with_htmx_redirects_the_page(client, workshop):
    response = client.post(
        "/join/", {"code": workshop.code, "name": "Anna"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/w/{workshop.pk}/"


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("\u200b", "Fill in a name the others will recognise."),
        ("x" * 41, "Keep it to %(limit)s characters; this is %(length)s."),
    ],
    ids=["empty", "blank", "zero-width", "too long"],
)
def test_a_missing_or_overlong_name_is_refused(client, workshop, name, why):
    response = client.post("/join/", {"code": workshop.code, "name": name})
    assert response.status_code == 200
    page = response.content.decode()
    if "%(limit)s" in why:
        assert said(why, limit=40, length=41) in page
    else:
        assert said(why) in page
    assert not workshop.participants.exists()


def test_a_name_is_kept_to_one_line(client, workshop):
    client.post("/join/", {"code": workshop.code, "name": "  Anna \n  de   Vries "})
    assert workshop.participants.get().name == "Anna de Vries"


def test_a_workshop_closed_while_joining_gets_a_message_not_an_error(client, workshop, monkeypatch):
    """The code was checked an instant before the facilitator closed the workshop."""
    from kpiplanner.workshops import views

    checked = views._workshop_for_code

    def check_then_close(request, form):
        found = checked(request, form)
        services.workshop_close(workshop=found)
        return found

    monkeypatch.setattr(views, "_workshop_for_code", check_then_close)
    response = client.post("/join/", {"code": workshop.code, "name": "Anna"})
    assert response.status_code == 200
    assert said("This workshop has been closed.") in response.content.decode()
    assert not workshop.participants.exists()
    assert GUEST_SESSION_KEY not in client.session
