"""The facilitator's controls: the timer, moving between rounds, promoting into the tree, and
the CSV export."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Perspective
from indicators.models import Kpi, KpiStatus
from kpiplanner.workshops import services
from kpiplanner.workshops.models import Phase, Proposal, RoundKind, Vote
from tests.factories import CsfFactory, GoalFactory

from .conftest import join_as_guest

pytestmark = pytest.mark.django_db


class Clock:
    """A settable `timezone.now` for the server's timer."""

    def __init__(self):
        self.now = timezone.now().replace(microsecond=0)

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += datetime.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    return clock


def left(workshop):
    workshop.refresh_from_db()
    return workshop.timer_seconds_left()


# The timer


def test_the_timer_counts_down_on_the_server(workshop, clock):
    assert left(workshop) is None
    services.timer_control(workshop=workshop, action="start", seconds=300)
    assert left(workshop) == 300
    workshop.refresh_from_db()
    assert workshop.timer_ends_at == clock.now + datetime.timedelta(seconds=300)
    clock.advance(100)
    assert left(workshop) == 200
    clock.advance(1000)
    assert left(workshop) == 0  # run out, never negative


def test_adding_a_minute_pausing_and_resuming_keep_the_seconds_left(workshop, clock):
    services.timer_control(workshop=workshop, action="start", seconds=120)
    clock.advance(30)
    services.timer_control(workshop=workshop, action="add")
    assert left(workshop) == 150
    services.timer_control(workshop=workshop, action="pause")
    workshop.refresh_from_db()
    assert not workshop.timer_running and workshop.timer_paused_seconds == 150
    clock.advance(500)  # paused: time stands still
    assert left(workshop) == 150
    services.timer_control(workshop=workshop, action="add")
    assert left(workshop) == 210
    services.timer_control(workshop=workshop, action="resume")
    workshop.refresh_from_db()
    assert workshop.timer_running
    clock.advance(10)
    assert left(workshop) == 200
    services.timer_control(workshop=workshop, action="stop")
    assert left(workshop) is None


def test_a_minute_added_to_a_run_out_timer_counts_from_now(workshop, clock):
    services.timer_control(workshop=workshop, action="start", seconds=60)
    clock.advance(600)
    services.timer_control(workshop=workshop, action="add")
    assert left(workshop) == 60


def test_the_timer_never_exceeds_99_minutes(workshop, clock):
    services.timer_control(workshop=workshop, action="start", seconds=services.TIMER_MAX_SECONDS)
    services.timer_control(workshop=workshop, action="add")
    assert left(workshop) == services.TIMER_MAX_SECONDS
    services.timer_control(workshop=workshop, action="pause")
    services.timer_control(workshop=workshop, action="add")
    assert left(workshop) == services.TIMER_MAX_SECONDS


@pytest.mark.parametrize("action", ["pause", "resume", "explode", ""])
def test_pause_and_resume_without_a_timer_are_refused(workshop, clock, action):
    with pytest.raises(services.WorkshopError):
        services.timer_control(workshop=workshop, action=action)
    assert left(workshop) is None


def test_the_timer_through_the_views(client, members, workshop, clock):
    client.force_login(members["facilitator"])
    base = f"/workshops/{workshop.pk}/timer"
    client.post(f"{base}/start/", {"minutes": "5"})
    assert left(workshop) == 300
    client.post(f"{base}/add/")
    client.post(f"{base}/pause/")
    clock.advance(60)
    assert left(workshop) == 360
    page = client.get(f"/workshops/{workshop.pk}/control/live/", HTTP_HX_REQUEST="true")
    assert b'data-seconds="360"' in page.content


def test_every_change_bumps_the_revision(workshop, clock):
    before = workshop.revision
    services.timer_control(workshop=workshop, action="start", seconds=60)
    workshop.refresh_from_db()
    assert workshop.revision == before + 1


def test_moving_to_another_round_stops_the_timer(workshop, clock):
    services.timer_control(workshop=workshop, action="start", seconds=60)
    services.round_move(workshop=workshop, step=1)
    assert left(workshop) is None


# Rounds


def test_next_and_previous_keep_each_rounds_phase_and_votes(workshop, guest):
    _client, participant = guest
    goals_round = workshop.current_round
    proposal = services.proposal_add(
        participant=participant, round_id=goals_round.pk, text="Klanten blijven"
    )
    services.round_set_phase(workshop=workshop, phase=Phase.VOTING)
    services.vote_cast(participant=participant, proposal_id=proposal.pk)
    services.round_set_phase(workshop=workshop, phase=Phase.REVEALED)

    second = services.round_move(workshop=workshop, step=1)
    assert second.kind == RoundKind.CSFS and second.phase == Phase.PROPOSING
    back = services.round_move(workshop=workshop, step=-1)  # stepped on too early
    assert back == goals_round
    back.refresh_from_db()
    assert back.phase == Phase.REVEALED
    assert Vote.objects.filter(proposal=proposal).count() == 1
    # The current round is the earlier one again: its proposals can be voted on once reopened.
    services.round_set_phase(workshop=workshop, phase=Phase.VOTING)
    services.vote_cast(participant=participant, proposal_id=proposal.pk)
    assert Vote.objects.filter(proposal=proposal).count() == 2


def test_there_is_no_round_before_the_first_or_after_the_last(workshop):
    with pytest.raises(services.WorkshopError):
        services.round_move(workshop=workshop, step=-1)
    services.round_move(workshop=workshop, step=1)
    services.round_move(workshop=workshop, step=1)
    with pytest.raises(services.WorkshopError):
        services.round_move(workshop=workshop, step=1)
    workshop.refresh_from_db()
    assert workshop.current_round.kind == RoundKind.KPIS


def test_moving_clears_who_is_done(workshop, guest):
    _client, participant = guest
    services.participant_set_done(participant=participant, done=True)
    participant.refresh_from_db()
    assert participant.done_round_id == workshop.current_round_id
    services.round_move(workshop=workshop, step=1)
    participant.refresh_from_db()
    assert participant.done_round is None


def test_voting_cannot_start_without_proposals(workshop):
    with pytest.raises(services.WorkshopError):
        services.round_set_phase(workshop=workshop, phase=Phase.VOTING)


def test_a_round_added_later_comes_last(workshop, strategy):
    goal = GoalFactory(strategy=strategy)
    added = services.round_add(
        workshop=workshop, plan=services.RoundPlan(RoundKind.CSFS, goal=goal)
    )
    assert added.order == 4 and added.goal == goal


def test_controls_refuse_a_closed_workshop(workshop):
    services.workshop_close(workshop=workshop)
    for action in (
        lambda: services.round_move(workshop=workshop, step=1),
        lambda: services.round_set_phase(workshop=workshop, phase=Phase.REVEALED),
        lambda: services.timer_control(workshop=workshop, action="start", seconds=60),
        lambda: services.votes_reset(workshop=workshop),
        lambda: services.workshop_close(workshop=workshop),
    ):
        with pytest.raises(services.WorkshopError):
            action()


# Promoting into the tree


def proposal_in(workshop, kind, text, *, goal=None, csf=None):
    """A proposal in the workshop's round of `kind`, made the current round."""
    round_ = workshop.rounds.get(kind=kind)
    if goal or csf:
        services.round_set_parent(round_=round_, goal=goal, csf=csf)
    workshop.current_round = round_
    workshop.save(update_fields=["current_round"])
    participant = services.participant_join(workshop=workshop, name=f"Gast {kind}")
    return services.proposal_add(participant=participant, round_id=round_.pk, text=text)


def test_a_goal_proposal_becomes_a_goal_in_the_perspective_chosen(workshop, strategy):
    proposal = proposal_in(workshop, RoundKind.GOALS, "Klanten blijven langer")
    services.proposal_promote(
        workshop=workshop, proposal_id=proposal.pk, perspective=Perspective.INTERNAL
    )
    goal = Goal.objects.get(title="Klanten blijven langer")
    assert goal.strategy == strategy
    assert goal.perspective == Perspective.INTERNAL
    proposal.refresh_from_db()
    assert proposal.promoted_goal == goal and proposal.is_promoted
    assert (
        goal.workshop_proposal.round.workshop == workshop
    )  # the node remembers where it came from


def test_an_unknown_perspective_falls_back_to_the_customers(workshop):
    proposal = proposal_in(workshop, RoundKind.GOALS, "Groeien")
    services.proposal_promote(workshop=workshop, proposal_id=proposal.pk, perspective="<junk>")
    assert Goal.objects.get(title="Groeien").perspective == Perspective.CUSTOMER


def test_a_long_proposal_gets_a_short_title_and_keeps_its_text(workshop):
    text = "Klanten blijven langer " * 20
    proposal = proposal_in(workshop, RoundKind.GOALS, text)
    services.proposal_promote(workshop=workshop, proposal_id=proposal.pk)
    goal = Proposal.objects.get(pk=proposal.pk).promoted_goal
    assert len(goal.title) <= 200
    assert goal.description == " ".join(text.split())


def test_a_csf_proposal_needs_the_rounds_goal(workshop, strategy):
    proposal = proposal_in(workshop, RoundKind.CSFS, "Snel oplossen")
    with pytest.raises(services.WorkshopError):
        services.proposal_promote(workshop=workshop, proposal_id=proposal.pk)
    assert not CriticalSuccessFactor.objects.exists()
    goal = GoalFactory(strategy=strategy)
    services.round_set_parent(round_=proposal.round, goal=goal)
    services.proposal_promote(workshop=workshop, proposal_id=proposal.pk)
    csf = CriticalSuccessFactor.objects.get(title="Snel oplossen")
    assert csf.goal == goal
    assert csf.workshop_proposal == proposal


def test_a_csf_round_under_another_strategys_goal_promotes_nothing(workshop, other_organisation):
    from tests.factories import StrategyFactory

    foreign = GoalFactory(strategy=StrategyFactory(organisation=other_organisation))
    proposal = proposal_in(workshop, RoundKind.CSFS, "Snel oplossen", goal=foreign)
    with pytest.raises(services.WorkshopError):
        services.proposal_promote(workshop=workshop, proposal_id=proposal.pk)
    assert not foreign.csfs.exists()


def test_a_kpi_proposal_becomes_a_draft_kpi_with_the_statements_values(workshop, strategy):
    proposal = proposal_in(workshop, RoundKind.KPIS, "Gemiddelde oplostijd 10 uur of minder")
    with pytest.raises(services.WorkshopError):  # no CSF chosen yet
        services.proposal_promote(workshop=workshop, proposal_id=proposal.pk)
    csf = CsfFactory(goal=GoalFactory(strategy=strategy))
    other = proposal_in(
        workshop, RoundKind.KPIS, "Gemiddelde oplostijd 10 uur of minder eind Q1 2030", csf=csf
    )
    services.proposal_promote(workshop=workshop, proposal_id=other.pk)
    kpi = Kpi.objects.get(workshop_proposal=other)
    assert kpi.csf == csf
    assert kpi.status == KpiStatus.DRAFT
    assert kpi.statement == "Gemiddelde oplostijd 10 uur of minder eind Q1 2030"
    assert kpi.unit == "hours"
    assert kpi.target_value == Decimal("10")
    assert kpi.direction == "lower"
    assert kpi.target_date == datetime.date(2030, 3, 31)


def test_a_kpi_statement_without_numbers_still_becomes_a_draft(workshop, strategy):
    csf = CsfFactory(goal=GoalFactory(strategy=strategy))
    proposal = proposal_in(workshop, RoundKind.KPIS, "Tevreden klanten", csf=csf)
    services.proposal_promote(workshop=workshop, proposal_id=proposal.pk)
    kpi = Kpi.objects.get(workshop_proposal=proposal)
    assert kpi.name == "Tevreden klanten" and kpi.status == KpiStatus.DRAFT
    assert kpi.target_value is None


def test_a_proposal_cannot_be_promoted_twice(workshop):
    proposal = proposal_in(workshop, RoundKind.GOALS, "Klanten blijven langer")
    services.proposal_promote(workshop=workshop, proposal_id=proposal.pk)
    with pytest.raises(services.WorkshopError):
        services.proposal_promote(workshop=workshop, proposal_id=proposal.pk)
    assert Goal.objects.filter(title="Klanten blijven langer").count() == 1


def test_promoting_twice_through_the_view_says_so(client, members, workshop):
    proposal = proposal_in(workshop, RoundKind.GOALS, "Klanten blijven langer")
    client.force_login(members["facilitator"])
    url = f"/workshops/{workshop.pk}/proposals/{proposal.pk}/promote/"
    client.post(url, {"perspective": "customer"})
    response = client.post(url, {"perspective": "customer"}, follow=True)
    assert response.status_code == 200
    assert Goal.objects.filter(title="Klanten blijven langer").count() == 1
    assert "messages" in response.context and len(list(response.context["messages"])) == 1


def test_a_merged_proposal_is_promoted_through_its_target(workshop):
    duplicate = proposal_in(workshop, RoundKind.GOALS, "Klanten blijven")
    target = services.proposal_add(
        participant=duplicate.author, round_id=duplicate.round_id, text="Klanten blijven langer"
    )
    services.proposal_merge(workshop=workshop, proposal_id=duplicate.pk, into_id=target.pk)
    with pytest.raises(services.WorkshopError):
        services.proposal_promote(workshop=workshop, proposal_id=duplicate.pk)
    assert not Goal.objects.exists()


# The CSV export


def read_csv(client, workshop, lang="nl"):
    client.cookies["django_language"] = lang
    response = client.get(f"/workshops/{workshop.pk}/summary.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";" if lang == "nl" else ","))


FORMULAS = ["=1+1", "+31 6 1234", "-5 klachten", "@SUM(A1)", '=HYPERLINK("x")']


def test_the_csv_escapes_cells_that_a_spreadsheet_would_run(client, members, workshop, guest):
    _client, participant = guest
    for text in FORMULAS:
        services.proposal_add(
            participant=participant, round_id=workshop.current_round_id, text=text
        )
    client.force_login(members["viewer"])
    rows = read_csv(client, workshop)
    texts = [row[2] for row in rows[1:]]
    assert sorted(texts) == sorted(f"'{text}" for text in FORMULAS)
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_the_csv_escapes_a_formula_author_name(client, members, workshop):
    _evil, participant = join_as_guest(workshop, "=1+2")
    services.proposal_add(participant=participant, round_id=workshop.current_round_id, text="Ok")
    client.force_login(members["viewer"])
    rows = read_csv(client, workshop, lang="en")
    assert rows[1][3] == "'=1+2"


def test_the_csv_escapes_a_full_width_equals_sign(client, members, workshop, guest):
    _client, participant = guest
    services.proposal_add(participant=participant, round_id=workshop.current_round_id, text="＝1+1")
    client.force_login(members["viewer"])
    rows = read_csv(client, workshop)
    assert not rows[1][2].startswith("＝")


def test_the_csv_has_every_proposal_with_its_votes_and_where_it_went(
    client, members, workshop, guest
):
    _client, participant = guest
    first = services.proposal_add(
        participant=participant, round_id=workshop.current_round_id, text="Eén"
    )
    second = services.proposal_add(
        participant=participant, round_id=workshop.current_round_id, text="Twee"
    )
    services.round_set_phase(workshop=workshop, phase=Phase.VOTING)
    services.vote_cast(participant=participant, proposal_id=first.pk)
    services.vote_cast(participant=participant, proposal_id=first.pk)
    services.proposal_merge(workshop=workshop, proposal_id=second.pk, into_id=first.pk)
    services.proposal_promote(workshop=workshop, proposal_id=first.pk)
    client.force_login(members["viewer"])
    header, *rows = read_csv(client, workshop, lang="en")
    assert header[:5] == ["Round", "Kind", "Proposal", "Proposed by", "Votes"]
    by_text = {row[2]: row for row in rows}
    assert by_text["Eén"][4:6] == ["2", "1"]  # two dots from one voter
    assert by_text["Eén"][8] == "Eén"  # promoted to the goal of that name
    assert by_text["Twee"][7] == "Eén"  # merged into


def test_an_anonymous_workshops_csv_names_nobody(client, members, workshop, guest):
    workshop.anonymous = True
    workshop.save(update_fields=["anonymous"])
    _client, participant = guest
    services.proposal_add(participant=participant, round_id=workshop.current_round_id, text="Eén")
    client.force_login(members["viewer"])
    rows = read_csv(client, workshop)
    assert rows[1][3] == ""


def test_two_guests_of_the_same_name_stay_two_participants_named_apart(workshop):
    first = services.participant_join(workshop=workshop, name="Anna")
    second = services.participant_join(workshop=workshop, name="Anna")
    assert first != second
    assert (first.name, second.name) == ("Anna", "Anna (2)")
