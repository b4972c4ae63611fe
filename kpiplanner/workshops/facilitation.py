"""The facilitator's side of a workshop: creating it, the control screen and the projector
view (afterwards, the summary and its CSV: `summary.py`).

These are organisation pages: every view loads the workshop through
`access.get_workshop_for_member`, so another organisation's workshop is a 404 and only editors
(admin, facilitator) may run one; the summary and CSV are open to every member. Each control is a
small POST form: htmx gets the live region back, a plain POST a redirect.
"""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from csf.models import CriticalSuccessFactor
from goals.access import get_strategy_for_member
from goals.models import Goal

from . import services
from .access import get_workshop_for_member
from .forms import (
    ROUND_SLOTS,
    PromoteForm,
    ProposalEditForm,
    RoundForm,
    TimerForm,
    WorkshopForm,
)
from .live import LIST_HEADER, counts_json, is_number, round_counts
from .models import Phase, Proposal, Round, RoundKind, Workshop
from .screens import (
    control_list,
    live_params,
    participants_with_votes,
    read_head,
    read_round,
    render_control_list,
    screen_list,
)

# The phase each control button moves the current round to.
PHASE_CONTROLS = {
    "open-proposals": Phase.PROPOSING,
    "close-proposals": Phase.PAUSED,
    "start-voting": Phase.VOTING,
    "reveal": Phase.REVEALED,
}


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def workshop_new(request: HttpRequest, strategy_pk) -> HttpResponse:
    strategy = get_strategy_for_member(request, strategy_pk, write=True)
    form = WorkshopForm(request.POST or None, strategy=strategy)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        workshop = services.workshop_create(
            strategy=strategy,
            by=request.user,
            title=data["title"],
            rounds=data["rounds"],
            dots_per_person=data["dots_per_person"],
            max_per_item=data["max_per_item"],
            votes_hidden=data["votes_hidden"],
            proposals_live=data["proposals_live"],
            anonymous=data["anonymous"],
        )
        return redirect(workshop.get_absolute_url())
    slots = [
        {"kind": form[f"round_{slot}"], "under": form[f"round_{slot}_under"]}
        for slot in range(1, ROUND_SLOTS + 1)
    ]
    return render(
        request, "workshops/new.html", {"strategy": strategy, "form": form, "slots": slots}
    )


def _control_context(request, workshop: Workshop) -> dict:
    rounds = list(workshop.rounds.select_related("goal", "csf"))
    current_index = next(
        (i for i, r in enumerate(rounds) if r.pk == workshop.current_round_id), None
    )
    held = request.headers.get(LIST_HEADER, "")
    placeholder = bool(request.htmx) and is_number(held) and int(held) == workshop.list_revision
    counts = ""
    if request.htmx:
        # The rows once per list revision (or a placeholder for the ones the screen holds),
        # the counts as data.
        view = read_head(workshop)
        entry = control_list(request, workshop)
        listing, row_count = ("" if placeholder else entry.html), entry.row_count
        votes = round_counts(workshop.pk, workshop.current_round_id, workshop.content_revision)
        counts, total_votes = counts_json(votes), sum(votes.values())
    else:
        view = read_round(workshop, facilitator=True)
        listing = render_control_list(request, workshop, view)
        row_count, total_votes = len(view.rows), view.total_votes
    return {
        "workshop": workshop,
        "view": view,
        "proposal_list": mark_safe(listing),  # our own rendering
        "list_revision": workshop.list_revision,
        "placeholder": placeholder,
        "counts_json": counts,
        "row_count": row_count,
        "total_votes": total_votes,
        "parent_choices": _parent_choices(workshop),
        "people": participants_with_votes(workshop),
        "rounds": rounds,
        "has_previous": bool(current_index),
        "has_next": current_index is not None and current_index < len(rounds) - 1,
        "live_query": live_params(workshop, f"c{request.user.pk}"),
    }


def _parent_choices(workshop: Workshop) -> list[tuple[str, str, bool]]:
    """What the current round can work under: goals for a CSF round, CSFs for a KPI round."""
    round_ = workshop.current_round
    if round_ is None or round_.kind == RoundKind.GOALS:
        return []
    if round_.kind == RoundKind.CSFS:
        goals = Goal.objects.filter(strategy=workshop.strategy_id).order_by("order", "created_at")
        return [(f"goal:{g.pk}", g.title, g.pk == round_.goal_id) for g in goals]
    csfs = (
        CriticalSuccessFactor.objects.filter(goal__strategy=workshop.strategy_id)
        .select_related("goal")
        .order_by("goal__order", "goal__created_at", "order", "created_at")
    )
    return [
        (f"csf:{c.pk}", f"{Truncator(c.goal.title).chars(30)} → {c.title}", c.pk == round_.csf_id)
        for c in csfs
    ]


def _render_control(request, workshop: Workshop, *, status: int = 200) -> HttpResponse:
    context = _control_context(request, workshop)
    if request.htmx:
        return render(request, "workshops/control.html#live", context, status=status)
    context |= {
        "round_form": RoundForm(strategy=workshop.strategy),
        "timer_form": TimerForm(initial={"minutes": 5}),
        "join_url": _join_url(request, workshop),
    }
    return render(request, "workshops/control.html", context, status=status)


@never_cache
@vary_on_headers("HX-Request")
@require_GET
@login_required
def control(request: HttpRequest, pk) -> HttpResponse:
    workshop = get_workshop_for_member(request, pk, write=True)
    if not workshop.is_open:
        return redirect("workshops:summary", workshop.pk)
    return _render_control(request, workshop)


@never_cache
@require_GET
@login_required
def control_live(request: HttpRequest, pk) -> HttpResponse:
    workshop = get_workshop_for_member(request, pk, write=True)
    if not workshop.is_open:
        return HttpResponseClientRedirect(reverse("workshops:summary", args=[workshop.pk]))
    return render(request, "workshops/control.html#live", _control_context(request, workshop))


def _control(request, workshop: Workshop, act) -> HttpResponse:
    """Run one control (a service call) and answer; a refusal is shown as a message."""
    try:
        act()
    except services.WorkshopError as error:
        return _answer(request, workshop, error.message)
    return _answer(request, workshop)


def _answer(request, workshop: Workshop, error=None) -> HttpResponse:
    """After a control: the live region for htmx (with the refusal as a message), else back."""
    if error is not None:
        messages.error(request, error)
    if not request.htmx:
        if not Workshop.objects.filter(pk=workshop.pk, closed_at__isnull=True).exists():
            return redirect("workshops:summary", workshop.pk)
        return redirect("workshops:control", workshop.pk)
    workshop = get_workshop_for_member(request, workshop.pk, write=True)
    if not workshop.is_open:
        return HttpResponseClientRedirect(reverse("workshops:summary", args=[workshop.pk]))
    return render(request, "workshops/control.html#live", _control_context(request, workshop))


@never_cache
@require_POST
@login_required
def control_action(request: HttpRequest, pk, action: str) -> HttpResponse:
    """One of the facilitator's buttons: phases, rounds, resetting votes, closing."""
    workshop = get_workshop_for_member(request, pk, write=True)
    try:
        if action in PHASE_CONTROLS:
            services.round_set_phase(workshop=workshop, phase=PHASE_CONTROLS[action])
        elif action in ("next", "previous"):
            services.round_move(workshop=workshop, step=1 if action == "next" else -1)
        elif action == "reset-votes":
            services.votes_reset(workshop=workshop)
        elif action == "close":
            services.workshop_close(workshop=workshop)
        else:
            return HttpResponse(status=404)
    except services.WorkshopError as error:
        return _answer(request, workshop, error.message)
    return _answer(request, workshop)


@never_cache
@require_POST
@login_required
def timer(request: HttpRequest, pk, action: str) -> HttpResponse:
    workshop = get_workshop_for_member(request, pk, write=True)
    form = TimerForm(request.POST)
    minutes = form.cleaned_data.get("minutes") if form.is_valid() else None
    if action == "start" and not minutes:
        return _answer(request, workshop, _("Give the timer between 1 and 99 minutes."))
    return _control(
        request,
        workshop,
        lambda: services.timer_control(
            workshop=workshop, action=action, seconds=(minutes or 0) * 60
        ),
    )


@never_cache
@require_POST
@login_required
def round_add(request: HttpRequest, pk) -> HttpResponse:
    workshop = get_workshop_for_member(request, pk, write=True)
    form = RoundForm(request.POST, strategy=workshop.strategy)
    if not form.is_valid() or not form.cleaned_data["kind"]:
        return _answer(request, workshop, _("Choose what the new round is about."))
    goal, csf = form.parent()
    return _control(
        request,
        workshop,
        lambda: services.round_add(
            workshop=workshop,
            plan=services.RoundPlan(kind=form.cleaned_data["kind"], goal=goal, csf=csf),
        ),
    )


@never_cache
@require_POST
@login_required
def round_parent(request: HttpRequest, pk, round_pk: int) -> HttpResponse:
    """Choose the goal (CSF round) or CSF (KPI round) that a round's proposals go under."""
    workshop = get_workshop_for_member(request, pk, write=True)
    round_ = Round.objects.filter(pk=round_pk, workshop=workshop).first()
    form = RoundForm(request.POST, strategy=workshop.strategy)
    if round_ is None or not form.is_valid():
        return _answer(
            request, workshop, _("Choose a goal or critical success factor from the list.")
        )
    goal, csf = form.parent()
    if (round_.kind == "csfs" and goal is None) or (round_.kind == "kpis" and csf is None):
        return _answer(
            request, workshop, _("A CSF round works under a goal, a KPI round under a CSF.")
        )
    return _control(
        request,
        workshop,
        lambda: services.round_set_parent(round_=round_, goal=goal, csf=csf),
    )


@never_cache
@require_POST
@login_required
def proposal_action(request: HttpRequest, pk, proposal_pk: int, action: str) -> HttpResponse:
    """Hide, show, merge or promote one proposal."""
    workshop = get_workshop_for_member(request, pk, write=True)
    try:
        if action in ("hide", "show"):
            services.proposal_set_hidden(
                workshop=workshop, proposal_id=proposal_pk, hidden=action == "hide"
            )
        elif action == "merge":
            into = request.POST.get("into", "")
            if not into.isascii() or not into.isdigit():
                raise services.WorkshopError(_("Choose the proposal to merge this one into."))
            services.proposal_merge(workshop=workshop, proposal_id=proposal_pk, into_id=int(into))
        elif action == "promote":
            form = PromoteForm(request.POST)
            perspective = form.cleaned_data["perspective"] if form.is_valid() else ""
            services.proposal_promote(
                workshop=workshop, proposal_id=proposal_pk, perspective=perspective
            )
        else:
            return HttpResponse(status=404)
    except services.WorkshopError as error:
        return _answer(request, workshop, error.message)
    return _answer(request, workshop)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def proposal_edit(request: HttpRequest, pk, proposal_pk: int) -> HttpResponse:
    """Correct a proposal's wording (a typo, or words that should not be on a wall)."""
    workshop = get_workshop_for_member(request, pk, write=True)
    proposal = Proposal.objects.filter(pk=proposal_pk, round__workshop=workshop).first()
    if proposal is None:
        raise Http404
    form = ProposalEditForm(request.POST or None, initial={"text": proposal.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_edit(
                workshop=workshop, proposal_id=proposal.pk, text=form.cleaned_data["text"]
            )
        except services.WorkshopError as error:
            form.add_error(None, error.message)
        else:
            return redirect("workshops:control", workshop.pk)
    others = Proposal.objects.filter(round=proposal.round_id, merged_into=None).exclude(
        pk=proposal.pk
    )
    return render(
        request,
        "workshops/proposal_edit.html",
        {"workshop": workshop, "proposal": proposal, "form": form, "others": others},
    )


def _join_url(request, workshop: Workshop) -> str:
    return request.build_absolute_uri(f"{reverse('workshops:join')}?code={workshop.code}")


def qr_svg(url: str) -> str:
    """The join link as an inline SVG QR code, drawn on the server (segno): no script, no CDN."""
    return segno.make(url, error="m").svg_inline(
        scale=8, border=2, dark="#111", light="#fff", omitsize=True
    )


def _screen_context(request, workshop: Workshop) -> dict:
    """The projector's region: its head read anew (one query), the proposal list shared by every
    projector (`screens.screen_list`, once per list revision) or, when the screen already holds
    that list (its `X-Workshop-List` header), an empty placeholder that htmx fills with it; the
    vote counts as data for workshop.js (read once per content revision). A plain page gets
    the list rendered with its counts."""
    held = request.headers.get(LIST_HEADER, "")
    placeholder = bool(request.htmx) and is_number(held) and int(held) == workshop.list_revision
    if not request.htmx:
        view = read_round(workshop)
        listing = render_to_string(
            "workshops/screen.html#list", {"workshop": workshop, "view": view}
        )
    else:
        view = read_head(workshop)
        listing = "" if placeholder else screen_list(workshop)
    counts = ""
    if view.show_counts and request.htmx:
        counts = counts_json(
            round_counts(workshop.pk, workshop.current_round_id, workshop.content_revision)
        )
    return {
        "workshop": workshop,
        "view": view,
        "screen_list": mark_safe(listing),  # our own rendering
        "list_revision": workshop.list_revision,
        "placeholder": placeholder,
        "counts_json": counts,
        "live_query": live_params(workshop, f"s{request.user.pk}"),
    }


@never_cache
@vary_on_headers("HX-Request")
@require_GET
@login_required
def screen(request: HttpRequest, pk) -> HttpResponse:
    """The projector view: large type, the code and QR code, the proposals; no controls."""
    workshop = get_workshop_for_member(request, pk, write=True)
    if not workshop.is_open:
        return redirect("workshops:summary", workshop.pk)
    join_url = _join_url(request, workshop)
    context = _screen_context(request, workshop) | {
        "join_url": join_url,
        "qr": qr_svg(join_url),
    }
    return render(request, "workshops/screen.html", context)


@never_cache
@require_GET
@login_required
def screen_live(request: HttpRequest, pk) -> HttpResponse:
    workshop = get_workshop_for_member(request, pk, write=True)
    if not workshop.is_open:
        return render(request, "workshops/screen.html#ended", {"workshop": workshop})
    return render(request, "workshops/screen.html#live", _screen_context(request, workshop))
