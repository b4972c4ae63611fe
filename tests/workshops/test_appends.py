"""New proposals reach a phone as rows appended to the list it holds, not the list whole."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache

from kpiplanner.workshops import services
from kpiplanner.workshops.live import poll_token
from kpiplanner.workshops.models import Phase, Workshop

from .conftest import fresh, join_as_guest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

HTMX = {"HX-Request": "true"}


def propose(participant, workshop, text):
    return services.proposal_add(
        participant=participant, round_id=workshop.current_round_id, text=text
    )


def poll_url(workshop, participant, rev):
    who = f"p{participant.pk}"
    return f"/w/{workshop.pk}/live/?rev={rev}&who={who}&t={poll_token(workshop.pk, who)}"


@pytest.fixture
def room(workshop):
    """Anna holds the list with one proposal on it; then Bram and Carla propose."""
    anna, bram, carla = (join_as_guest(workshop, name) for name in ("Anna", "Bram", "Carla"))
    propose(anna[1], workshop, "Eerste")
    held = fresh(workshop)
    propose(bram[1], workshop, "Tweede")
    propose(carla[1], workshop, "Derde <script>")
    return anna, held


def appended(body: str) -> re.Match | None:
    return re.search(r'data-append-from="(\d+)" data-append-to="(\d+)"', body)


def test_a_proposal_is_listed_at_its_own_list_revision_and_moves_no_base(workshop, guest):
    _client, participant = guest
    before = fresh(workshop)
    first = propose(participant, workshop, "Eén")
    second = propose(participant, workshop, "Twee")
    first.refresh_from_db()
    second.refresh_from_db()
    after = fresh(workshop)
    assert (first.listed_revision, second.listed_revision) == (
        before.list_revision + 1,
        before.list_revision + 2,
    )
    assert after.list_revision == second.listed_revision
    assert after.list_base_revision == before.list_base_revision


@pytest.mark.parametrize("change", ["edit", "hide", "phase", "timer", "round"])
def test_any_other_list_change_moves_the_base_up_to_it(workshop, guest, change):
    _client, participant = guest
    proposal = propose(participant, workshop, "Eén")
    if change == "edit":
        services.proposal_edit(workshop=workshop, proposal_id=proposal.pk, text="Eén, beter")
    elif change == "hide":
        services.proposal_set_hidden(workshop=workshop, proposal_id=proposal.pk, hidden=True)
    elif change == "phase":
        services.round_set_phase(workshop=workshop, phase=Phase.VOTING)
    elif change == "timer":
        services.timer_control(workshop=workshop, action="start", seconds=60)
    else:
        services.round_move(workshop=fresh(workshop), step=1)
    now = fresh(workshop)
    proposal.refresh_from_db()
    assert now.list_base_revision == now.list_revision > proposal.listed_revision


def test_a_poll_gets_the_new_rows_out_of_band_before_the_session_is_read(
    workshop, room, django_assert_num_queries
):
    (client, participant), held = room
    url = poll_url(workshop, participant, held.content_revision)
    headers = {**HTMX, "X-Workshop-List": str(held.list_revision)}
    # The workshop, the number listed before, the new rows: no session, user or participant.
    with django_assert_num_queries(3):
        response = client.get(url, headers=headers)
    body = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Reswap"] == "none"
    assert response["Cache-Control"] == "no-store"
    now = fresh(workshop)
    assert appended(body).groups() == (str(held.list_revision), str(now.list_revision))
    assert 'hx-swap-oob="beforeend:#ws-rows"' in body
    assert body.count("data-proposal-id") == 2
    assert body.index("Tweede") < body.index("Derde")
    assert "Derde &lt;script&gt;" in body and "<script>" not in body
    assert "Eerste" not in body  # the phone has it
    assert re.search(r'<h2 id="ws-list-count"[^>]*hx-swap-oob="true">3 voorstellen</h2>', body)
    assert f'id="ws-counts" hx-swap-oob="true" hidden data-revision="{now.content_revision}"' in (
        body
    )
    assert "data-live" not in body and "data-counts" not in body  # counts hidden while proposing
    # The rows are the same for every phone: a second one gets them from the cache.
    with django_assert_num_queries(1):
        again = client.get(url, headers=headers)
    assert again.content == response.content


def test_the_rows_kept_are_extended_and_read_anew_for_a_list_further_behind(workshop, room):
    (client, participant), held = room
    first = workshop.rounds.get(order=1).proposals.get(text="Eerste")
    url = poll_url(workshop, participant, held.content_revision)
    client.get(url, headers={**HTMX, "X-Workshop-List": str(held.list_revision)})
    propose(participant, workshop, "Vierde")
    # Further on: the rows kept so far and the new one.
    body = client.get(url, headers={**HTMX, "X-Workshop-List": str(held.list_revision)})
    body = body.content.decode()
    assert [t for t in ("Tweede", "Derde", "Vierde") if t in body] == ["Tweede", "Derde", "Vierde"]
    assert ">4 voorstellen</h2>" in body
    # Further behind than the rows kept (before "Eerste"): read anew from there.
    body = client.get(url, headers={**HTMX, "X-Workshop-List": str(held.list_revision - 1)})
    body = body.content.decode()
    assert f'data-proposal-id="{first.pk}"' in body and body.count("data-proposal-id") == 4
    assert ">4 voorstellen</h2>" in body
    # Without a cache every answer reads what it needs, and says the same.
    cache.clear()
    again = client.get(url, headers={**HTMX, "X-Workshop-List": str(held.list_revision - 1)})
    assert again.content.decode() == body


def test_a_proposal_made_in_a_round_just_left_is_not_appended(workshop, room):
    """Proposing does not lock the workshop until it is listed: one made as the round moves on
    is listed after the move, in the round left, and stays off the new round's list."""
    (client, participant), _held = room
    services.round_move(workshop=fresh(workshop), step=1)
    now = fresh(workshop)
    left = workshop.rounds.get(order=1)
    # The late proposal: in the round left, listed now (as proposal_add does).
    Workshop.objects.filter(pk=workshop.pk).update(
        list_revision=now.list_revision + 1, content_revision=now.content_revision + 1
    )
    left.proposals.create(text="Te laat", author=participant, listed_revision=now.list_revision + 1)
    response = client.get(
        poll_url(workshop, participant, now.content_revision),
        headers={**HTMX, "X-Workshop-List": str(now.list_revision)},
    )
    body = response.content.decode()
    assert appended(body) and "Te laat" not in body
    assert ">0 voorstellen</h2>" in body


def test_the_rows_come_in_the_language_the_phone_chose(workshop, room):
    (client, participant), held = room
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(
        poll_url(workshop, participant, held.content_revision),
        headers={**HTMX, "X-Workshop-List": str(held.list_revision)},
    )
    assert b">3 proposals</h2>" in response.content
    assert b"Your proposal" in response.content  # the label workshop.js shows on one's own


def test_anonymous_rows_name_nobody(workshop, room):
    (client, participant), held = room
    Workshop.objects.filter(pk=workshop.pk).update(anonymous=True)
    response = client.get(
        poll_url(workshop, participant, held.content_revision),
        headers={**HTMX, "X-Workshop-List": str(held.list_revision)},
    )
    assert appended(response.content.decode())
    assert b"Bram" not in response.content and b"data-author" not in response.content


@pytest.mark.parametrize(
    "case", ["edited since", "older than the base", "from the future", "others hidden", "bad"]
)
def test_a_list_that_appending_cannot_bring_up_to_date_is_sent_whole(workshop, room, case):
    (client, participant), held = room
    header = str(held.list_revision)
    if case == "edited since":
        first = workshop.rounds.get(order=1).proposals.get(text="Eerste")
        services.proposal_edit(workshop=workshop, proposal_id=first.pk, text="Eerste, beter")
    elif case == "older than the base":
        header = str(held.list_base_revision - 1)
    elif case == "from the future":
        header = str(fresh(workshop).list_revision + 5)
    elif case == "others hidden":
        Workshop.objects.filter(pk=workshop.pk).update(proposals_live=False)
    else:
        header = "1e3"
    response = client.get(
        poll_url(workshop, participant, held.content_revision),
        headers={**HTMX, "X-Workshop-List": header},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert not response.has_header("HX-Reswap")
    assert "data-live" in body and not appended(body)
    if case == "others hidden":
        assert "Tweede" not in body and "Eerste" in body  # her own only
    else:
        assert "data-placeholder" not in body
        assert body.count("data-proposal-id") == 3


def test_the_persons_own_proposal_comes_back_appended_to_the_list_it_holds(workshop, room):
    (client, _participant), held = room
    response = client.post(
        f"/w/{workshop.pk}/propose/",
        {"round": workshop.current_round_id, "text": "Vierde"},
        headers={**HTMX, "X-Workshop-List": str(held.list_revision)},
    )
    body = response.content.decode()
    now = fresh(workshop)
    assert response.status_code == 200
    assert "data-live" in body  # the region, for the new box and the person's own marks
    assert appended(body).groups() == (str(held.list_revision), str(now.list_revision))
    assert body.count("data-proposal-id") == 3  # Tweede, Derde and hers
    # The placeholders name the revision the list is renamed to on the phone.
    revision = now.list_revision
    assert f'id="ws-list-{revision}" data-shared-list="{revision}" hx-preserve="true" ' in body
    assert body.count("data-placeholder") == 2
    assert ">4 voorstellen</h2>" in body


@pytest.mark.parametrize("hidden", [True, False], ids=["votes hidden", "votes shown"])
def test_a_row_appended_while_voting_has_its_vote_form_and_counts_only_if_shown(
    workshop, room, hidden
):
    """A proposal sent just before voting started is listed after the start (the bump comes
    last): it is appended as the round shows rows now."""
    (client, participant), _held = room
    Workshop.objects.filter(pk=workshop.pk).update(votes_hidden=hidden)
    services.round_set_phase(workshop=workshop, phase=Phase.VOTING)
    now = fresh(workshop)
    Workshop.objects.filter(pk=workshop.pk).update(
        list_revision=now.list_revision + 1, content_revision=now.content_revision + 1
    )
    workshop.rounds.get(order=1).proposals.create(
        text="Net op tijd", author=participant, listed_revision=now.list_revision + 1
    )
    response = client.get(
        poll_url(workshop, participant, now.content_revision),
        headers={**HTMX, "X-Workshop-List": str(now.list_revision)},
    )
    body = response.content.decode()
    assert appended(body) and "Net op tijd" in body
    assert "data-vote " in body  # the vote form
    assert ("data-votes>" in body) is not hidden
    assert ("data-counts" in body) is not hidden
