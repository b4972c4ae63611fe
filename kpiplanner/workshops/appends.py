"""New proposals appended to a phone's list instead of the list sent whole.

While proposals pour in (two hundred people proposing twice within a few seconds), the list
changes many times a second. A phone that holds a list of revision `held` needs only the rows
listed since, when nothing else changed since `held`: no phase, reveal, edit, hide, merge, round
or timer change (`Workshop.list_base_revision` says when the last one was). Each new proposal
has its own list revision (`Proposal.listed_revision`, set under the workshop's row lock), so
"the rows since `held` up to the current revision" is exact, whatever the order of commits.

The answer carries them out of band (`hx-swap-oob="beforeend:#ws-rows"`, with the revisions
they lead from and to, which workshop.js checks against the list it holds) and the list's new
heading. Each row is the same for every participant and rendered once per worker for the
list's base revision and the language (the Django cache; correct without it).
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from .models import Phase, Proposal
from .screens import SHARED_SECONDS, ProposalRow


@dataclass(frozen=True)
class ListState:
    """What of a workshop decides whether and what a phone's list gets appended."""

    workshop_id: object
    round_id: int | None
    phase: str | None
    anonymous: bool
    proposals_live: bool
    list_revision: int
    base_revision: int

    @classmethod
    def of(cls, workshop) -> "ListState":
        round_ = workshop.current_round
        return cls(
            workshop.pk,
            workshop.current_round_id,
            round_.phase if round_ else None,
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
    """What a row's template reads of the round: whether it shows counts and vote forms. The
    counts a row shows are those of when it was rendered; the phone sets them from the data
    (`#ws-counts`) that comes with every answer while they show."""

    def __init__(self, phase):
        self.round = _Round(phase)
        self.show_counts = phase in (Phase.VOTING, Phase.REVEALED)


def list_append(state: ListState, held: int, counts: dict | None = None) -> str:
    """The out-of-band parts that bring a list of revision `held` to `state.list_revision`
    (two queries: the new rows and the count; the rows' HTML from the cache)."""
    proposals = list(
        Proposal.objects.filter(
            round_id=state.round_id,
            listed_revision__gt=held,
            listed_revision__lte=state.list_revision,
            hidden=False,
            merged_into=None,
        )
        .select_related("author")
        .order_by("listed_revision")
    )
    count = Proposal.objects.filter(
        round_id=state.round_id,
        listed_revision__lte=state.list_revision,
        hidden=False,
        merged_into=None,
    ).count()
    language = translation.get_language() or ""
    prefix = f"ws-row:{state.workshop_id}:{state.base_revision}:{language}:"
    rows = cache.get_many([f"{prefix}{p.pk}" for p in proposals])
    made = {}
    context = {"workshop": _Workshop(state), "view": _View(state.phase), "csrf_input": ""}
    for proposal in proposals:
        key = f"{prefix}{proposal.pk}"
        if key not in rows:
            votes = (counts or {}).get(proposal.pk, 0)
            context["row"] = ProposalRow(proposal, votes)
            made[key] = rows[key] = render_to_string("workshops/_participant_row.html", context)
    if made:
        cache.set_many(made, SHARED_SECONDS)
    return render_to_string(
        "workshops/participant.html#append",
        {
            "rows": [mark_safe(rows[f"{prefix}{p.pk}"]) for p in proposals],  # our rendering
            "held": held,
            "current": state.list_revision,
            "count": count,
        },
    )
