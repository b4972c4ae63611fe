"""Dot-voting: the budget and the per-proposal limit hold, also under votes sent at once."""

import html
import json
import threading

import pytest
from django.db import connection, connections
from django.utils import translation

from kpiplanner.workshops import services
from kpiplanner.workshops.models import Phase, Proposal, Vote

from .conftest import join_as_guest
from .helpers import said

pytestmark = pytest.mark.django_db


def propose(participant, text):
    return services.proposal_add(
        participant=participant, round_id=participant.workshop.current_round_id, text=text
    )


def start_voting(workshop):
    services.round_set_phase(workshop=workshop, phase=Phase.VOTING)


@pytest.fixture
def voting(workshop, guest):
    """The guest's client and participant, three proposals, and voting open (3 dots, 2 per item)."""
    client, participant = guest
    proposals = [propose(participant, text) for text in ("Eén", "Twee", "Drie")]
    start_voting(workshop)
    return client, participant, proposals


BUDGET_USED = "You have used all your votes. Take one back to move it."


def vote_url(workshop, proposal):
    return f"/w/{workshop.pk}/proposals/{proposal.pk}/vote/"


def test_the_budget_is_enforced_with_a_clear_message(workshop, voting):
    client, participant, (one, two, three) = voting
    for proposal in (one, one, two):
        assert client.post(vote_url(workshop, proposal)).status_code == 302
    response = client.post(vote_url(workshop, three), follow=True)
    assert response.status_code == 200
    assert said(BUDGET_USED) in response.content.decode()
    assert Vote.objects.filter(participant=participant).count() == 3
    # With htmx: the live region comes back, the refusal goes to the page as an event.
    response = client.post(vote_url(workshop, three), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert json.loads(response["HX-Trigger"]) == {
        "workshop-message": html.unescape(said(BUDGET_USED))
    }
    assert 'data-votes-left="0"' in response.content.decode()
    # …and is shown in the region itself, where the person looks.
    assert said(BUDGET_USED) in response.content.decode().split("data-notice>")[1]
    assert Vote.objects.filter(participant=participant).count() == 3


def test_a_limit_of_one_vote_is_said_in_the_singular(workshop, voting):
    client, participant, (one, _two, _three) = voting
    workshop.max_per_item = 1
    workshop.save()
    client.post(vote_url(workshop, one))
    response = client.post(vote_url(workshop, one), follow=True)
    assert "Hoogstens 1 stem op één voorstel." in response.content.decode()
    with translation.override("en"), pytest.raises(services.WorkshopError) as refused:
        services.vote_cast(participant=participant, proposal_id=one.pk)
    assert str(refused.value) == "At most 1 vote on one proposal."


def test_at_most_the_limit_on_one_proposal(workshop, voting):
    client, participant, (one, _two, _three) = voting
    client.post(vote_url(workshop, one))
    client.post(vote_url(workshop, one))
    response = client.post(vote_url(workshop, one), follow=True)
    assert said("At most %(count)s votes on one proposal.", count=2) in response.content.decode()
    assert one.votes.count() == 2
    with pytest.raises(services.WorkshopError):
        services.vote_cast(participant=participant, proposal_id=one.pk)


def test_taking_a_vote_back_frees_the_budget(workshop, voting):
    client, _participant, (one, two, three) = voting
    for proposal in (one, one, two):
        client.post(vote_url(workshop, proposal))
    client.post(vote_url(workshop, one), {"action": "take-back"})
    assert one.votes.count() == 1
    assert client.post(vote_url(workshop, three)).status_code == 302
    assert three.votes.count() == 1
    page = client.get(f"/w/{workshop.pk}/").content.decode()
    assert 'data-votes-left="0"' in page


def test_taking_back_a_vote_you_do_not_have_is_refused(workshop, voting):
    client, participant, (one, _two, _three) = voting
    other, _other_participant = join_as_guest(workshop, "Bram")
    other.post(vote_url(workshop, one))
    response = client.post(vote_url(workshop, one), {"action": "take-back"}, follow=True)
    assert response.status_code == 200
    assert one.votes.count() == 1  # Bram's vote stays
    with pytest.raises(services.WorkshopError):
        services.vote_withdraw(participant=participant, proposal_id=one.pk)


@pytest.mark.parametrize("phase", [Phase.PROPOSING, Phase.PAUSED, Phase.REVEALED])
def test_votes_count_only_while_voting_is_open(workshop, voting, phase):
    client, _participant, (one, _two, _three) = voting
    client.post(vote_url(workshop, one))
    services.round_set_phase(workshop=workshop, phase=phase)
    response = client.post(vote_url(workshop, one), follow=True)
    assert response.status_code == 200
    assert said("Voting is not open for this proposal.") in response.content.decode()
    client.post(vote_url(workshop, one), {"action": "take-back"})
    assert one.votes.count() == 1  # nor taken back


def test_votes_only_on_the_current_round(workshop, voting, members):
    client, participant, (one, _two, _three) = voting
    services.round_move(workshop=workshop, step=1)
    with pytest.raises(services.WorkshopError):
        services.vote_cast(participant=participant, proposal_id=one.pk)
    assert client.post(vote_url(workshop, one)).status_code == 302
    assert one.votes.count() == 0


def test_hidden_and_merged_proposals_cannot_be_voted_on(workshop, voting):
    client, participant, (one, two, three) = voting
    services.proposal_set_hidden(workshop=workshop, proposal_id=one.pk, hidden=True)
    services.proposal_merge(workshop=workshop, proposal_id=two.pk, into_id=three.pk)
    for proposal in (one, two):
        response = client.post(vote_url(workshop, proposal), follow=True)
        assert response.status_code == 200
        assert said("This proposal is no longer there.") in response.content.decode()
        with pytest.raises(services.WorkshopError):
            services.vote_cast(participant=participant, proposal_id=proposal.pk)
    assert Vote.objects.count() == 0


def test_a_proposal_of_another_workshop_cannot_be_voted_on(workshop, voting, strategy, members):
    client, participant, _proposals = voting
    other = services.workshop_create(
        strategy=strategy, by=members["admin"], title="Ander", rounds=[services.RoundPlan("goals")]
    )
    _stranger, stranger = join_as_guest(other, "Vreemde")
    foreign = propose(stranger, "Elders")
    start_voting(other)
    assert client.post(vote_url(workshop, foreign)).status_code == 302
    with pytest.raises(services.WorkshopError):
        services.vote_cast(participant=participant, proposal_id=foreign.pk)
    assert foreign.votes.count() == 0


def test_merging_adds_the_votes_up(workshop, voting):
    client, _participant, (one, two, three) = voting
    bram_client, _bram = join_as_guest(workshop, "Bram")
    client.post(vote_url(workshop, one))
    client.post(vote_url(workshop, two))
    bram_client.post(vote_url(workshop, two))
    bram_client.post(vote_url(workshop, three))
    services.proposal_merge(workshop=workshop, proposal_id=two.pk, into_id=one.pk)
    assert one.votes.count() == 3
    assert two.votes.count() == 0
    # Merging the target elsewhere carries the earlier merge along.
    services.proposal_merge(workshop=workshop, proposal_id=one.pk, into_id=three.pk)
    assert three.votes.count() == 4
    assert Proposal.objects.get(pk=two.pk).merged_into_id == three.pk
    assert Vote.objects.count() == 4


def test_a_proposal_cannot_be_merged_into_itself_or_a_merged_one(workshop, voting):
    _client, _participant, (one, two, three) = voting
    with pytest.raises(services.WorkshopError):
        services.proposal_merge(workshop=workshop, proposal_id=one.pk, into_id=one.pk)
    services.proposal_merge(workshop=workshop, proposal_id=two.pk, into_id=three.pk)
    with pytest.raises(services.WorkshopError):
        services.proposal_merge(workshop=workshop, proposal_id=one.pk, into_id=two.pk)


def test_reset_clears_the_rounds_votes_and_opens_voting_again(workshop, voting, members):
    client, _participant, (one, two, _three) = voting
    client.post(vote_url(workshop, one))
    client.post(vote_url(workshop, two))
    services.round_set_phase(workshop=workshop, phase=Phase.REVEALED)
    facilitator = members["facilitator"]
    from django.test import Client

    control = Client()
    control.force_login(facilitator)
    assert control.post(f"/workshops/{workshop.pk}/control/reset-votes/").status_code == 302
    assert Vote.objects.count() == 0
    workshop.refresh_from_db()
    assert workshop.current_round.phase == Phase.VOTING
    page = client.get(f"/w/{workshop.pk}/").content.decode()
    assert 'data-votes-left="3"' in page


def test_reset_leaves_other_rounds_votes_alone(workshop, voting):
    client, participant, (one, _two, _three) = voting
    client.post(vote_url(workshop, one))
    moved = services.round_move(workshop=workshop, step=1)
    services.proposal_add(participant=participant, round_id=moved.pk, text="Een factor")
    services.votes_reset(workshop=workshop)
    assert one.votes.count() == 1


NOTHING_TO_RESET = "There is nothing to vote on in this round; the votes stay as they are."


def test_reset_with_nothing_to_vote_on_is_refused_and_changes_nothing(workshop, voting, members):
    """Every proposal of a revealed round hidden: voting again on nothing is refused, as
    starting the vote is; the votes, the phase and who is done stay as they were."""
    client, participant, proposals = voting
    client.post(vote_url(workshop, proposals[0]))
    client.post(f"/w/{workshop.pk}/done/", {"done": "1"})
    services.round_set_phase(workshop=workshop, phase=Phase.REVEALED)
    participant.refresh_from_db()
    for proposal in proposals:
        services.proposal_set_hidden(workshop=workshop, proposal_id=proposal.pk, hidden=True)
    from django.test import Client

    control = Client()
    control.force_login(members["facilitator"])
    page = control.post(f"/workshops/{workshop.pk}/control/reset-votes/", follow=True)
    assert page.status_code == 200
    assert said(NOTHING_TO_RESET) in page.content.decode()
    workshop.refresh_from_db()
    assert workshop.current_round.phase == Phase.REVEALED
    assert Vote.objects.filter(participant=participant).count() == 1
    before = participant.done_round_id
    participant.refresh_from_db()
    assert participant.done_round_id == before


def test_reset_in_a_round_without_proposals_keeps_it_proposing(workshop):
    with pytest.raises(services.WorkshopError) as refused:
        services.votes_reset(workshop=workshop)
    assert str(refused.value.message) == html.unescape(said(NOTHING_TO_RESET))
    workshop.refresh_from_db()
    assert workshop.current_round.phase == Phase.PROPOSING


# Votes sent at once, on PostgreSQL (several connections, as several workers have).

needs_postgres = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database locks whole tables between threads",
)


def cast_at_once(casts: list[tuple]) -> tuple[list, list]:
    """Run each (participant, proposal_id) vote in its own thread, all released together.

    Returns the acknowledged votes' ids and the refusals' messages."""
    barrier = threading.Barrier(len(casts))
    acknowledged, refused, crashed = [], [], []
    lock = threading.Lock()

    def cast(participant, proposal_id):
        try:
            barrier.wait(10)
            vote = services.vote_cast(participant=participant, proposal_id=proposal_id)
            with lock:
                acknowledged.append(vote.pk)
        except services.WorkshopError as error:
            with lock:
                refused.append(str(error.message))
        except Exception as error:  # pragma: no cover - what the test must never see
            with lock:
                crashed.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cast, args=args) for args in casts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads)
    assert crashed == []
    return acknowledged, refused


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_one_participant_voting_many_times_at_once_never_overspends(workshop):
    from django.test import Client

    _client, participant = join_as_guest(workshop, "Snel", client=Client())
    proposals = [propose(participant, f"Voorstel {n}") for n in range(6)]
    start_voting(workshop)
    # 3 dots; 12 votes at once, two on each proposal (each within the limit of 2 on its own).
    casts = [(participant, p.pk) for p in proposals for _ in range(2)]
    acknowledged, refused = cast_at_once(casts)
    stored = list(Vote.objects.filter(participant=participant).values_list("pk", flat=True))
    assert len(stored) == workshop.dots_per_person == 3
    assert sorted(acknowledged) == sorted(stored)  # every acknowledged vote stored exactly once
    assert len(refused) == len(casts) - 3


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_one_participant_on_one_proposal_at_once_never_exceeds_the_limit(workshop):
    from django.test import Client

    _client, participant = join_as_guest(workshop, "Snel", client=Client())
    proposal = propose(participant, "Eén voorstel")
    start_voting(workshop)
    acknowledged, refused = cast_at_once([(participant, proposal.pk)] * 8)
    assert proposal.votes.count() == workshop.max_per_item == 2
    assert sorted(acknowledged) == sorted(proposal.votes.values_list("pk", flat=True))
    assert len(refused) == 6


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_many_participants_voting_at_once_lose_no_vote(workshop):
    from django.test import Client

    people = [join_as_guest(workshop, f"Deelnemer {n}", client=Client())[1] for n in range(6)]
    proposals = [propose(people[0], f"Voorstel {n}") for n in range(3)]
    start_voting(workshop)
    # Each person sends 5 votes at once (3 allowed): one on each proposal, and two more.
    casts = [(person, proposals[n % 3].pk) for person in people for n in range(5)]
    acknowledged, refused = cast_at_once(casts)
    assert Vote.objects.count() == len(acknowledged) == 6 * 3
    assert sorted(acknowledged) == sorted(Vote.objects.values_list("pk", flat=True))
    for person in people:
        assert person.votes.count() == 3
        for proposal in proposals:
            assert person.votes.filter(proposal=proposal).count() <= workshop.max_per_item
    assert len(refused) == len(casts) - 18


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_votes_and_the_facilitators_controls_at_once_neither_fail(workshop, members):
    """The facilitator's controls lock the workshop and then touch every participant; a vote,
    "I'm done" or a member joining again under a new name touch their participant and bump the
    workshop. Sent at once, none may fail (a deadlock is an error for one of them)."""
    from django.test import Client

    people = [join_as_guest(workshop, f"Deelnemer {n}", client=Client())[1] for n in range(4)]
    people += [
        services.participant_join(workshop=workshop, name=role, user=members[role])
        for role in ("participant", "viewer")
    ]
    proposal = propose(people[0], "Voorstel")
    start_voting(workshop)
    for attempt in range(5):
        barrier = threading.Barrier(len(people) + 1)
        crashed = []

        def vote(person, barrier=barrier, crashed=crashed, attempt=attempt):
            try:
                barrier.wait(10)
                services.vote_cast(participant=person, proposal_id=proposal.pk)
                services.vote_withdraw(participant=person, proposal_id=proposal.pk)
                services.participant_set_done(participant=person, done=True)
                if person.user_id:
                    services.participant_join(
                        workshop=workshop, name=f"{person.name} {attempt}", user=person.user
                    )
            except Exception as error:
                crashed.append(repr(error))
            finally:
                connections.close_all()

        def control(barrier=barrier, crashed=crashed):
            try:
                barrier.wait(10)
                services.round_set_phase(workshop=workshop, phase=Phase.VOTING)
            except Exception as error:
                crashed.append(repr(error))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=vote, args=(p,)) for p in people]
        threads.append(threading.Thread(target=control))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert crashed == []
    assert proposal.votes.count() == 0
