"""The participant's side of a workshop: joining by code, proposing, voting, being done.

These pages are for the workshop's own participants, guests included, so they are not behind
`login_required`; `access.get_participation` admits only this workshop's participants (404 for
anyone else). Each htmx POST answers with the live region; a plain POST redirects back, so
everything works without JavaScript.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from indicators.feedback import feedback_context, feedback_limit
from indicators.forms import SmartFeedbackInput
from indicators.smart_adapter import current_lang
from kpiplanner.accounts.models import display_name
from kpiplanner.accounts.security import client_address
from kpiplanner.core.ratelimit import RateLimit, too_many_requests

from . import services
from .access import find_participant, get_participation, remember_guest, was_participant
from .appends import ListState, list_append
from .forms import JoinForm, ProposalForm
from .live import LIST_HEADER, counts_json, counts_shown, is_number, round_counts
from .models import RoundKind, Workshop
from .screens import (
    RoundTimer,
    as_safe,
    live_params,
    others_hidden,
    own_rows,
    personal_state,
    read_round,
    render_shared,
    shared_list,
)

JOIN_WINDOW = 600  # seconds


def join_limit() -> RateLimit:
    """Wrong codes per address (JOIN_ATTEMPTS in ten minutes) before the join page asks to wait."""
    return RateLimit("join", limit=settings.JOIN_ATTEMPTS, window=JOIN_WINDOW)


@never_cache
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Ask for the code and a name; `?code=` (the QR code's target) fills the code in."""
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            workshop = _workshop_for_code(request, form)
            if workshop is not None:
                try:
                    return _admit(request, workshop, form.cleaned_data["name"])
                except services.WorkshopError as error:  # closed since the code was checked
                    form.add_error("code", error.message)
    else:
        name = ""
        if request.user.is_authenticated:
            name = display_name(request.user)
        form = JoinForm(initial={"code": request.GET.get("code", "")[:40], "name": name})
    return render(request, "workshops/join.html", {"form": form})


def _workshop_for_code(request: HttpRequest, form: JoinForm) -> Workshop | None:
    address = client_address(request)
    if join_limit().exceeded(address):
        form.add_error(
            "code", _("Too many wrong codes from this address. Wait a few minutes and try again.")
        )
        return None
    workshop = Workshop.objects.filter(code=form.cleaned_data["code"]).first()
    if workshop is None:
        join_limit().hit(address)
        form.add_error(
            "code", _("There is no workshop with this code. Check the code on the screen.")
        )
        return None
    if not workshop.is_open:
        form.add_error("code", _("This workshop has been closed; its code no longer works."))
        return None
    return workshop


def _admit(request: HttpRequest, workshop: Workshop, name: str) -> HttpResponse:
    """A member of the workshop's organisation joins as themselves, anyone else as a guest."""
    member = request.user.is_authenticated and (
        workshop.strategy.organisation_id in request.memberships
    )
    existing = find_participant(request, workshop)
    if member:
        participant = services.participant_join(workshop=workshop, name=name, user=request.user)
    elif existing is None:
        participant = services.participant_join(workshop=workshop, name=name)
        remember_guest(request, participant)
    else:
        participant = existing  # a guest who joined already keeps their name
    if participant.name != name and (member or existing is None):
        messages.info(
            request,
            _("Someone here is called %(name)s already, so the others see you as %(yours)s.")
            % {"name": name, "yours": participant.name},
        )
    url = reverse("workshops:participate", args=[workshop.pk])
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _participant_context(request, workshop, participant, form=None) -> dict:
    """The participant's screen: the shared parts around what is their own.

    For htmx the shared parts come from `shared_list` (cached per list revision); when the
    phone already holds the list it is sent (its `X-Workshop-List` header), the answer carries
    empty placeholders that htmx fills with what the phone has (hx-preserve), and only the vote
    counts as data: a vote in a room of two hundred phones costs each of them a few hundred
    bytes, not the whole list. A list that lacks only proposals made since gets those appended
    (`appends.py`), with the placeholders. A plain page gets the parts rendered with this
    person's marks and CSRF fields.
    """
    round_ = workshop.current_round
    personal = personal_state(workshop, participant)
    served = workshop.content_revision
    list_revision = workshop.list_revision
    counts = None
    missing = set()
    appending = False
    if request.htmx:
        held = _held_list(request)
        counts_current = False  # whether the list sent shows today's counts itself
        state = ListState.of(workshop)
        if held == workshop.list_revision:
            shared = {"head": "", "list": ""}
        elif state.can_append(held):
            # Only new proposals since the phone's list: they are appended to it (the phone
            # renames it to the current revision, which the placeholders then name).
            shared = {"head": "", "list": ""}
            appending = True
        else:
            entry = shared_list(workshop, at_least=held or 0)
            shared = {"head": "", "list": ""} if entry.list_revision == held else entry.parts
            counts_current = bool(shared["list"]) and entry.revision == workshop.content_revision
            list_revision = entry.list_revision
            if list_revision != workshop.list_revision:
                served = entry.revision  # older: the phone asks again on its next poll
                missing = set(personal.own) - entry.ids
        phase = round_.phase if round_ else None
        if counts_shown(phase, workshop.votes_hidden) and not counts_current:
            counts = round_counts(workshop.pk, workshop.current_round_id, workshop.content_revision)
    else:
        shared = as_safe(
            render_shared(
                workshop,
                participant=participant,
                request=request,
                csrf_input=_csrf_input(request),
            )
        )
    own_only = []
    if others_hidden(workshop):
        own_only = read_round(workshop, participant=participant).rows
    elif missing:
        # The person's own proposals that the list at hand is too old to hold.
        own_only = own_rows(workshop, missing, counts or {})
    feedback = None
    text = form.data.get("text", "") if form is not None else ""
    if round_ is not None and round_.kind == RoundKind.KPIS and (text or not request.htmx):
        feedback = feedback_context(
            SmartFeedbackInput({"statement": text}, memberships={}).evaluation(lang=current_lang()),
            in_form=False,
        )
    return {
        "workshop": workshop,
        "participant": participant,
        "shared": shared,
        "list_revision": list_revision,
        "placeholder": not shared["list"],
        "personal_json": personal.as_json(workshop),
        "counts_json": counts_json(counts) if counts is not None else "",
        "votes_left": max(0, workshop.dots_per_person - personal.votes_used),
        "own_only": own_only,
        "view": RoundTimer(workshop),
        "csrf_input": _csrf_input(request),
        "form": form or ProposalForm(initial={"round": round_.pk if round_ else ""}),
        # A new id after each own proposal gives an empty box; otherwise the box and what is
        # being typed in it survive every live update (hx-preserve).
        "box_id": f"proposal-{round_.kind if round_ else 'none'}-{len(personal.own)}",
        "feedback": feedback,
        "is_done": bool(round_ and participant.done_round_id == round_.pk),
        "live_query": live_params(workshop, f"p{participant.pk}", revision=served),
        "served_revision": served,
        "append": list_append(state, held) if appending else "",
    }


def _held_list(request) -> int | None:
    """The list revision the phone holds, from the header workshop.js sends; None if none."""
    held = request.headers.get(LIST_HEADER, "")
    return int(held) if is_number(held) else None


def _csrf_input(request) -> str:
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )


def _respond(request, workshop, participant, *, form=None, notice=None, status=200) -> HttpResponse:
    """After the person's own action, or on a plain page load."""
    context = _participant_context(request, workshop, participant, form)
    context["notice"] = notice
    template = "workshops/participant.html#live" if request.htmx else "workshops/participant.html"
    return render(request, template, context, status=status)


@never_cache
@vary_on_headers("HX-Request")
@require_GET
def participate(request: HttpRequest, pk) -> HttpResponse:
    """The participant's screen: the round's question, proposing, the proposals, voting."""
    try:
        workshop, participant = get_participation(request, pk)
    except Http404:
        # A member who opens the link before joining is sent to the join form, code filled in.
        workshop = _open_workshop_of_members_organisation(request, pk)
        if workshop is None:
            raise
        return redirect(f"{reverse('workshops:join')}?code={workshop.code}")
    return _respond(request, workshop, participant)


def _open_workshop_of_members_organisation(request, pk) -> Workshop | None:
    if not request.user.is_authenticated:
        return None
    return Workshop.objects.filter(
        pk=pk, closed_at__isnull=True, strategy__organisation_id__in=list(request.memberships)
    ).first()


@never_cache
@require_GET
def participate_live(request: HttpRequest, pk) -> HttpResponse:
    """The live region, polled; `live.WorkshopPollMiddleware` answers unchanged revisions.

    Once the workshop closes, its participants' open pages get a last region that thanks them
    and stops polling; it shows nothing of the workshop.
    """
    try:
        workshop, participant = get_participation(request, pk)
    except Http404:
        if was_participant(request, pk):
            return render(request, "workshops/participant.html#ended", {})
        raise
    return render(
        request,
        "workshops/participant.html#live",
        _participant_context(request, workshop, participant),
    )


def _after_action(request, workshop, participant, error=None, *, form=None) -> HttpResponse:
    """Answer a participant's POST: the live region for htmx (a refusal shown in it, and sent as
    a `workshop-message` event too), the page with the kept text for a refused plain proposal,
    else a redirect back with the refusal as a message."""
    if not request.htmx and form is None:
        if error is not None:
            messages.error(request, error)
        return redirect("workshops:participate", workshop.pk)
    workshop.refresh_from_db()
    if form is not None and error is not None:
        form.add_error(None, error)
    notice = error if form is None else None
    response = _respond(request, workshop, participant, form=form, notice=notice)
    if notice is not None:
        response["HX-Trigger"] = json.dumps({"workshop-message": str(notice)})
    return response


def _act(request, workshop, participant, service, **arguments) -> HttpResponse:
    """Run the participant's action (a service taking `participant=`) and answer with the live
    region; a refusal is shown to them as a message."""
    try:
        service(participant=participant, **arguments)
    except services.WorkshopError as error:
        return _after_action(request, workshop, participant, error.message)
    return _after_action(request, workshop, participant)


@never_cache
@require_POST
def propose(request: HttpRequest, pk) -> HttpResponse:
    workshop, participant = get_participation(request, pk)
    form = ProposalForm(request.POST)
    if not form.is_valid():
        return _respond(request, workshop, participant, form=form, status=200)
    try:
        services.proposal_add(
            participant=participant,
            round_id=form.cleaned_data["round"],
            text=form.cleaned_data["text"],
        )
    except services.WorkshopError as error:
        return _after_action(request, workshop, participant, error.message, form=form)
    return _after_action(request, workshop, participant)


@never_cache
@require_POST
def vote(request: HttpRequest, pk, proposal_pk) -> HttpResponse:
    workshop, participant = get_participation(request, pk)
    act = (
        services.vote_withdraw if request.POST.get("action") == "take-back" else services.vote_cast
    )
    return _act(request, workshop, participant, act, proposal_id=proposal_pk)


@never_cache
@require_POST
def done(request: HttpRequest, pk) -> HttpResponse:
    workshop, participant = get_participation(request, pk)
    done = request.POST.get("done") != "0"
    return _act(request, workshop, participant, services.participant_set_done, done=done)


@never_cache
@require_POST
def feedback(request: HttpRequest, pk) -> HttpResponse:
    """Live SMART feedback on a KPI proposal, the same engine and fragment as the wizard's."""
    workshop, participant = get_participation(request, pk)
    limit = feedback_limit()
    if not limit.allow(f"participant:{participant.pk}"):
        return too_many_requests(request, limit)
    data = {"statement": request.POST.get("text", "")}
    round_ = workshop.current_round
    memberships = {}
    if round_ is not None and round_.csf_id:
        # The round's CSF gives the engine its goal and horizon to judge R and T by.
        data["csf"] = str(round_.csf_id)
        memberships = {workshop.strategy.organisation_id: None}
    evaluation = SmartFeedbackInput(data, memberships=memberships).evaluation(lang=current_lang())
    return render(
        request,
        "indicators/smart_feedback.html#feedback",
        feedback_context(evaluation, in_form=False),
    )
