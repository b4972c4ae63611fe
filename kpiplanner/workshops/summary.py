"""Afterwards: a workshop's summary page and its CSV (proposals and their votes).

Organisation pages, open to every member of the workshop's organisation
(`access.get_workshop_for_member`): another organisation's workshop is a 404.
"""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kpiplanner.interchange.formats import spreadsheet_safe

from .access import get_workshop_for_member
from .models import Proposal, Workshop


def _summary_rounds(workshop: Workshop) -> list[dict]:
    """Every round with its proposals (votes counted, merged ones under their target)."""
    rounds = list(workshop.rounds.select_related("goal", "csf"))
    proposals = (
        Proposal.objects.filter(round__workshop=workshop)
        .select_related(
            "author",
            "promoted_goal__strategy",
            "promoted_csf__goal__strategy",
            "promoted_kpi__csf__goal__strategy",
            "merged_into",
        )
        .annotate(vote_count=Count("votes"))
        .order_by("round__order", "created_at", "id")
    )
    by_round = {r.pk: [] for r in rounds}
    for proposal in proposals:
        by_round[proposal.round_id].append(proposal)
    return [
        {
            "round": r,
            "proposals": sorted(
                by_round[r.pk], key=lambda p: (p.merged_into_id is not None, -p.vote_count)
            ),
        }
        for r in rounds
    ]


@never_cache
@require_GET
@login_required
def summary(request: HttpRequest, pk) -> HttpResponse:
    """Afterwards: rounds, proposals with votes, what went where in the tree, who took part."""
    workshop = get_workshop_for_member(request, pk)
    return render(
        request,
        "workshops/summary.html",
        {
            "workshop": workshop,
            "rounds": _summary_rounds(workshop),
            "people": list(workshop.participants.select_related("user")),
        },
    )


def _cell(value) -> str:
    return spreadsheet_safe(str(value))


@never_cache
@require_GET
@login_required
def summary_csv(request: HttpRequest, pk) -> HttpResponse:
    """Proposals and their votes as CSV, one row per proposal, in the reader's language."""
    workshop = get_workshop_for_member(request, pk)
    dutch = not (request.LANGUAGE_CODE or "nl").startswith("en")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if dutch else ",")
    writer.writerow(
        [
            _("Round"),
            _("Kind"),
            _("Proposal"),
            _("Proposed by"),
            _("Votes"),
            _("Voters"),
            _("Hidden"),
            _("Merged into"),
            _("Promoted to"),
        ]
    )
    voters = _voters(workshop)
    for entry in _summary_rounds(workshop):
        round_ = entry["round"]
        for proposal in entry["proposals"]:
            node = proposal.promoted_node
            writer.writerow(
                [
                    _cell(round_.order),
                    _cell(round_.get_kind_display()),
                    _cell(proposal.text),
                    "" if workshop.anonymous else _cell(proposal.author or ""),
                    proposal.vote_count,
                    voters.get(proposal.pk, 0),
                    _("yes") if proposal.hidden else "",
                    _cell(proposal.merged_into.text) if proposal.merged_into else "",
                    _cell(node) if node else "",
                ]
            )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = slugify(workshop.title) or "workshop"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _voters(workshop: Workshop) -> dict[int, int]:
    return dict(
        Proposal.objects.filter(round__workshop=workshop)
        .annotate(n=Count("votes__participant", distinct=True))
        .values_list("pk", "n")
    )
