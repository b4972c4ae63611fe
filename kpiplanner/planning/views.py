"""The guided planning wizard: strategy → goals → CSFs → KPIs → validation → submit.

One URL per step (`/plans/<uuid>/<step>/`); every POST saves to the database, so a plan resumes
where it stands on any device. Members of the organisation may read every step; only editors
(admin, facilitator) may write. Goals, CSFs and KPIs are edited, deleted and reordered inline with
htmx, and each of those actions also works as a plain form.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import localize_input
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from csf.access import get_csf_for_member
from csf.forms import CsfForm
from goals.access import get_goal_for_member, get_strategy_for_member
from goals.forms import EDIT_CONFLICT_MESSAGE, GoalForm, StrategyForm, is_blank
from goals.models import Strategy
from indicators.access import get_kpi_for_member
from indicators.forms import MAX_MILESTONES, KpiForm, SmartFeedbackInput, milestone_formset
from indicators.models import Area, KpiTemplate
from indicators.smart_adapter import current_lang, evaluate_kpi, strategy_health
from indicators.views import feedback_context
from kpiplanner.core.models import EditConflict

from . import services
from .access import get_deleted_item_for_member
from .models import Plan
from .wizard import (
    STEPS,
    Step,
    first_open_step,
    is_reachable,
    kpi_missing_fields,
    next_step,
    previous_step,
    progress,
)

LIBRARY_PAGE = 12
# The goals and CSFs steps have one form that Back, Next, "Add" and every open edit belong to.
STEP_FORM_ID = "add-form"

# What is still to do when a later step is asked for too early.
TODO = {
    Step.GOALS: gettext_lazy("Add at least one goal before you go on."),
    Step.CSFS: gettext_lazy("Give every goal at least one critical success factor first."),
    Step.KPIS: gettext_lazy("Give every critical success factor at least one KPI first."),
    Step.VALIDATION: gettext_lazy(
        "Every KPI needs an owner, a data source, a frequency, a baseline and a target first."
    ),
}


# --- loading ------------------------------------------------------------------------------


def _load(request: HttpRequest, pk, *, write: bool = False) -> tuple[Strategy, list]:
    """The strategy with its whole tree and plan, in a fixed number of queries."""
    strategy = get_strategy_for_member(
        request, pk, write=write, queryset=Strategy.objects.with_tree().select_related("plan")
    )
    return strategy, list(strategy.goals.all())


def _plan(strategy: Strategy) -> Plan | None:
    try:
        return strategy.plan
    except Plan.DoesNotExist:
        return None


def _step_or_404(value: str) -> Step:
    try:
        return Step(value)
    except ValueError as exc:
        raise Http404 from exc


def step_url(strategy_or_pk, step: Step) -> str:
    pk = getattr(strategy_or_pk, "pk", strategy_or_pk)
    return reverse("planning:step", args=[pk, step.value])


def _can_edit(request: HttpRequest) -> bool:
    return bool(request.membership and request.membership.can_edit)


def _all_kpis(goals) -> list:
    return [kpi for goal in goals for csf in goal.csfs.all() for kpi in csf.kpis.all()]


# --- rendering ----------------------------------------------------------------------------


def _context(request, strategy, goals, step: Step, **extra) -> dict[str, Any]:
    items = progress(step, goals)
    done = sum(item.done for item in items)
    context = {
        "strategy": strategy,
        "goals": goals,
        "step": step,
        "step_spec": STEPS[step],
        "steps": items,
        "percent_done": round(100 * done / len(items)),
        "previous": previous_step(step),
        "next": next_step(step),
        "can_edit": _can_edit(request),
        "plan": _plan(strategy),
        "Step": Step,
    }
    context.update(extra)
    return context


def _render_step(request, strategy, goals, step: Step, *, status: int = 200, **extra):
    builders = {
        Step.STRATEGY: _strategy_extra,
        Step.GOALS: _goals_extra,
        Step.CSFS: _csfs_extra,
        Step.KPIS: _kpis_extra,
        Step.VALIDATION: _validation_extra,
        Step.SUBMIT: _validation_extra,
    }
    extra = builders[step](request, strategy, goals, **extra)
    context = _context(request, strategy, goals, step, **extra)
    return render(request, f"planning/step_{step.value}.html", context, status=status)


def _strategy_extra(request, strategy, goals, **extra):
    extra.setdefault("form", StrategyForm(instance=strategy))
    return extra


def _undoable(request, strategy, kind: str) -> list:
    """The recent deletions an editor can still undo on this step (readers cannot undo)."""
    if not _can_edit(request):
        return []
    return services.undoable(strategy=strategy, kinds=[kind])


def _goals_extra(request, strategy, goals, **extra):
    extra.setdefault("add_form", GoalForm(prefix="new"))
    extra.setdefault("undoable", _undoable(request, strategy, "goal"))
    return extra


def _csfs_extra(request, strategy, goals, **extra):
    first_without = next((goal for goal in goals if not goal.csfs.all()), None)
    initial = {"goal": (first_without or (goals[0] if goals else None))}
    extra.setdefault("add_form", CsfForm(prefix="new", strategy=strategy, initial=initial))
    extra.setdefault("undoable", _undoable(request, strategy, "csf"))
    return extra


def _kpis_extra(request, strategy, goals, **extra):
    if "form" not in extra:
        extra["form"] = _new_kpi_form(request, strategy, goals)
    form = extra["form"]
    extra["kpi_editing"] = not form.instance._state.adding
    if "milestones" not in extra:
        extra["milestones"] = milestone_formset(form.data if form.is_bound else None, kpi_form=form)
    if "evaluation" not in extra:
        if form.is_bound:
            extra["evaluation"] = SmartFeedbackInput(
                form.data, memberships=request.memberships
            ).evaluation(lang=current_lang())
        elif extra["kpi_editing"]:
            extra["evaluation"] = evaluate_kpi(form.instance)
        else:
            data = {"statement": form.initial.get("statement", "")}
            extra["evaluation"] = SmartFeedbackInput(
                data, memberships=request.memberships
            ).evaluation(lang=current_lang())
    extra.update(feedback_context(extra["evaluation"], in_form=True))
    extra.update(_library(request))
    extra.setdefault("undoable", _undoable(request, strategy, "kpi"))
    return extra


def _new_kpi_form(request, strategy, goals) -> KpiForm:
    """An empty KPI form, started from a library template when `?template=` names one."""
    csfs = [csf for goal in goals for csf in goal.csfs.all()]
    first_without = next((csf for csf in csfs if not csf.kpis.all()), None)
    initial: dict[str, Any] = {"csf": first_without or (csfs[0] if csfs else None)}
    wanted_csf = request.GET.get("csf")
    initial["csf"] = next((c for c in csfs if str(c.pk) == wanted_csf), initial["csf"])
    template_id = request.GET.get("template", "")
    template = KpiTemplate.objects.filter(pk=template_id).first() if template_id.isdigit() else None
    if template:
        initial.update(
            template=template.pk,
            name=template.name,
            definition=template.definition,
            unit=template.unit,
            direction=template.direction,
            frequency=template.frequency,
            indicator_type=template.indicator_type,
            customer_facing=template.customer_facing,
        )
    return KpiForm(strategy=strategy, initial=initial)


def _library(request) -> dict[str, Any]:
    """The KPI library filtered by the search words and the area."""
    query = request.GET.get("q", "").strip()[:100]
    area = request.GET.get("area", "")
    templates = KpiTemplate.objects.all()
    if area in Area.values:
        templates = templates.filter(area=area)
    else:
        area = ""
    for word in query.split()[:5]:
        templates = templates.filter(
            Q(name_nl__icontains=word)
            | Q(name_en__icontains=word)
            | Q(definition_nl__icontains=word)
            | Q(definition_en__icontains=word)
        )
    found = list(templates[: LIBRARY_PAGE + 1])
    return {
        "library": found[:LIBRARY_PAGE],
        "library_more": len(found) > LIBRARY_PAGE,
        "library_query": query,
        "library_area": area,
        "areas": Area.choices,
    }


def _validation_extra(request, strategy, goals, **extra):
    findings, evaluations = strategy_health(strategy, goals)
    node_urls = {}
    for goal in goals:
        node_urls[("goal", goal.pk)] = reverse("planning:item_edit", args=["goal", goal.pk])
        for csf in goal.csfs.all():
            node_urls[("csf", csf.pk)] = reverse("planning:item_edit", args=["csf", csf.pk])
            for kpi in csf.kpis.all():
                node_urls[("kpi", kpi.pk)] = reverse("planning:item_edit", args=["kpi", kpi.pk])
    rows = []
    for kpi in _all_kpis(goals):
        rows.append(
            {
                "kpi": kpi,
                "missing": kpi_missing_fields(kpi),
                "evaluation": evaluations.get(kpi.pk),
                "url": node_urls[("kpi", kpi.pk)],
            }
        )
    extra.update(
        kpi_rows=rows,
        incomplete=[row for row in rows if row["missing"]],
        findings=[
            {
                "finding": finding,
                "url": node_urls.get(
                    (finding.node_kind, finding.node_id), step_url(strategy, Step.STRATEGY)
                ),
            }
            for finding in findings
        ],
    )
    return extra


# --- pages --------------------------------------------------------------------------------


@require_GET
@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The organisation's strategies with where each plan stands."""
    strategies = []
    if request.membership is not None:
        strategies = (
            Strategy.objects.filter(organisation_id=request.membership.organisation_id)
            .select_related("plan")
            .with_counts()
            .order_by("-updated_at")
        )
    rows = []
    for strategy in strategies:
        plan = _plan(strategy)
        step = Step(plan.current_step) if plan else Step.STRATEGY
        rows.append({"strategy": strategy, "plan": plan, "step": step, "label": STEPS[step].label})
    return render(
        request, "planning/plan_list.html", {"rows": rows, "can_edit": _can_edit(request)}
    )


@require_http_methods(["GET", "POST"])
@login_required
def strategy_new(request: HttpRequest) -> HttpResponse:
    """Start a new strategy and its plan (editors only)."""
    if not _can_edit(request):
        raise PermissionDenied
    form = StrategyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        strategy = form.save(commit=False)
        strategy.organisation = request.membership.organisation
        services.plan_start(strategy=strategy, user=request.user)
        messages.success(request, _("The strategy is saved. Now add its goals."))
        url = step_url(strategy, Step.GOALS)
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    return render(request, "planning/strategy_new.html", {"form": form})


@require_GET
@login_required
def plan_resume(request: HttpRequest, pk) -> HttpResponse:
    """Open the plan at the step where it was left (or the first one that still needs work)."""
    strategy, goals = _load(request, pk)
    plan = _plan(strategy)
    step = Step(plan.current_step) if plan else Step.STRATEGY
    if not is_reachable(step, goals):
        step = first_open_step(goals)
    return redirect(step_url(strategy, step))


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
@login_required
def plan_step(request: HttpRequest, pk, step: str) -> HttpResponse:
    """One step of the wizard: GET shows it, POST saves it (and moves on when asked)."""
    step = _step_or_404(step)
    strategy, goals = _load(request, pk, write=request.method == "POST")
    if not is_reachable(step, goals):
        open_step = first_open_step(goals)
        messages.warning(request, TODO.get(open_step, _("Finish this step first.")))
        return redirect(step_url(strategy, open_step))
    if request.method == "GET":
        return _render_step(request, strategy, goals, step)
    handler = {
        Step.STRATEGY: _post_strategy,
        Step.GOALS: _post_goals,
        Step.CSFS: _post_csfs,
        Step.KPIS: _post_kpis,
        Step.VALIDATION: _post_validation,
        Step.SUBMIT: _post_submit,
    }[step]
    return handler(request, strategy, goals)


def _navigate(request, strategy, step: Step) -> HttpResponse | None:
    """After a successful save: follow the back/next button, if one was pressed."""
    nav = request.POST.get("nav")
    target = {"next": next_step(step), "back": previous_step(step)}.get(nav)
    if target is None:
        return None
    goals = list(Strategy.objects.with_tree().get(pk=strategy.pk).goals.all())
    if not is_reachable(target, goals):
        target = first_open_step(goals)
        messages.warning(request, TODO.get(target, _("Finish this step first.")))
    services.plan_move_to(strategy=strategy, step=target)
    url = step_url(strategy, target)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _saved(request, strategy, step: Step, anchor: str = "") -> HttpResponse:
    return _navigate(request, strategy, step) or redirect(step_url(strategy, step) + anchor)


def _post_strategy(request, strategy, goals):
    form = StrategyForm(request.POST, instance=strategy)
    if form.is_valid():
        try:
            form.instance.save_versioned(expected_version=form.expected_version)
        except EditConflict:
            form.conflict(EDIT_CONFLICT_MESSAGE)
        else:
            if not request.POST.get("nav"):
                messages.success(request, _("Saved."))
            return _saved(request, strategy, Step.STRATEGY)
    return _render_step(request, strategy, goals, Step.STRATEGY, form=form)


def _post_goals(request, strategy, goals):
    return _post_items(request, strategy, goals, "goal")


def _post_csfs(request, strategy, goals):
    return _post_items(request, strategy, goals, "csf")


def _post_items(request, strategy, goals, kind: str) -> HttpResponse:
    """Save the goals or CSFs step: the add form (when something was typed in it) and every
    inline edit form that was open, all or nothing; then follow Back/Next if pressed.

    The open edit forms' fields belong to the step's form (HTML `form` attribute), so Back,
    Next and "Add" carry them along, with and without JavaScript: nothing typed is lost.
    """
    spec = KINDS[kind]
    step = spec.step
    nav = request.POST.get("nav")
    edits = _posted_edit_forms(request, strategy, goals, kind)
    add_form = spec.form(request.POST, prefix="new", strategy=strategy)
    # An empty add form is skipped when the user went Back/Next or saved an open edit; only
    # the "Add" button itself asks for its required fields.
    skip_add = is_blank(add_form, ["title", "description"]) and bool(nav or edits)
    if nav and not edits and skip_add:
        return _navigate(request, strategy, step)
    valid = [form.is_valid() for _, form in edits] + [skip_add or add_form.is_valid()]
    if all(valid):
        try:
            _save_items(strategy, goals, kind, edits, None if skip_add else add_form)
        except _Conflict as conflict:
            conflict.form.conflict(EDIT_CONFLICT_MESSAGE)
        else:
            if nav:
                return _navigate(request, strategy, step)
            if request.htmx:
                strategy, goals = _load(request, strategy.pk, write=True)
                return _render_partial(request, strategy, goals, step, "items")
            saved = request.POST.get("save", "")
            anchor = f"#{kind}-{saved}" if any(str(i.pk) == saved for i, _ in edits) else ""
            return redirect(step_url(strategy, step) + anchor)
    # Show everything again as it was typed, with the errors beside it.
    for item, form in edits:
        item.edit_form = form
    if request.htmx:
        return _render_partial(request, strategy, goals, step, "items", add_form=add_form)
    return _render_step(request, strategy, goals, step, add_form=add_form)


class _Conflict(Exception):
    def __init__(self, form):
        self.form = form


@transaction.atomic
def _save_items(strategy, goals, kind: str, edits, add_form) -> None:
    """Save the edited items and the new one together; a conflict on any undoes them all."""
    for _item, form in edits:
        try:
            form.instance.save_versioned(expected_version=form.expected_version)
        except EditConflict as exc:
            raise _Conflict(form) from exc
    if add_form is not None:
        new = add_form.save(commit=False)
        if kind == "goal":
            new.strategy = strategy
            new.order = len(goals)
        else:
            new.order = len(new.goal.csfs.all())
        new.save()


def _posted_edit_forms(request, strategy, goals, kind: str) -> list[tuple[Any, Any]]:
    """The inline edit forms whose fields came with this POST, each bound to its item.

    An open edit form is recognised by its `<item id>-version` field. Ids that are not this
    step's items of this strategy (deleted meanwhile, foreign, made up) are ignored.
    """
    items = {}
    for goal in goals:
        if kind == "goal":
            items[str(goal.pk)] = goal
        else:
            for csf in goal.csfs.all():
                items[str(csf.pk)] = csf
    edits = []
    for key in request.POST:
        prefix = key.removesuffix("-version")
        if prefix != key and prefix in items:
            edits.append((items[prefix], _edit_form(kind, items[prefix], strategy, request.POST)))
    return edits


def _edit_form(kind: str, item, strategy, data=None):
    """An inline edit form whose fields belong to the step's form (`form="add-form"`)."""
    form = KINDS[kind].form(data, instance=item, strategy=strategy, prefix=str(item.pk))
    for field in form.fields.values():
        field.widget.attrs["form"] = STEP_FORM_ID
    return form


def _render_partial(request, strategy, goals, step: Step, partial: str, **extra) -> HttpResponse:
    """An htmx answer: one partial of the step, plus the progress bar out of band, because
    adding, deleting or restoring an item can finish or reopen a step.

    With `keep_typed=True` (moving, deleting, undoing) the add form and the rows are marked
    `hx-preserve`, so what is being typed there, in an open edit too, stays as it is.
    """
    builders = {Step.GOALS: _goals_extra, Step.CSFS: _csfs_extra, Step.KPIS: _kpis_extra}
    extra = builders[step](request, strategy, goals, **extra)
    context = _context(request, strategy, goals, step, progress_oob=True, **extra)
    return render(request, f"planning/step_{step.value}.html#{partial}", context)


def _post_kpis(request, strategy, goals, kpi=None):
    """Save a new or edited KPI with its milestones, or only re-show it with feedback
    ("check"), with the structured fields filled from the statement ("apply"), or with one
    more milestone row ("add_milestone", for browsers without JavaScript)."""
    action = request.POST.get("action", "save")
    data = request.POST.copy()
    if action == "apply":
        feedback = SmartFeedbackInput(data, memberships=request.memberships)
        found = feedback.evaluation(lang=current_lang()).extraction.as_form_initial()
        for name, value in found.items():
            data[name] = _as_input(value)
    if action == "add_milestone":
        total = data.get("milestones-TOTAL_FORMS", "")
        if total.isdigit() and int(total) < MAX_MILESTONES:
            data["milestones-TOTAL_FORMS"] = str(int(total) + 1)
    form = KpiForm(data, instance=kpi, strategy=strategy)
    milestones = milestone_formset(data, kpi_form=form)
    if action in {"apply", "check", "add_milestone"}:
        return _render_step(request, strategy, goals, Step.KPIS, form=form, milestones=milestones)
    if request.POST.get("nav") and kpi is None and is_blank(form, ["name", "statement"]):
        return _navigate(request, strategy, Step.KPIS)
    valid = form.is_valid()
    if milestones.is_bound:
        valid = milestones.is_valid() and valid
    if valid:
        try:
            with transaction.atomic():
                if kpi is None:
                    form.instance.order = len(form.cleaned_data["csf"].kpis.all())
                form.instance.save_versioned(expected_version=form.expected_version)
                if milestones.is_bound:
                    milestones.instance = form.instance
                    milestones.save()
        except EditConflict:
            form.conflict(EDIT_CONFLICT_MESSAGE)
        else:
            messages.success(request, _("KPI “%(name)s” saved.") % {"name": form.instance.name})
            return _saved(request, strategy, Step.KPIS, f"#kpi-{form.instance.pk}")
    return _render_step(request, strategy, goals, Step.KPIS, form=form, milestones=milestones)


def _as_input(value) -> str:
    """A value as the user would type it in the active language."""
    if hasattr(value, "isoformat") and not hasattr(value, "hour"):
        return value.isoformat()  # date inputs always take ISO dates
    return localize_input(value)


def _post_validation(request, strategy, goals):
    return _navigate(request, strategy, Step.VALIDATION) or redirect(
        step_url(strategy, Step.VALIDATION)
    )


def _post_submit(request, strategy, goals):
    try:
        count = services.plan_submit(strategy=strategy, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(step_url(strategy, first_open_step(goals)))
    messages.success(
        request,
        _("The plan is submitted: %(count)s KPIs are now proposed for review.") % {"count": count},
    )
    url = step_url(strategy, Step.SUBMIT)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


# --- goals, CSFs and KPIs inline ----------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    step: Step
    load: Any
    form: Any
    strategy_of: Any


KINDS = {
    "goal": Kind(Step.GOALS, get_goal_for_member, GoalForm, lambda item: item.strategy),
    "csf": Kind(Step.CSFS, get_csf_for_member, CsfForm, lambda item: item.goal.strategy),
    "kpi": Kind(Step.KPIS, get_kpi_for_member, KpiForm, lambda item: item.csf.goal.strategy),
}


def _kind_or_404(kind: str) -> Kind:
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request: HttpRequest, kind: str, item_pk) -> HttpResponse:
    """Edit one goal, CSF or KPI: inline (htmx) or as its step's page with the form opened.

    `?cancel=1` (htmx) gives the item's row back, closing the inline form.
    """
    spec = _kind_or_404(kind)
    item = spec.load(request, item_pk, write=True)
    strategy, goals = _load(request, spec.strategy_of(item).pk, write=True)
    if kind == "kpi":
        if request.method == "POST":
            return _post_kpis(request, strategy, goals, kpi=item)
        form = KpiForm(instance=item, strategy=strategy)
        return _render_step(request, strategy, goals, Step.KPIS, form=form, editing=item.pk)
    item = _find(goals, kind, item.pk)
    if request.htmx and request.method == "GET" and request.GET.get("cancel"):
        context = _context(request, strategy, goals, spec.step, item=item)
        return render(request, f"planning/step_{spec.step.value}.html#item-row", context)
    form = _edit_form(kind, item, strategy, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            form.instance.save_versioned(expected_version=form.expected_version)
        except EditConflict:
            form.conflict(EDIT_CONFLICT_MESSAGE)
        else:
            if request.htmx:
                context = _context(request, strategy, goals, spec.step, item=form.instance)
                return render(request, f"planning/step_{spec.step.value}.html#item-row", context)
            return redirect(step_url(strategy, spec.step) + f"#{kind}-{item.pk}")
    if request.htmx:
        context = _context(request, strategy, goals, spec.step, item=item, form=form)
        return render(request, f"planning/step_{spec.step.value}.html#item-form", context)
    item.edit_form = form
    return _render_step(request, strategy, goals, spec.step, editing=item.pk)


def _find(goals, kind: str, pk):
    for goal in goals:
        if kind == "goal" and goal.pk == pk:
            return goal
        for csf in goal.csfs.all():
            if kind == "csf" and csf.pk == pk:
                return csf
            for kpi in csf.kpis.all():
                if kind == "kpi" and kpi.pk == pk:
                    return kpi
    raise Http404


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
@login_required
def item_delete(request: HttpRequest, kind: str, item_pk) -> HttpResponse:
    """Delete a goal, CSF or KPI with what hangs under it; it can be undone for a while.

    GET is the confirmation page for browsers without JavaScript; htmx posts directly and gets
    the step's list back, with the "Undo" above it and the progress bar out of band.
    """
    spec = _kind_or_404(kind)
    item = spec.load(request, item_pk, write=True)
    strategy = spec.strategy_of(item)
    if request.method == "GET":
        return render(
            request,
            "planning/item_delete.html",
            {
                "item": item,
                "kind": kind,
                "strategy": strategy,
                "back": step_url(strategy, spec.step),
                "undo_minutes": int(services.UNDO_WINDOW.total_seconds() // 60),
            },
        )
    services.item_delete(item=item, user=request.user)
    if request.htmx:
        strategy, goals = _load(request, strategy.pk, write=True)
        return _render_partial(request, strategy, goals, spec.step, "items", keep_typed=True)
    return redirect(step_url(strategy, spec.step) + "#undo")


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
        strategy, goals = _load(request, deleted.strategy_id, write=True)
        return _render_partial(
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
    strategy = spec.strategy_of(item)
    if request.htmx:
        strategy, goals = _load(request, strategy.pk, write=True)
        return _render_partial(request, strategy, goals, spec.step, "items", keep_typed=True)
    return redirect(step_url(strategy, spec.step) + f"#{kind}-{item.pk}")


@vary_on_headers("HX-Request")
@require_GET
@login_required
def plan_library(request: HttpRequest, pk) -> HttpResponse:
    """Search the KPI library: the results list for htmx, the KPI step page otherwise."""
    strategy, goals = _load(request, pk)
    if not request.htmx:
        return redirect(step_url(strategy, Step.KPIS) + "?" + request.GET.urlencode())
    context = _context(request, strategy, goals, Step.KPIS, **_library(request))
    return render(request, "planning/step_kpis.html#library", context)
