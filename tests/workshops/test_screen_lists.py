"""The projector's and the control screen's proposal lists: rendered once per list revision (the
projector's shared by every projector, the control screen's per facilitator), kept on a screen
that holds it (an empty placeholder it fills itself), and the vote counts sent as data."""

import json
import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.test import Client

from kpiplanner.workshops import services
from kpiplanner.workshops.models import Phase

from .test_live_list import HTMX, fresh, held, voting_room

pytestmark = pytest.mark.django_db

SCREENS = {
    "projector": "/workshops/{pk}/screen/live/",
    "control": "/workshops/{pk}/control/live/",
}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def facilitator(members):
    client = Client()
    client.force_login(members["facilitator"])
    return client


@pytest.fixture
def admin(members):
    client = Client()
    client.force_login(members["admin"])
    return client


def sent_counts(body: str) -> dict:
    found = re.search(r'id="ws-counts"[^>]*data-counts="([^"]*)"', body)
    return json.loads(found[1].replace("&quot;", '"')) if found else {}


def expected_counts(made, people: int) -> dict:
    return dict(Counter(str(made[n % len(made)].pk) for n in range(people)))


@pytest.mark.parametrize(("proposals", "people"), [(3, 2), (40, 12)], ids=["small", "large"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_screen_that_holds_its_list_gets_a_placeholder_and_the_counts(
    workshop, facilitator, django_assert_num_queries, screen, proposals, people
):
    _guests, made = voting_room(workshop, proposals=proposals, people=people)
    url = SCREENS[screen].format(pk=workshop.pk)
    facilitator.get(url, headers=HTMX)  # renders the list once, reads the counts once
    headers = {**HTMX, **held(workshop)}
    # The session, the user, the memberships, the workshop, the participant counts; the control
    # screen also reads its rounds and who joined with their votes.
    expected = {"projector": 5, "control": 7}[screen]
    with django_assert_num_queries(expected):
        response = facilitator.get(url, headers=headers)
    body = response.content.decode()
    assert response.status_code == 200
    assert "data-proposal-id" not in body
    revision = fresh(workshop).list_revision
    assert f'id="ws-list-{revision}" data-shared-list="{revision}" hx-preserve="true" ' in body
    assert "data-placeholder" in body
    assert sent_counts(body) == expected_counts(made, people)


def test_every_projector_shares_one_rendering_of_the_list(
    workshop, facilitator, admin, django_assert_num_queries
):
    voting_room(workshop, proposals=30, people=4)
    url = SCREENS["projector"].format(pk=workshop.pk)
    first = facilitator.get(url, headers=HTMX).content.decode()
    with django_assert_num_queries(5):  # no proposal (nor count) is read again
        second = admin.get(url, headers=HTMX).content.decode()
    rows = re.findall(r'data-proposal-id="(\d+)"', first)
    assert len(rows) == 30
    assert re.findall(r'data-proposal-id="(\d+)"', second) == rows


def test_the_control_screens_rows_are_each_facilitators_own(workshop, facilitator, members):
    """Their forms carry the person's CSRF token: another facilitator gets a rendering of their
    own, and the plain POST of a form from it passes the CSRF check."""
    _guests, made = voting_room(workshop, proposals=3, people=2)
    url = SCREENS["control"].format(pk=workshop.pk)
    facilitator.get(url, headers=HTMX)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(members["admin"])
    body = strict.get(url, headers=HTMX).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1]
    hide = f"/workshops/{workshop.pk}/proposals/{made[0].pk}/hide/"
    assert hide in body
    response = strict.post(hide, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    made[0].refresh_from_db()
    assert made[0].hidden


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_vote_keeps_the_list_and_updates_the_counts(workshop, facilitator, screen):
    guests, made = voting_room(workshop, proposals=3, people=2)
    url = SCREENS[screen].format(pk=workshop.pk)
    facilitator.get(url, headers=HTMX)
    holding = held(workshop)
    services.vote_cast(participant=guests[0][1], proposal_id=made[2].pk)
    body = facilitator.get(url, headers={**HTMX, **holding}).content.decode()
    assert "data-placeholder" in body  # the list it holds is still current
    assert sent_counts(body)[str(made[2].pk)] == 1


@pytest.mark.parametrize("screen", list(SCREENS))
def test_an_edited_proposal_or_a_phase_sends_the_list_anew(workshop, facilitator, screen):
    _guests, made = voting_room(workshop, proposals=3, people=2)
    url = SCREENS[screen].format(pk=workshop.pk)
    facilitator.get(url, headers=HTMX)
    holding = held(workshop)
    services.proposal_edit(workshop=workshop, proposal_id=made[0].pk, text="Nul, herschreven")
    body = facilitator.get(url, headers={**HTMX, **holding}).content.decode()
    assert "data-placeholder" not in body
    assert "Nul, herschreven" in body
    holding = held(workshop)
    services.round_set_phase(workshop=workshop, phase=Phase.REVEALED)
    body = facilitator.get(url, headers={**HTMX, **holding}).content.decode()
    assert "data-placeholder" not in body
    assert body.count("data-proposal-id") == 3


def test_a_promotion_sends_the_control_rows_anew(workshop, facilitator):
    _guests, made = voting_room(workshop, proposals=3, people=2)
    url = SCREENS["control"].format(pk=workshop.pk)
    facilitator.get(url, headers=HTMX)
    holding = held(workshop)
    services.proposal_promote(workshop=workshop, proposal_id=made[1].pk)
    body = facilitator.get(url, headers={**HTMX, **holding}).content.decode()
    assert "data-placeholder" not in body
    assert "data-promoted" in body


def test_joining_or_being_done_keeps_the_lists(workshop, facilitator):
    guests, _made = voting_room(workshop, proposals=3, people=2)
    before = fresh(workshop)
    services.participant_set_done(participant=guests[0][1], done=True)
    join_as_guest_name = "Laatkomer"
    services.participant_join(workshop=workshop, name=join_as_guest_name)
    after = fresh(workshop)
    assert after.list_revision == before.list_revision
    assert after.revision == before.revision + 2
    body = facilitator.get(
        SCREENS["control"].format(pk=workshop.pk), headers={**HTMX, **held(workshop)}
    ).content.decode()
    assert "data-placeholder" in body
    assert join_as_guest_name in body  # who joined is outside the list


def test_hidden_votes_send_no_counts_to_the_projector(workshop, facilitator):
    voting_room(workshop, proposals=3, people=2, hidden=True)
    url = SCREENS["projector"].format(pk=workshop.pk)
    body = facilitator.get(url, headers=HTMX).content.decode()
    assert "data-counts" not in body
    assert "data-votes" not in body
    # The control screen sees them.
    control = facilitator.get(SCREENS["control"].format(pk=workshop.pk), headers=HTMX)
    assert sent_counts(control.content.decode())


def test_the_plain_projector_page_shows_the_counts_in_its_rows(workshop, facilitator):
    _guests, made = voting_room(workshop, proposals=3, people=2)
    body = facilitator.get(f"/workshops/{workshop.pk}/screen/").content.decode()
    assert "data-counts" not in body
    row = re.search(rf'data-proposal-id="{made[0].pk}">.*?data-votes>(\d+)<', body, re.S)
    assert row[1] == "1"
