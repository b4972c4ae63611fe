"""Every write of a workshop: joining, proposing, voting and the facilitator's controls.

Each function runs in one transaction and ends by bumping the workshop's revision, the number the
open screens poll: a screen that sees a new number fetches what changed. A refusal raises
`WorkshopError` with a message for the person who tried.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q, Subquery
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Perspective, Term
from indicators.models import Kpi, KpiStatus
from indicators.smart import KpiContext, evaluate
from indicators.smart_adapter import current_lang

from .models import (
    PROPOSAL_MAX_LENGTH,
    Participant,
    Phase,
    Proposal,
    Round,
    RoundKind,
    Vote,
    Workshop,
    new_code,
)
from .names import save_named

TIMER_MAX_SECONDS = 99 * 60


class WorkshopError(Exception):
    """A refused action; `message` says why, in the user's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class RoundPlan:
    kind: str
    goal: Goal | None = None
    csf: CriticalSuccessFactor | None = None


def _bump(
    workshop_id, *, participants: bool = True, list_changed: bool = True, appended: bool = False
) -> None:
    """Tell the open screens that something changed (the last statement of each write); with
    `participants=False` only the facilitator's and the projector's, as the phones show none
    of it; with `list_changed=False` (a vote, a join) no screen's proposal list changed apart
    from the vote counts, so the phones fetch just the counts (`live.WorkshopPollMiddleware`)
    and the projector and control screen keep their rows. A promotion changes only the control
    screen's rows: `participants=False` with the list changed. With `appended=True` (one new
    proposal, nothing else) a phone's list stays as it is and gets the new row appended
    (`appends.py`); any other list change moves `list_base_revision` up with it, so the phones
    take the list whole."""
    changes = {"revision": F("revision") + 1}
    if participants:
        changes["content_revision"] = F("content_revision") + 1
    if list_changed:
        changes["list_revision"] = F("list_revision") + 1
        if not appended:
            changes["list_base_revision"] = F("list_revision") + 1
    Workshop.objects.filter(pk=workshop_id).update(**changes)


def _counts_shown_live(workshop: Workshop, round_: Round) -> bool:
    return round_.phase == Phase.VOTING and not workshop.votes_hidden


def _open_workshop(workshop_id, *, lock: bool = False) -> Workshop:
    queryset = Workshop.objects.select_for_update() if lock else Workshop.objects
    workshop = queryset.get(pk=workshop_id)
    if not workshop.is_open:
        raise WorkshopError(_("This workshop has been closed."))
    return workshop


# Creating and joining


@transaction.atomic
def workshop_create(*, strategy, by, title: str, rounds: list[RoundPlan], **settings) -> Workshop:
    """A new workshop on `strategy`, in its first round, accepting proposals."""
    for _attempt in range(10):  # a code already taken is drawn again
        try:
            with transaction.atomic():
                workshop = Workshop.objects.create(
                    strategy=strategy, title=title, created_by=by, code=new_code(), **settings
                )
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - 26**6 codes make ten collisions in a row unthinkable
        raise WorkshopError(_("No free join code could be found; please try again."))
    made = [
        Round.objects.create(
            workshop=workshop, order=index, kind=plan.kind, goal=plan.goal, csf=plan.csf
        )
        for index, plan in enumerate(rounds, start=1)
    ]
    workshop.current_round = made[0] if made else None
    workshop.save(update_fields=["current_round"])
    return workshop


@transaction.atomic
def participant_join(*, workshop: Workshop, name: str, user=None) -> Participant:
    """Let `user` (a member) or a guest called `name` into the workshop; a member joins once.
    A name someone else here has already gets a number: `name` on the participant returned is
    the one the others see (`names.py`)."""
    _open_workshop(workshop.pk, lock=True)  # the workshop before the participant, as in vote_cast
    participant = workshop.participants.filter(user=user).first() if user is not None else None
    before = participant.name if participant is not None else None
    if name != before:
        participant = save_named(participant or Participant(workshop=workshop, user=user), name)
    renamed = before is not None and participant.name != before
    # A new face matters to the facilitator and the projector; a member's new name (on their
    # proposals) to everyone.
    _bump(workshop.pk, participants=renamed, list_changed=renamed)
    return participant


# What participants do


def _current_round(workshop: Workshop, round_id) -> Round:
    if workshop.current_round_id is None or str(workshop.current_round_id) != str(round_id):
        raise WorkshopError(_("The facilitator has moved on to another round."))
    return Round.objects.get(pk=workshop.current_round_id)


@transaction.atomic
def proposal_add(*, participant: Participant, round_id, text: str) -> Proposal:
    """A new proposal, listed at its own list revision (`listed_revision`, set in the database
    only: the bump locks the workshop's row, and the proposal takes the revision it made, so
    proposals are listed in the order they commit, and the lock is held for two statements)."""
    workshop = _open_workshop(participant.workshop_id)
    round_ = _current_round(workshop, round_id)
    if not round_.accepts_proposals:
        raise WorkshopError(_("Proposing is closed for this round."))
    proposal = Proposal.objects.create(
        round=round_, author=participant, text=text[:PROPOSAL_MAX_LENGTH]
    )
    _bump(workshop.pk, appended=True)
    Proposal.objects.filter(pk=proposal.pk).update(
        listed_revision=Subquery(Workshop.objects.filter(pk=workshop.pk).values("list_revision"))
    )
    return proposal


def _votable(participant: Participant, proposal_id, workshop: Workshop) -> Proposal:
    proposal = (
        Proposal.objects.select_related("round")
        .filter(pk=proposal_id, round__workshop=workshop, hidden=False, merged_into=None)
        .first()
    )
    if proposal is None:
        raise WorkshopError(_("This proposal is no longer there."))
    if proposal.round_id != workshop.current_round_id or not proposal.round.voting_open:
        raise WorkshopError(_("Voting is not open for this proposal."))
    return proposal


@transaction.atomic
def vote_cast(*, participant: Participant, proposal_id) -> Vote:
    """One more dot on a proposal, within the budget and the per-proposal limit.

    The workshop's row is locked first, so two votes sent at once by the same person are
    counted one after the other and can never overspend the budget. (The workshop before any
    participant, the order the facilitator's controls lock in too: the other way round, a vote
    and a phase change sent at once deadlock.)
    """
    workshop = _open_workshop(participant.workshop_id, lock=True)
    proposal = _votable(participant, proposal_id, workshop)
    mine = Vote.objects.filter(round=proposal.round, participant=participant).aggregate(
        total=Count("id"), here=Count("id", filter=Q(proposal=proposal))
    )
    if mine["total"] >= workshop.dots_per_person:
        raise WorkshopError(_("You have used all your votes. Take one back to move it."))
    if mine["here"] >= workshop.max_per_item:
        raise WorkshopError(
            ngettext(
                "At most %(count)s vote on one proposal.",
                "At most %(count)s votes on one proposal.",
                workshop.max_per_item,
            )
            % {"count": workshop.max_per_item}
        )
    vote = Vote.objects.create(proposal=proposal, participant=participant, round=proposal.round)
    _bump(
        workshop.pk,
        participants=_counts_shown_live(workshop, proposal.round),
        list_changed=False,
    )
    return vote


@transaction.atomic
def vote_withdraw(*, participant: Participant, proposal_id) -> None:
    """Take one of the participant's dots off a proposal, while voting is open."""
    workshop = _open_workshop(participant.workshop_id, lock=True)  # as in vote_cast
    proposal = _votable(participant, proposal_id, workshop)
    vote = Vote.objects.filter(proposal=proposal, participant=participant).last()
    if vote is None:
        raise WorkshopError(_("You have no vote on this proposal to take back."))
    vote.delete()
    _bump(
        workshop.pk,
        participants=_counts_shown_live(workshop, proposal.round),
        list_changed=False,
    )


@transaction.atomic
def participant_set_done(*, participant: Participant, done: bool) -> None:
    workshop = _open_workshop(participant.workshop_id, lock=True)  # the workshop first
    Participant.objects.filter(pk=participant.pk).update(
        done_round=workshop.current_round if done else None
    )
    _bump(workshop.pk, participants=False, list_changed=False)


# The facilitator's controls


@transaction.atomic
def round_set_phase(*, workshop: Workshop, phase: str) -> Round:
    """Open or close proposing, start voting or reveal the votes of the current round."""
    workshop = _open_workshop(workshop.pk, lock=True)
    if workshop.current_round_id is None:
        raise WorkshopError(_("This workshop has no rounds."))
    round_ = Round.objects.get(pk=workshop.current_round_id)
    if phase == Phase.VOTING and not _visible(round_).exists():
        raise WorkshopError(_("There is nothing to vote on yet."))
    round_.phase = phase
    round_.save(update_fields=["phase"])
    # Everybody starts the new phase not yet done.
    Participant.objects.filter(workshop=workshop).update(done_round=None)
    _bump(workshop.pk)
    return round_


@transaction.atomic
def round_move(*, workshop: Workshop, step: int) -> Round:
    """Go to the next (+1) or previous (-1) round; each round keeps its own phase and votes."""
    workshop = _open_workshop(workshop.pk, lock=True)
    rounds = list(workshop.rounds.all())
    if not rounds:
        raise WorkshopError(_("This workshop has no rounds."))
    index = next((i for i, r in enumerate(rounds) if r.pk == workshop.current_round_id), 0)
    target = index + step
    if not 0 <= target < len(rounds):
        raise WorkshopError(
            _("This is the last round.") if step > 0 else _("This is the first round.")
        )
    workshop.current_round = rounds[target]
    workshop.timer_ends_at = None
    workshop.timer_paused_seconds = None
    workshop.save(update_fields=["current_round", "timer_ends_at", "timer_paused_seconds"])
    Participant.objects.filter(workshop=workshop).update(done_round=None)
    _bump(workshop.pk)
    return rounds[target]


@transaction.atomic
def round_add(*, workshop: Workshop, plan: RoundPlan) -> Round:
    workshop = _open_workshop(workshop.pk, lock=True)
    last = workshop.rounds.aggregate(last=Max("order"))["last"] or 0
    round_ = Round.objects.create(
        workshop=workshop, order=last + 1, kind=plan.kind, goal=plan.goal, csf=plan.csf
    )
    if workshop.current_round_id is None:
        workshop.current_round = round_
        workshop.save(update_fields=["current_round"])
    _bump(workshop.pk)
    return round_


@transaction.atomic
def round_set_parent(*, round_: Round, goal=None, csf=None) -> Round:
    """Choose the goal a CSF round works under, or the CSF of a KPI round."""
    _open_workshop(round_.workshop_id)
    round_.goal = goal if round_.kind == RoundKind.CSFS else None
    round_.csf = csf if round_.kind == RoundKind.KPIS else None
    round_.save(update_fields=["goal", "csf"])
    _bump(round_.workshop_id)
    return round_


@transaction.atomic
def votes_reset(*, workshop: Workshop) -> None:
    """Clear every vote of the current round and open voting again; refused, changing nothing,
    when the round has nothing to vote on (as starting the vote is)."""
    workshop = _open_workshop(workshop.pk, lock=True)
    if workshop.current_round_id is None:
        raise WorkshopError(_("This workshop has no rounds."))
    if not _visible(Round.objects.get(pk=workshop.current_round_id)).exists():
        raise WorkshopError(
            _("There is nothing to vote on in this round; the votes stay as they are.")
        )
    Vote.objects.filter(round_id=workshop.current_round_id).delete()
    Round.objects.filter(pk=workshop.current_round_id).update(phase=Phase.VOTING)
    Participant.objects.filter(workshop=workshop).update(done_round=None)
    _bump(workshop.pk)


@transaction.atomic
def timer_control(*, workshop: Workshop, action: str, seconds: int = 0) -> Workshop:
    """start (with `seconds`), add (a minute), pause, resume or stop the round's timer.

    The end time is kept on the server, so every screen counts down to the same moment.
    """
    workshop = _open_workshop(workshop.pk, lock=True)
    now = timezone.now()
    left = workshop.timer_seconds_left(now)
    if action == "start":
        workshop.timer_ends_at = now + datetime.timedelta(seconds=seconds)
        workshop.timer_paused_seconds = None
    elif action == "add":
        if workshop.timer_paused_seconds is not None:
            workshop.timer_paused_seconds = min(left + 60, TIMER_MAX_SECONDS)
        else:
            base = max(workshop.timer_ends_at or now, now)
            workshop.timer_ends_at = min(
                base + datetime.timedelta(seconds=60),
                now + datetime.timedelta(seconds=TIMER_MAX_SECONDS),
            )
    elif action == "pause" and workshop.timer_ends_at is not None:
        workshop.timer_paused_seconds = left
        workshop.timer_ends_at = None
    elif action == "resume" and workshop.timer_paused_seconds is not None:
        workshop.timer_ends_at = now + datetime.timedelta(seconds=workshop.timer_paused_seconds)
        workshop.timer_paused_seconds = None
    elif action == "stop":
        workshop.timer_ends_at = None
        workshop.timer_paused_seconds = None
    else:
        raise WorkshopError(_("The timer cannot do that now."))
    workshop.save(update_fields=["timer_ends_at", "timer_paused_seconds"])
    _bump(workshop.pk)
    return workshop


def _proposal_of(workshop: Workshop, proposal_id) -> Proposal:
    proposal = (
        Proposal.objects.select_related("round")
        .filter(pk=proposal_id, round__workshop=workshop)
        .first()
    )
    if proposal is None:
        raise WorkshopError(_("This proposal is no longer there."))
    return proposal


@transaction.atomic
def proposal_edit(*, workshop: Workshop, proposal_id, text: str) -> Proposal:
    workshop = _open_workshop(workshop.pk)
    proposal = _proposal_of(workshop, proposal_id)
    proposal.text = text[:PROPOSAL_MAX_LENGTH]
    proposal.save(update_fields=["text"])
    _bump(workshop.pk)
    return proposal


@transaction.atomic
def proposal_set_hidden(*, workshop: Workshop, proposal_id, hidden: bool) -> Proposal:
    """Hide an inappropriate proposal from every screen but the facilitator's (or show it)."""
    workshop = _open_workshop(workshop.pk)
    proposal = _proposal_of(workshop, proposal_id)
    proposal.hidden = hidden
    proposal.save(update_fields=["hidden"])
    _bump(workshop.pk)
    return proposal


@transaction.atomic
def proposal_merge(*, workshop: Workshop, proposal_id, into_id) -> Proposal:
    """Fold a duplicate into another proposal of the same round; its votes count for that one."""
    workshop = _open_workshop(workshop.pk, lock=True)
    duplicate = _proposal_of(workshop, proposal_id)
    target = _proposal_of(workshop, into_id)
    if duplicate.pk == target.pk or target.merged_into_id is not None:
        raise WorkshopError(_("Choose another proposal to merge this one into."))
    if duplicate.round_id != target.round_id:
        raise WorkshopError(_("Only proposals of the same round can be merged."))
    Vote.objects.filter(proposal=duplicate).update(proposal=target)
    # Anything merged into the duplicate earlier now belongs to the target too.
    Proposal.objects.filter(merged_into=duplicate).update(merged_into=target)
    duplicate.merged_into = target
    duplicate.save(update_fields=["merged_into"])
    _bump(workshop.pk)
    return target


def _title(text: str) -> tuple[str, str]:
    """A node's title from a proposal, and the full text as its description when it is long."""
    text = " ".join(text.split())
    if len(text) <= 200:
        return text, ""
    return Truncator(text).chars(200), text


@transaction.atomic
def proposal_promote(*, workshop: Workshop, proposal_id, perspective: str = "") -> Proposal:
    """Put a proposal into the strategy's tree as a draft node under the round's parent.

    A goal proposal becomes a goal (in `perspective`), a CSF proposal a CSF under the round's
    goal, a KPI proposal a draft KPI under the round's CSF, with what the SMART engine found in
    its statement (unit, target, deadline…) filled in where it fits the KPI's rules.
    """
    workshop = _open_workshop(workshop.pk, lock=True)
    proposal = _proposal_of(workshop, proposal_id)
    if proposal.is_promoted:
        raise WorkshopError(_("This proposal is already in the tree."))
    if proposal.merged_into_id is not None:
        raise WorkshopError(_("This proposal was merged into another one: promote that one."))
    round_ = proposal.round
    title, description = _title(proposal.text)
    strategy = workshop.strategy
    if round_.kind == RoundKind.GOALS:
        order = (strategy.goals.aggregate(last=Max("order"))["last"] or 0) + 1
        proposal.promoted_goal = Goal.objects.create(
            strategy=strategy,
            title=title,
            description=description,
            perspective=perspective if perspective in Perspective.values else Perspective.CUSTOMER,
            term=Term.LONG,
            order=order,
        )
    elif round_.kind == RoundKind.CSFS:
        goal = Goal.objects.filter(pk=round_.goal_id, strategy=strategy).first()
        if goal is None:
            raise WorkshopError(_("Choose the goal this round works under first."))
        order = (goal.csfs.aggregate(last=Max("order"))["last"] or 0) + 1
        proposal.promoted_csf = CriticalSuccessFactor.objects.create(
            goal=goal, title=title, description=description, order=order
        )
    else:
        csf = CriticalSuccessFactor.objects.filter(
            pk=round_.csf_id, goal__strategy=strategy
        ).first()
        if csf is None:
            raise WorkshopError(
                _("Choose the critical success factor this round works under first.")
            )
        proposal.promoted_kpi = _draft_kpi(csf, proposal.text)
    proposal.promoted_at = timezone.now()
    proposal.save(update_fields=["promoted_goal", "promoted_csf", "promoted_kpi", "promoted_at"])
    _bump(workshop.pk, participants=False)
    return proposal


def _draft_kpi(csf: CriticalSuccessFactor, statement: str) -> Kpi:
    """A draft KPI from a proposed statement, with the values the SMART engine reads in it."""
    text = " ".join(statement.split())
    name = Truncator(text).words(8, truncate="…")[:200]
    order = (csf.kpis.aggregate(last=Max("order"))["last"] or 0) + 1
    kpi = Kpi(csf=csf, name=name, statement=text, status=KpiStatus.DRAFT, order=order)
    found = evaluate(
        KpiContext(statement=text, lang=current_lang(), today=timezone.localdate())
    ).extraction.as_form_initial()
    for field, value in found.items():
        setattr(kpi, field, value)
    try:
        kpi.full_clean(exclude=["csf", "owner", "template"])
    except ValidationError:
        # The statement's numbers don't fit the KPI's rules together: keep only the words.
        kpi = Kpi(csf=csf, name=name, statement=text, status=KpiStatus.DRAFT, order=order)
    kpi.save()
    return kpi


@transaction.atomic
def workshop_close(*, workshop: Workshop) -> Workshop:
    """End the workshop: its code stops working and guests lose access; members keep the summary."""
    workshop = _open_workshop(workshop.pk, lock=True)
    workshop.closed_at = timezone.now()
    workshop.timer_ends_at = None
    workshop.timer_paused_seconds = None
    workshop.save(update_fields=["closed_at", "timer_ends_at", "timer_paused_seconds"])
    _bump(workshop.pk)
    return workshop


def _visible(round_: Round):
    return round_.proposals.filter(hidden=False, merged_into=None)
