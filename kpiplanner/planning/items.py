"""One goal, CSF or KPI of the wizard at a time: edit it inline, move it, delete it, undo that.

Each works with htmx (the step's list or row comes back, with the progress bar out of band)
and as a plain form (a redirect to the step, at the item).
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from csf.access import get_csf_for_member
from goals.access import get_goal_for_member
from goals.models import tree_csfs, tree_kpis
from indicators.access import get_kpi_for_member
from indicators.forms import KpiForm
from indicators.models import KpiStatus

from . import services
from .access import get_deleted_item_for_member
from .kpi_step import kpis_post
from .models import DeletedItem
from .pages import load, step_url, wizard_context
from .steps import edit_form, render_partial, render_step
from .wizard import Step


@dataclass(frozen=True)
class Kind:
    step: Step
    load: Any


KINDS = {
    "goal": Kind(Step.GOALS, get_goal_for_member),
    "csf": Kind(Step.CSFS, get_csf_for_member),
    "kpi": Kind(Step.KPIS, get_kpi_for_member),
}


def _kind_or_404(kind: str) -> Kind:
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


def _find(goals, kind: str, pk):
    items = {"goal": goals, "csf": tree_csfs(goals), "kpi": tree_kpis(goals)}[kind]
    found = next((item for item in items if item.pk == pk), None)
    if found is None:
        raise Http404
    return found


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request: HttpRequest, kind: str, item_pk) -> HttpResponse:
    """Edit one goal, CSF or KPI: inline (htmx) or as its step's page with the form opened.

    `?cancel=1` (htmx) gives the item's row back, closing the inline form.
    """
    spec = _kind_or_404(kind)
    item = spec.load(request, item_pk, write=True)
    strategy, goals = load(request, item.strategy.pk, write=True)
    if kind == "kpi":
        if request.method == "POST":
            return kpis_post(request, strategy, goals, kpi=item)
        form = KpiForm(instance=item, strategy=strategy)
        return render_step(request, strategy, goals, Step.KPIS, form=form, editing=item.pk)
    item = _find(goals, kind, item.pk)
    template = f"planning/step_{spec.step.value}.html"
    if request.htmx and request.method == "GET" and request.GET.get("cancel"):
        context = wizard_context(request, strategy, goals, spec.step, item=item)
        return render(request, f"{template}#item-row", context)
    form = edit_form(kind, item, strategy, request.POST or None)
    if request.method == "POST" and form.is_valid() and form.save_versioned():
        if request.htmx:
            context = wizard_context(request, strategy, goals, spec.step, item=form.instance)
            return render(request, f"{template}#item-row", context)
        return redirect(step_url(strategy, spec.step) + f"#{kind}-{item.pk}")
    if request.htmx:
        context = wizard_context(request, strategy, goals, spec.step, item=item, form=form)
        return render(request, f"{template}#item-form", context)
    item.edit_form = form
    return render_step(request, strategy, goals, spec.step, editing=item.pk)


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
@login_required
def item_delete(request: HttpRequest, kind: str, item_pk) -> HttpResponse:
    """Delete a goal, CSF or KPI with what hangs under it; it can be undone for a while.

    GET is the confirmation page for browsers without JavaScript; htmx posts directly and gets
    the step's list back, with the "Undo" above it and the progress bar out of band.
    """
    spec = _kind_or_404(kind)
    try:
        item = spec.load(request, item_pk, write=True)
    except Http404:
        if request.method == "POST" and (gone := _deleted_before(request, kind, item_pk)):
            return _already_deleted(request, gone.strategy_id, spec.step, gone.label)
        raise
    strategy = item.strategy
    if request.method == "GET":
        return render(
            request,
            "planning/item_delete.html",
            {
                "item": item,
                "kind": kind,
                "approved": kind == "kpi" and item.status == KpiStatus.APPROVED,
                "strategy": strategy,
                "back": step_url(strategy, spec.step),
                "undo_minutes": int(services.UNDO_WINDOW.total_seconds() // 60),
            },
        )
    try:
        deleted = services.item_delete(item=item, user=request.user)
    except services.AlreadyDeleted:
        return _already_deleted(request, strategy.pk, spec.step, str(item))
    except ValidationError as exc:
        notice = " ".join(exc.messages)
    else:
        notice = "" if deleted else removal_asked_message(item)
    if request.htmx:
        strategy, goals = load(request, strategy.pk, write=True)
        return render_partial(
            request, strategy, goals, spec.step, "items", undo_error=notice, keep_typed=True
        )
    if notice:
        messages.warning(request, notice)
        return redirect(step_url(strategy, spec.step) + f"#{kind}-{item.pk}")
    return redirect(step_url(strategy, spec.step) + "#undo")


def removal_asked_message(kpi) -> str:
    return _(
        "“%(name)s” is approved, so it is not deleted: a manager is asked to retire it. It "
        "stays in the approved set until they decide."
    ) % {"name": kpi.name}


def _deleted_before(request: HttpRequest, kind: str, item_pk) -> DeletedItem | None:
    """The recent deletion of this item, when another tab or person deleted it first; scoped
    and role-checked like the item itself (another organisation's: 404, a reader: 403)."""
    since = timezone.now() - services.UNDO_WINDOW
    found = (
        DeletedItem.objects.filter(kind=kind, item_id=item_pk, deleted_at__gte=since)
        .only("pk")
        .first()
    )
    if found is None:
        return None
    return get_deleted_item_for_member(request, found.pk, write=True)


def _already_deleted(request: HttpRequest, strategy_pk, step: Step, label: str) -> HttpResponse:
    """A second deletion of the same item (another tab, another person): nothing to do, and
    the first deletion's Undo is where it was."""
    notice = _("“%(name)s” was deleted already, in another tab or by someone else.") % {
        "name": label
    }
    if request.htmx:
        strategy, goals = load(request, strategy_pk, write=True)
        return render_partial(
            request, strategy, goals, step, "items", undo_error=notice, keep_typed=True
        )
    messages.info(request, notice)
    return redirect(step_url(strategy_pk, step) + "#undo")


@vary_on_headers("HX-Request")
@require_POST
@login_required
def item_undo(request: HttpRequest, pk) -> HttpResponse:
    """Undo a deletion made in the wizard: the item comes back with everything under it."""
    deleted = get_deleted_item_for_member(request, pk, write=True)
    step = KINDS[deleted.kind].step
    error = ""
    try:
        services.item_restore(deleted=deleted, user=request.user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        strategy, goals = load(request, deleted.strategy_id, write=True)
        return render_partial(
            request, strategy, goals, step, "items", undo_error=error, keep_typed=True
        )
    if error:
        messages.error(request, error)
        return redirect(step_url(deleted.strategy_id, step))
    messages.success(request, _("“%(name)s” is restored.") % {"name": deleted.label})
    return redirect(step_url(deleted.strategy_id, step) + f"#{deleted.kind}-{deleted.item_id}")


@vary_on_headers("HX-Request")
@require_POST
@login_required
def item_move(request: HttpRequest, kind: str, item_pk) -> HttpResponse:
    """Move a goal, CSF or KPI one place up or down among its siblings."""
    spec = _kind_or_404(kind)
    item = spec.load(request, item_pk, write=True)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        return HttpResponse(_("Choose up or down."), status=400)
    services.item_move(item=item, direction=direction)
    strategy = item.strategy
    if request.htmx:
        strategy, goals = load(request, strategy.pk, write=True)
        return render_partial(request, strategy, goals, spec.step, "items", keep_typed=True)
    return redirect(step_url(strategy, spec.step) + f"#{kind}-{item.pk}")
