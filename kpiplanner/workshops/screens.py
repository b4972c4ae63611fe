"""What each live screen shows, read in a fixed number of queries whatever the workshop's size.

The participant's phone, the facilitator's control screen and the projector share one reading
of the current round (`RoundView`): its proposals with their vote counts, who may see what under
the workshop's settings, and the timer. Views render it; nothing here writes.
"""

import json
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from goals.models import Perspective

from .live import poll_token
from .models import Participant, Phase, Proposal, Round, RoundKind, Vote, Workshop

QUESTIONS = {
    RoundKind.GOALS: _("Where do we want to be in a few years? Propose a goal."),
    RoundKind.CSFS: _("What must go right to reach this goal? Propose a critical success factor."),
    RoundKind.KPIS: _("Which one number shows that this is going right? Propose a KPI."),
}
GUIDANCE = {
    RoundKind.GOALS: _(
        "One goal per proposal, in a few words: where the organisation wants to be, not how."
    ),
    RoundKind.CSFS: _(
        "Think of people, service, speed and quality: what has to go well, every day, to get there."
    ),
    RoundKind.KPIS: _(
        "One measurable number with a target and a deadline, e.g. “Average resolution time "
        "10 hours or less by the end of Q1”."
    ),
}


@dataclass
class ProposalRow:
    proposal: Proposal
    votes: int
    mine: int = 0
    own: bool = False
    merged: list = field(default_factory=list)
    disabled: bool = False  # no vote left, or this one has as many as one person may give

    @property
    def pk(self):
        return self.proposal.pk


@dataclass
class RoundView:
    workshop: Workshop
    round: Round | None
    rows: list[ProposalRow]
    show_counts: bool
    participant_count: int
    done_count: int
    votes_used: int = 0

    @property
    def question(self):
        return QUESTIONS.get(self.round.kind, "") if self.round else ""

    @property
    def guidance(self):
        return GUIDANCE.get(self.round.kind, "") if self.round else ""

    @property
    def votes_left(self) -> int:
        return max(0, self.workshop.dots_per_person - self.votes_used)

    @property
    def max_votes(self) -> int:
        return max((row.votes for row in self.rows), default=0)

    @property
    def total_votes(self) -> int:
        return sum(row.votes for row in self.rows)

    @property
    def timer_seconds(self):
        return self.workshop.timer_seconds_left()

    @property
    def round_number(self) -> int:
        return self.round.order if self.round else 0


class RoundTimer:
    """Just the timer, for the `_timer.html` include on a screen whose lists are shared."""

    def __init__(self, workshop: Workshop):
        self.timer_seconds = workshop.timer_seconds_left()


def read_round(
    workshop: Workshop,
    *,
    participant: Participant | None = None,
    facilitator: bool = False,
) -> RoundView:
    """The current round as one viewer may see it.

    Participants see their own proposals at once and the others' as they come in or once
    proposing closes (per the settings), never hidden ones; counts show once revealed, or live
    while voting when votes are not hidden. The facilitator sees everything, hidden ones
    included, and the counts always.
    """
    round_ = workshop.current_round
    counts = _people(workshop)
    if round_ is None:
        return RoundView(workshop, None, [], False, counts["total"], counts["done"])
    # Only the control screen shows where a proposal went in the tree; the phones and the
    # projector, which re-read this every time anything changes, skip those three joins.
    # The promoted node's link walks up to its strategy: read along, not once per proposal.
    related = ["author"]
    if facilitator:
        related += [
            "promoted_goal__strategy",
            "promoted_csf__goal__strategy",
            "promoted_kpi__csf__goal__strategy",
        ]
    proposals = (
        Proposal.objects.filter(round=round_)
        .select_related(*related)
        .annotate(vote_count=Count("votes"))
    )
    rows: dict = {}
    merged: list[Proposal] = []
    for proposal in proposals:
        if proposal.merged_into_id:
            merged.append(proposal)
            continue
        own = participant is not None and proposal.author_id == participant.pk
        if not facilitator and proposal.hidden:
            continue
        if not (facilitator or own or workshop.proposals_live or round_.phase != Phase.PROPOSING):
            continue
        rows[proposal.pk] = ProposalRow(proposal, proposal.vote_count, own=own)
    for proposal in merged:
        if proposal.merged_into_id in rows:
            rows[proposal.merged_into_id].merged.append(proposal)
    votes_used = 0
    if participant is not None:
        for proposal_id, mine in (
            Vote.objects.filter(round=round_, participant=participant)
            .values_list("proposal")
            .annotate(n=Count("id"))
        ):
            votes_used += mine
            if proposal_id in rows:
                rows[proposal_id].mine = mine
    show_counts = (
        facilitator
        or round_.phase == Phase.REVEALED
        or (round_.phase == Phase.VOTING and not workshop.votes_hidden)
    )
    ordered = list(rows.values())
    if round_.phase == Phase.REVEALED:
        ordered.sort(key=lambda row: -row.votes)
    return RoundView(
        workshop,
        round_,
        ordered,
        show_counts,
        counts["total"],
        counts["done"],
        votes_used=votes_used,
    )


def _people(workshop: Workshop) -> dict:
    """How many joined and how many are done with the current round (one query)."""
    round_id = workshop.current_round_id
    return Participant.objects.filter(workshop=workshop).aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(done_round_id=round_id) & Q(done_round__isnull=False)),
    )


def read_head(workshop: Workshop) -> RoundView:
    """The current round without its proposals, for a screen whose list is shared (one query):
    the participant and done counts, whether counts show."""
    round_ = workshop.current_round
    people = _people(workshop)
    shown = bool(round_) and (
        round_.phase == Phase.REVEALED
        or (round_.phase == Phase.VOTING and not workshop.votes_hidden)
    )
    return RoundView(workshop, round_, [], shown, people["total"], people["done"])


def screen_list(workshop: Workshop) -> str:
    """The projector's proposal list, rendered once per list revision and language and kept in
    the cache: every projector shows the same, and a vote changes only the counts, which the
    screen gets as data with each answer (`#ws-counts`, shown by workshop.js). The counts in
    the rendering are those of when it was made."""
    key = f"ws-screen:{workshop.pk}:{workshop.list_revision}:{translation.get_language() or ''}"
    html = cache.get(key)
    if html is None:
        context = {"workshop": workshop, "view": read_round(workshop)}
        html = render_to_string("workshops/screen.html#list", context)
        cache.set(key, html, SHARED_SECONDS)
    return mark_safe(html)  # our own rendering


@dataclass(frozen=True)
class ControlList:
    html: str
    row_count: int


def control_list(request, workshop: Workshop) -> ControlList:
    """The control screen's proposal rows, rendered once per list revision for this facilitator
    and kept in the cache: a vote changes only the counts, which the screen gets as data
    (`#ws-counts`). Their forms carry the person's CSRF token, so the key names the person and
    (hashed) the secret the token was made from; a new login makes a new rendering."""
    get_token(request)  # the CSRF secret is set on the request
    secret = salted_hmac("ws-control-list", request.META.get("CSRF_COOKIE", "")).hexdigest()[:16]
    key = (
        f"ws-control:{workshop.pk}:{workshop.list_revision}:"
        f"{translation.get_language() or ''}:{request.user.pk}:{secret}"
    )
    entry = cache.get(key)
    if entry is None:
        view = read_round(workshop, facilitator=True)
        entry = ControlList(render_control_list(request, workshop, view), len(view.rows))
        cache.set(key, entry, SHARED_SECONDS)
    return entry


def render_control_list(request, workshop: Workshop, view: RoundView) -> str:
    context = {"workshop": workshop, "view": view, "perspectives": Perspective.choices}
    return render_to_string("workshops/control.html#proposals", context, request=request)


def participants_with_votes(workshop: Workshop) -> list[Participant]:
    """Everyone who joined, each with `votes_used` in the current round and `done`."""
    people = list(
        Participant.objects.filter(workshop=workshop)
        .select_related("user")
        .annotate(votes_used=Count("votes", filter=Q(votes__round_id=workshop.current_round_id)))
    )
    for person in people:
        person.votes_left = max(0, workshop.dots_per_person - person.votes_used)
        person.done = (
            bool(person.done_round_id) and person.done_round_id == workshop.current_round_id
        )
    return people


def live_params(workshop: Workshop, who: str, *, revision: int | None = None) -> str:
    """The query string a live region polls with: its revision and the viewer's token."""
    rev = workshop.content_revision if who.startswith("p") else workshop.revision
    rev = rev if revision is None else revision
    return f"rev={rev}&who={who}&t={poll_token(workshop.pk, who)}"


def others_hidden(workshop: Workshop) -> bool:
    """Whether participants see only their own proposals now (until proposing closes)."""
    round_ = workshop.current_round
    return bool(round_ and round_.phase == Phase.PROPOSING and not workshop.proposals_live)


@dataclass
class PersonalState:
    """What is one participant's own in the current round: their dots and their proposals."""

    mine: dict
    own: list
    votes_used: int

    def as_json(self, workshop: Workshop) -> str:
        return json.dumps(
            {
                "mine": {str(pk): n for pk, n in self.mine.items()},
                "own": self.own,
                "left": max(0, workshop.dots_per_person - self.votes_used),
                "max": workshop.max_per_item,
            },
            separators=(",", ":"),
        )


def personal_state(workshop: Workshop, participant: Participant) -> PersonalState:
    """Two small indexed queries, whatever the number of proposals or participants."""
    round_id = workshop.current_round_id
    mine = dict(
        Vote.objects.filter(round_id=round_id, participant=participant)
        .values_list("proposal")
        .annotate(n=Count("id"))
    )
    own = list(
        Proposal.objects.filter(round_id=round_id, author=participant).values_list("pk", flat=True)
    )
    return PersonalState(mine, own, sum(mine.values()))


SHARED_SECONDS = 120


@dataclass(frozen=True)
class SharedList:
    """One rendering of the round's head and proposal list as every participant sees it."""

    head: str
    list: str
    list_revision: int  # the workshop's list_revision when it was read
    revision: int  # its content_revision then
    made_at: float
    ids: frozenset  # the proposals in it

    @property
    def parts(self) -> dict:
        return as_safe({"head": self.head, "list": self.list})


def shared_list(workshop: Workshop, *, at_least: int = 0) -> SharedList:
    """The round's head and the proposal list as every participant sees them, rendered once per
    list revision and language and kept in the cache, so a changed poll of two hundred phones
    costs two hundred small personal renders, not two hundred renders of the whole list.

    A rendering of an older list revision younger than WORKSHOP_SHARED_STALE_SECONDS is served
    as it is (never one older than `at_least`, the revision the phone already holds): in a busy
    room the list then changes at most that often per worker, and the phone, told the older
    revision, asks again on its next poll. Nothing personal is in it: no CSRF token (htmx sends
    it in a header), no own dots; the page marks those from its `data-personal`.
    """
    key = f"ws-shared:{workshop.pk}:{translation.get_language() or ''}"
    entry = cache.get(key)
    if entry is not None:
        recent = time.time() - entry.made_at < settings.WORKSHOP_SHARED_STALE_SECONDS
        if entry.list_revision == workshop.list_revision or (
            recent and entry.list_revision >= at_least
        ):
            return entry
    view = read_round(workshop)
    parts = render_shared(workshop, view=view)
    entry = SharedList(
        head=parts["head"],
        list=parts["list"],
        list_revision=workshop.list_revision,
        revision=workshop.content_revision,
        made_at=time.time(),
        ids=frozenset(row.pk for row in view.rows),
    )
    cache.set(key, entry, SHARED_SECONDS)
    return entry


def render_shared(
    workshop: Workshop, *, participant=None, request=None, csrf_input="", view=None
) -> dict:
    """The round's head and proposal list: for everyone (cached by `shared_list`), or with one
    participant's marks and CSRF fields for a page without JavaScript."""
    context = {
        "workshop": workshop,
        "view": view or read_round(workshop, participant=participant),
        "others_hidden": others_hidden(workshop),
        "csrf_input": csrf_input,
    }
    return {
        name: render_to_string(f"workshops/participant.html#{name}", context, request=request)
        for name in ("head", "list")
    }


def as_safe(parts: dict) -> dict:
    return {name: mark_safe(html) for name, html in parts.items()}  # our own rendering


def own_rows(workshop: Workshop, ids, counts: dict) -> list[ProposalRow]:
    """Rows for the person's own proposals `ids` (visible ones of the current round)."""
    proposals = Proposal.objects.filter(
        pk__in=ids, round_id=workshop.current_round_id, hidden=False, merged_into=None
    ).select_related("author")
    return [ProposalRow(p, counts.get(p.pk, 0), own=True) for p in proposals]
