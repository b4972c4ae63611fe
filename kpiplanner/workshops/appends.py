"""New proposals appended to a phone's list instead of the list sent whole.

While proposals pour in (two hundred people proposing twice within a few seconds), the list
changes many times a second. A phone that holds a list of revision `held` needs only the rows
listed since, when nothing else changed since `held`: no phase, reveal, edit, hide, merge, round
or timer change (`Workshop.list_base_revision` says when the last one was). Each new proposal
has its own list revision (`Proposal.listed_revision`, set under the workshop's row lock), so
"the rows since `held` up to the current revision" is exact, whatever the order of commits.

The answer carries them out of band (`hx-swap-oob="beforeend:#ws-rows"`, with the revisions
they lead from and to, which workshop.js checks against the list it holds) and the list's new
heading. Each row is the same for every participant: the rows of a base revision's span are
rendered once per worker and language and kept in the cache (`listed`; correct without it).
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from .live import counts_shown
from .models import Phase, Proposal
from .screens import SHARED_SECONDS, ProposalRow


@dataclass(frozen=True)
class ListState:
    """What of a workshop decides whether and what a phone's list gets appended."""

    workshop_id: object
    round_id: int | None
    phase: str | None
    votes_hidden: bool
    anonymous: bool
    proposals_live: bool
    list_revision: int
    base_revision: int

    # The workshop's fields it is read from (the middleware reads them as values).
    FIELDS = (
        "pk",
        "current_round_id",
        "current_round__phase",
        "votes_hidden",
        "anonymous",
        "proposals_live",
        "list_revision",
        "list_base_revision",
    )

    @classmethod
    def of(cls, workshop) -> "ListState":
        round_ = workshop.current_round
        return cls(
            workshop.pk,
            workshop.current_round_id,
            round_.phase if round_ else None,
            workshop.votes_hidden,
            workshop.anonymous,
            workshop.proposals_live,
            workshop.list_revision,
            workshop.list_base_revision,
        )

    def can_append(self, held: int | None) -> bool:
        """Whether a phone holding list revision `held` is brought up to date by appending."""
        return (
            held is not None
            and self.round_id is not None
            and self.base_revision <= held < self.list_revision
            # Others' proposals hidden until proposing closes: each phone's list is its own.
            and (self.proposals_live or self.phase != Phase.PROPOSING)
        )


class _Workshop:
    """What a row's template reads of the workshop."""

    def __init__(self, state: ListState):
        self.pk = state.workshop_id
        self.anonymous = state.anonymous


class _Round:
    def __init__(self, phase):
        self.voting_open = phase == Phase.VOTING


class _View:
    """What a row's template reads of the round: whether it shows counts and vote forms. A row
    is rendered with no votes; the phone sets them from the data (`#ws-counts`) that comes with
    every answer while they show."""

    def __init__(self, state: ListState):
        self.round = _Round(state.phase)
        self.show_counts = counts_shown(state.phase, state.votes_hidden)


@dataclass(frozen=True)
class Listed:
    """The rows listed in one base revision's span, from `start` on: `rows[i]` is the HTML of
    the proposal listed at revision start + 1 + i (None when that one is not on the current
    round's list, as one made in a round just left), and `count` the proposals listed by
    `start`. Nothing in the span changes once read: any other change starts a new span."""

    start: int
    count: int
    rows: tuple

    @property
    def end(self) -> int:
        return self.start + len(self.rows)


def _read(state: ListState, after: int, upto: int) -> tuple:
    """The rows listed at revisions (after, upto], rendered (one query)."""
    proposals = {
        proposal.listed_revision: proposal
        for proposal in Proposal.objects.filter(
            round_id=state.round_id,
            listed_revision__gt=after,
            listed_revision__lte=upto,
            hidden=False,
            merged_into=None,
        ).select_related("author")
    }
    context = {"workshop": _Workshop(state), "view": _View(state), "csrf_input": ""}
    rows = []
    for revision in range(after + 1, upto + 1):
        proposal = proposals.get(revision)
        if proposal is None:
            rows.append(None)
            continue
        context["row"] = ProposalRow(proposal, 0)  # counts, when shown, come as data
        rows.append(render_to_string("workshops/_participant_row.html", context))
    return tuple(rows)


def listed(state: ListState, held: int) -> Listed:
    """The span that covers (held, state.list_revision]: from the cache, extended or read anew
    as needed. Every phone polling in the span shares it, so each row is rendered once per
    worker; without a cache each answer reads just what it needs."""
    key = f"ws-listed:{state.workshop_id}:{state.base_revision}:{translation.get_language()}"
    entry = cache.get(key)
    current = state.list_revision
    if entry is None or held < entry.start:
        count = Proposal.objects.filter(
            round_id=state.round_id, listed_revision__lte=held, hidden=False, merged_into=None
        ).count()
        entry = Listed(held, count, _read(state, held, current))
    elif current > entry.end:
        entry = Listed(entry.start, entry.count, entry.rows + _read(state, entry.end, current))
    else:
        return entry
    cache.set(key, entry, SHARED_SECONDS)
    return entry


def list_append(state: ListState, held: int) -> str:
    """The out-of-band parts that bring a list of revision `held` to `state.list_revision`."""
    entry = listed(state, held)
    upto = state.list_revision - entry.start
    new = [row for row in entry.rows[held - entry.start : upto] if row is not None]
    count = entry.count + sum(row is not None for row in entry.rows[:upto])
    return render_to_string(
        "workshops/participant.html#append",
        {
            "rows": [mark_safe(row) for row in new],  # our own rendering
            "held": held,
            "current": state.list_revision,
            "count": count,
        },
    )
