"""The phones' proposal list: rendered once per list revision, kept on a phone that holds it
(an empty placeholder it fills itself), and the vote counts sent as data."""

import json
import re
from collections import Counter

import pytest

from kpiplanner.workshops import services
from kpiplanner.workshops.live import poll_token
from kpiplanner.workshops.models import Phase, Workshop
from kpiplanner.workshops.screens import shared_list

from .conftest import fresh, join_as_guest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

HTMX = {"HX-Request": "true"}


def voting_room(workshop, *, proposals: int, people: int, hidden: bool = False):
    """`people` guests, `proposals` proposals, voting open with counts shown live (or hidden),
    each guest's first dot spent. Returns the guests and the proposals."""
    Workshop.objects.filter(pk=workshop.pk).update(votes_hidden=hidden)
    guests = [join_as_guest(workshop, f"Gast {n}") for n in range(people)]
    made = [
        services.proposal_add(
            participant=guests[n % people][1],
            round_id=workshop.current_round_id,
            text=f"Voorstel {n}",
        )
        for n in range(proposals)
    ]
    services.round_set_phase(workshop=workshop, phase=Phase.VOTING)
    for n, (_client, participant) in enumerate(guests):
        services.vote_cast(participant=participant, proposal_id=made[n % proposals].pk)
    return guests, made


def held(workshop) -> dict:
    return {"X-Workshop-List": str(fresh(workshop).list_revision)}


def test_a_vote_changes_the_counts_but_not_the_list_revision(workshop, guest):
    _client, participant = guest
    proposal = services.proposal_add(
        participant=participant, round_id=workshop.current_round_id, text="Eén"
    )
    after_proposal = fresh(workshop)
    services.round_set_phase(workshop=workshop, phase=Phase.VOTING)
    voting = fresh(workshop)
    assert voting.list_revision == after_proposal.list_revision + 1  # the vote forms appear
    Workshop.objects.filter(pk=workshop.pk).update(votes_hidden=False)
    services.vote_cast(participant=participant, proposal_id=proposal.pk)
    now = fresh(workshop)
    assert now.list_revision == voting.list_revision
    assert now.content_revision == voting.content_revision + 1
    services.timer_control(workshop=workshop, action="start", seconds=60)
    assert fresh(workshop).list_revision == voting.list_revision + 1  # the timer is not a count


@pytest.mark.parametrize(("proposals", "people"), [(3, 2), (30, 12)], ids=["small", "large"])
def test_a_phone_that_holds_the_list_gets_placeholders_and_the_counts(
    workshop, django_assert_num_queries, proposals, people
):
    guests, made = voting_room(workshop, proposals=proposals, people=people)
    client = guests[0][0]
    headers = {**HTMX, **held(workshop)}
    # The session, the workshop, the participant, their votes and proposals, the counts.
    with django_assert_num_queries(6):
        response = client.get(f"/w/{workshop.pk}/live/", headers=headers)
    body = response.content.decode()
    assert response.status_code == 200
    assert "data-proposal-id" not in body
    revision = fresh(workshop).list_revision
    assert f'id="ws-list-{revision}" data-shared-list="{revision}" hx-preserve="true" ' in body
    assert body.count("data-placeholder") == 2  # the round's head and the list
    counts = json.loads(re.search(r'data-counts="([^"]*)"', body)[1].replace("&quot;", '"'))
    expected = Counter(str(made[n % proposals].pk) for n in range(people))
    assert counts == dict(expected)
    assert len(response.content) < 4000


def test_a_phone_with_an_older_list_gets_the_new_one_whole(workshop):
    guests, _made = voting_room(workshop, proposals=3, people=2)
    client, _participant = guests[0]
    older = held(workshop)
    services.proposal_edit(
        workshop=workshop, proposal_id=_made[0].pk, text="Voorstel nul, herschreven"
    )
    response = client.get(f"/w/{workshop.pk}/live/", headers={**HTMX, **older})
    body = response.content.decode()
    assert "data-placeholder" not in body
    assert "Voorstel nul, herschreven" in body
    assert f'id="ws-list-{fresh(workshop).list_revision}"' in body


def test_hidden_votes_send_no_counts_to_the_phones(workshop):
    guests, _made = voting_room(workshop, proposals=3, people=2, hidden=True)
    response = guests[0][0].get(f"/w/{workshop.pk}/live/", headers={**HTMX, **held(workshop)})
    assert b"data-counts" not in response.content
    assert b"data-votes>" not in response.content


def test_a_bad_list_header_gets_the_list_whole(workshop):
    guests, _made = voting_room(workshop, proposals=3, people=2)
    for bad in ("", "abc", "-1", "9" * 30, "١٢"):
        response = guests[0][0].get(
            f"/w/{workshop.pk}/live/", headers={**HTMX, "X-Workshop-List": bad}
        )
        assert response.status_code == 200
        assert response.content.count(b"data-proposal-id") == 3


def test_the_shared_list_is_rendered_once_per_list_revision(
    workshop, guest, django_assert_num_queries
):
    _client, participant = guest
    services.proposal_add(participant=participant, round_id=workshop.current_round_id, text="Eén")
    first = shared_list(fresh(workshop))
    workshop_now = fresh(workshop)
    with django_assert_num_queries(0):
        again = shared_list(workshop_now)
    assert again == first
    services.proposal_add(participant=participant, round_id=workshop.current_round_id, text="Twee")
    newer = shared_list(fresh(workshop))
    assert newer.list_revision == first.list_revision + 1
    assert "Twee" in newer.list and "Twee" not in first.list
    assert len(newer.ids) == 2


def test_votes_do_not_render_the_list_again(workshop, django_assert_num_queries):
    guests, made = voting_room(workshop, proposals=3, people=2)
    entry = shared_list(fresh(workshop))
    services.vote_cast(participant=guests[0][1], proposal_id=made[2].pk)
    now = fresh(workshop)
    with django_assert_num_queries(0):
        assert shared_list(now) is not None
    assert shared_list(now).made_at == entry.made_at


# Only the counts changed: the middleware answers, before the session is read.


def counts_poll(workshop, participant, rev):
    who = f"p{participant.pk}"
    return f"/w/{workshop.pk}/live/?rev={rev}&who={who}&t={poll_token(workshop.pk, who)}"


def test_only_the_counts_changed_answers_them_alone_with_one_query(
    workshop, django_assert_num_queries
):
    guests, made = voting_room(workshop, proposals=3, people=2)
    client, participant = guests[0]
    before = fresh(workshop)
    services.vote_cast(participant=guests[1][1], proposal_id=made[2].pk)
    url = counts_poll(workshop, participant, before.content_revision)
    headers = {**HTMX, **held(workshop)}
    client.get(url, headers=headers)  # the first phone reads the counts of this revision
    with django_assert_num_queries(1):
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert response["HX-Reswap"] == "none"
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert body.startswith('<div id="ws-counts" hx-swap-oob="true" hidden')
    assert f'data-revision="{before.content_revision + 1}"' in body
    counts = json.loads(re.search(r'data-counts="([^"]*)"', body)[1].replace("&quot;", '"'))
    assert counts == {str(made[0].pk): 1, str(made[1].pk): 1, str(made[2].pk): 1}
    # Up to date now: nothing changed.
    up_to_date = counts_poll(workshop, participant, before.content_revision + 1)
    assert client.get(up_to_date, headers=headers).status_code == 204


@pytest.mark.parametrize(
    "change", ["older list", "no list", "votes hidden", "closed", "bad token", "list changed"]
)
def test_anything_but_new_counts_on_a_current_list_goes_to_the_view(workshop, change):
    guests, made = voting_room(workshop, proposals=3, people=2, hidden=change == "votes hidden")
    client, participant = guests[0]
    rev = fresh(workshop).content_revision
    headers = {**HTMX, **held(workshop)}
    services.vote_cast(participant=guests[1][1], proposal_id=made[2].pk)
    url = counts_poll(workshop, participant, rev)
    if change == "older list":
        headers["X-Workshop-List"] = str(int(headers["X-Workshop-List"]) - 1)
    elif change == "no list":
        del headers["X-Workshop-List"]
    elif change == "votes hidden":
        services.timer_control(workshop=workshop, action="start", seconds=60)  # a change
    elif change == "closed":
        services.workshop_close(workshop=workshop)
    elif change == "bad token":
        url = url.replace("&t=", "&t=0")
    elif change == "list changed":
        services.proposal_set_hidden(workshop=workshop, proposal_id=made[0].pk, hidden=True)
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert not response.has_header("HX-Reswap")
    if change == "closed":
        assert b"data-ended" in response.content
    else:
        assert b"data-live" in response.content
        if change == "votes hidden":
            assert b"data-counts" not in response.content
