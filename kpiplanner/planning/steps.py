"""What each page of the planning wizard shows and does: one `StepPage` per step.

`wizard.STEPS` says where a plan stands (each step's label, when it is done, and what is still
to do when it is not); `PAGES` below adds, step by step, the page: its form, the context its
template needs, and what a POST to it does. A newcomer reads one step top to bottom here, in the
order of the wizard; `views.plan_step` only looks the step up. In the spirit of les-emplois'
`steps_config` (`itou/www/utils/wizard.py`), kept a small helper rather than a framework.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import localize_input
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_htmx.http import HttpResponseClientRedirect

from csf.forms import CsfForm
from goals.access import get_strategy_for_member
from goals.forms import GoalForm, StrategyForm, is_blank
from goals.models import Strategy, tree_csfs, tree_kpis
from goals.review_state import ReviewState
from indicators.feedback import feedback_context
from indicators.forms import MAX_MILESTONES, KpiForm, SmartFeedbackInput, milestone_formset
from indicators.models import Area, KpiTemplate
from indicators.smart_adapter import current_lang, evaluate_kpi, strategy_health

from . import services
from .models import Plan
from .wizard import (
    STEPS,
    Step,
    first_open_step,
    is_reachable,
    next_step,
    parked,
    previous_step,
    progress,
)

LIBRARY_PAGE = 12
# The goals and CSFs steps have one form that Back, Next, "Add" and every open edit belong to.
STEP_FORM_ID = "add-form"
# How the validation step names a field a KPI still lacks (see `Kpi.missing_fields`).
MISSING_LABELS = {
    "owner": gettext_lazy("owner"),
    "data_source": gettext_lazy("data source"),
    "frequency": gettext_lazy("measurement frequency"),
    "baseline_value": gettext_lazy("baseline"),
    "target_value": gettext_lazy("target"),
}
# The form of an inline edit, by the kind of item.
ITEM_FORMS = {"goal": GoalForm, "csf": CsfForm, "kpi": KpiForm}


# --- shared by every step -------------------------------------------------------------------


def load(request: HttpRequest, pk, *, write: bool = False) -> tuple[Strategy, list]:
    """The strategy with its whole tree and plan, in a fixed number of queries."""
    strategy = get_strategy_for_member(
        request, pk, write=write, queryset=Strategy.objects.with_tree().select_related("plan")
    )
    goals = list(strategy.goals.all())
    # A sub-goal shows its parent goal's title: taken from the loaded list, not a query each.
    by_pk = {goal.pk: goal for goal in goals}
    for goal in goals:
        if goal.parent_id in by_pk:
            goal.parent = by_pk[goal.parent_id]
    return strategy, goals


def plan_of(strategy: Strategy) -> Plan | None:
    try:
        return strategy.plan
    except Plan.DoesNotExist:
        return None


def step_url(strategy_or_pk, step: Step) -> str:
    pk = getattr(strategy_or_pk, "pk", strategy_or_pk)
    return reverse("planning:step", args=[pk, step.value])


def can_edit(request: HttpRequest) -> bool:
    return bool(request.membership and request.membership.can_edit)


def wizard_context(request, strategy, goals, step: Step, **extra) -> dict[str, Any]:
    """What every step's template needs: the tree, the progress bar, and where Back/Next go."""
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
        "can_edit": can_edit(request),
        "plan": plan_of(strategy),
        "parked": parked(goals),
        "Step": Step,
    }
    context.update(extra)
    return context


def render_step(request, strategy, goals, step: Step, *, status: int = 200, **extra):
    """The whole page of `step`; `extra` overrides what the step would show (a bound form)."""
    extra = PAGES[step].context(request, strategy, goals, **extra)
    context = wizard_context(request, strategy, goals, step, **extra)
    return render(request, f"planning/step_{step.value}.html", context, status=status)


def render_partial(request, strategy, goals, step: Step, partial: str, **extra) -> HttpResponse:
    """An htmx answer: one partial of the step, plus the progress bar out of band, because
    adding, deleting or restoring an item can finish or reopen a step.

    With `keep_typed=True` (moving, deleting, undoing) the add form and the rows are marked
    `hx-preserve`, so what is being typed there, in an open edit too, stays as it is.
    """
    extra = PAGES[step].context(request, strategy, goals, **extra)
    context = wizard_context(request, strategy, goals, step, progress_oob=True, **extra)
    return render(request, f"planning/step_{step.value}.html#{partial}", context)


def warn_unfinished(request, step: Step) -> None:
    """Tell the user what is still to do on `step`, the first step that is not finished."""
    messages.warning(request, STEPS[step].todo or _("Finish this step first."))


def navigate(request, strategy, step: Step) -> HttpResponse | None:
    """After a successful save: follow the back/next button, if one was pressed."""
    nav = request.POST.get("nav")
    target = {"next": next_step(step), "back": previous_step(step)}.get(nav)
    if target is None:
        return None
    goals = list(Strategy.objects.with_tree().get(pk=strategy.pk).goals.all())
    if not is_reachable(target, goals):
        target = first_open_step(goals)
        warn_unfinished(request, target)
    services.plan_move_to(strategy=strategy, step=target)
    url = step_url(strategy, target)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def saved(request, strategy, step: Step, anchor: str = "") -> HttpResponse:
    return navigate(request, strategy, step) or redirect(step_url(strategy, step) + anchor)


def undoable(request, strategy, kind: str) -> list:
    """The recent deletions an editor can still undo on this step (readers cannot undo)."""
    if not can_edit(request):
        return []
    return services.undoable(strategy=strategy, kinds=[kind])


# --- 1. strategy ----------------------------------------------------------------------------


def strategy_context(request, strategy, goals, **extra):
    extra.setdefault("form", StrategyForm(instance=strategy))
    return extra


def strategy_post(request, strategy, goals):
    form = StrategyForm(request.POST, instance=strategy)
    if form.is_valid() and form.save_versioned():
        if not request.POST.get("nav"):
            messages.success(request, _("Saved."))
        return saved(request, strategy, Step.STRATEGY)
    return render_step(request, strategy, goals, Step.STRATEGY, form=form)


# --- 2. goals and 3. CSFs: a list of items, edited inline, and an add form ------------------


def goals_context(request, strategy, goals, **extra):
    extra.setdefault("add_form", GoalForm(prefix="new", strategy=strategy))
    extra.setdefault("undoable", undoable(request, strategy, "goal"))
    return extra


def csfs_context(request, strategy, goals, **extra):
    first_without = next((goal for goal in goals if not goal.csfs.all()), None)
    initial = {"goal": (first_without or (goals[0] if goals else None))}
    extra.setdefault("add_form", CsfForm(prefix="new", strategy=strategy, initial=initial))
    extra.setdefault("undoable", undoable(request, strategy, "csf"))
    return extra


def goals_post(request, strategy, goals):
    return items_post(request, strategy, goals, "goal", Step.GOALS)


def csfs_post(request, strategy, goals):
    return items_post(request, strategy, goals, "csf", Step.CSFS)


def items_post(request, strategy, goals, kind: str, step: Step) -> HttpResponse:
    """Save the goals or CSFs step: the add form (when something was typed in it) and every
    inline edit form that was open, all or nothing; then follow Back/Next if pressed.

    The open edit forms' fields belong to the step's form (HTML `form` attribute), so Back,
    Next and "Add" carry them along, with and without JavaScript: nothing typed is lost.
    """
    nav = request.POST.get("nav")
    edits = posted_edit_forms(request, strategy, goals, kind)
    add_form = ITEM_FORMS[kind](request.POST, prefix="new", strategy=strategy)
    # An empty add form is skipped when the user went Back/Next or saved an open edit; only
    # the "Add" button itself asks for its required fields.
    skip_add = is_blank(add_form, ["title", "description"]) and bool(nav or edits)
    if nav and not edits and skip_add:
        return navigate(request, strategy, step)
    valid = [form.is_valid() for _, form in edits] + [skip_add or add_form.is_valid()]
    if all(valid) and services.items_save(
        strategy=strategy,
        goals=goals,
        edits=[form for _, form in edits],
        add_form=None if skip_add else add_form,
    ):
        if nav:
            return navigate(request, strategy, step)
        if request.htmx:
            strategy, goals = load(request, strategy.pk, write=True)
            return render_partial(request, strategy, goals, step, "items")
        pressed = request.POST.get("save", "")
        anchor = f"#{kind}-{pressed}" if any(str(i.pk) == pressed for i, _ in edits) else ""
        return redirect(step_url(strategy, step) + anchor)
    # Show everything again as it was typed, with the errors beside it.
    for item, form in edits:
        item.edit_form = form
    if request.htmx:
        return render_partial(request, strategy, goals, step, "items", add_form=add_form)
    return render_step(request, strategy, goals, step, add_form=add_form)


def posted_edit_forms(request, strategy, goals, kind: str) -> list[tuple[Any, Any]]:
    """The inline edit forms whose fields came with this POST, each bound to its item.

    An open edit form is recognised by its `<item id>-version` field. Ids that are not this
    step's items of this strategy (deleted meanwhile, foreign, made up) are ignored.
    """
    items = {str(item.pk): item for item in (goals if kind == "goal" else tree_csfs(goals))}
    edits = []
    for key in request.POST:
        prefix = key.removesuffix("-version")
        if prefix != key and prefix in items:
            edits.append((items[prefix], edit_form(kind, items[prefix], strategy, request.POST)))
    return edits


def edit_form(kind: str, item, strategy, data=None):
    """An inline edit form whose fields belong to the step's form (`form="add-form"`)."""
    form = ITEM_FORMS[kind](data, instance=item, strategy=strategy, prefix=str(item.pk))
    for field in form.fields.values():
        field.widget.attrs["form"] = STEP_FORM_ID
    return form


# --- 4. KPIs: one KPI form with live SMART feedback, milestones and the library -------------


def kpis_context(request, strategy, goals, **extra):
    if "form" not in extra:
        extra["form"] = _new_kpi_form(request, strategy, goals)
    form = extra["form"]
    extra["kpi_editing"] = not form.instance._state.adding
    # Fixing a rejected KPI: why it was rejected, at the top of the form.
    extra["rejection"] = form.instance.rejection() if extra["kpi_editing"] else None
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
    extra.update(library_context(request, form.data if form.is_bound else None))
    extra.setdefault("undoable", undoable(request, strategy, "kpi"))
    return extra


def _new_kpi_form(request, strategy, goals) -> KpiForm:
    """An empty KPI form, started from a library template when `?template=` names one."""
    csfs = tree_csfs(goals)
    first_without = next((csf for csf in csfs if not csf.kpis.all()), None)
    initial: dict[str, Any] = {"csf": first_without or (csfs[0] if csfs else None)}
    wanted_csf = request.GET.get("csf")
    initial["csf"] = next((c for c in csfs if str(c.pk) == wanted_csf), initial["csf"])
    template = library_template(request.GET.get("template", ""))
    if template:
        initial.update(template_values(template))
    return KpiForm(strategy=strategy, initial=initial)


def library_template(template_id: str) -> KpiTemplate | None:
    """The library template a "Use" names, or None for a missing or malformed id."""
    # isdigit() alone lets "²" through, which int() refuses; a key has at most 18 digits.
    wanted = template_id.isascii() and template_id.isdigit() and len(template_id) <= 18
    return KpiTemplate.objects.filter(pk=template_id).first() if wanted else None


def template_values(template: KpiTemplate) -> dict[str, Any]:
    """What a library template fills in on the KPI form."""
    return {
        "template": template.pk,
        "name": template.name,
        "definition": template.definition,
        "unit": template.unit,
        "direction": template.direction,
        "frequency": template.frequency,
        "indicator_type": template.indicator_type,
        "customer_facing": template.customer_facing,
    }


def use_template(request, data, template: KpiTemplate, *, defaults: dict[str, str]) -> None:
    """Fill the posted KPI form's empty fields from `template`, keeping everything typed (the
    chosen CSF too), and say which fields were filled and which kept as they were.

    A field still at its default (`defaults`: a new KPI's "higher is better", for instance)
    counts as empty: nobody typed it."""
    filled, kept = [], []
    for name, value in template_values(template).items():
        typed = str(data.get(name, "")).strip()
        if typed and typed == defaults.get(name):
            typed = ""
        if name == "customer_facing":
            # A checkbox posts nothing when unticked: ticking it is all a template can add.
            if value and not typed:
                data[name] = "on"
            continue
        new = str(value)
        if name == "template" or not typed:
            data[name] = new
            if name != "template" and new:
                filled.append(name)
        elif typed != new:
            kept.append(name)
    labels = {name: field.label for name, field in KpiForm.base_fields.items()}
    parts = [_("“%(name)s” from the library is used.") % {"name": template.name}]
    if filled:
        parts.append(
            _("Filled in: %(fields)s.")
            % {"fields": ", ".join(str(labels.get(n, n)).lower() for n in filled)}
        )
    if kept:
        parts.append(
            _("Kept what you typed in: %(fields)s.")
            % {"fields": ", ".join(str(labels.get(n, n)).lower() for n in kept)}
        )
    messages.info(request, " ".join(parts))


def library_context(request, data=None) -> dict[str, Any]:
    """The KPI library filtered by the search words and the area (from the query string, or
    from the KPI form they were posted with when searching without JavaScript)."""
    data = request.GET if data is None else data
    query = data.get("q", "").strip()[:100]
    area = data.get("area", "")
    area = area if area in Area.values else ""
    found = list(KpiTemplate.objects.search(query, area)[: LIBRARY_PAGE + 1])
    return {
        "library": found[:LIBRARY_PAGE],
        "library_more": len(found) > LIBRARY_PAGE,
        "library_query": query,
        "library_area": area,
        "areas": Area.choices,
    }


def kpis_post(request, strategy, goals, kpi=None):
    """Save a new or edited KPI with its milestones, or only re-show it with feedback
    ("check"), with the structured fields filled from the statement ("apply"), with one
    more milestone row ("add_milestone", for browsers without JavaScript), with a library
    template's values in the fields left empty ("Use": `use_template`), or with the library
    searched ("search", without JavaScript: the search words are posted with the form).

    Enter in a field presses the form's first button, "Save" (see step_kpis.html): it never
    applies what was found in the statement over what was typed."""
    action = request.POST.get("action", "save")
    data = request.POST.copy()
    if "use_template" in data:
        action = "use"
        template = library_template(data["use_template"])
        if template is None:
            messages.warning(request, _("That library template does not exist (any more)."))
        else:
            defaults = {} if kpi else _new_kpi_defaults(strategy)
            use_template(request, data, template, defaults=defaults)
    elif action == "save" and kpi is None and _library_searched(data, strategy):
        action = "search"
    if action == "apply":
        feedback = SmartFeedbackInput(data, memberships=request.memberships)
        found = feedback.evaluation(lang=current_lang()).extraction.as_form_initial()
        for name, value in found.items():
            data[name] = _as_input(value)
    if action == "add_milestone":
        total = data.get("milestones-TOTAL_FORMS", "")
        if total.isascii() and total.isdigit() and int(total) < MAX_MILESTONES:
            data["milestones-TOTAL_FORMS"] = str(int(total) + 1)
    form = KpiForm(data, instance=kpi, strategy=strategy)
    milestones = milestone_formset(data, kpi_form=form)
    if action in {"use", "search"}:
        form.show_unjudged()
    if action in {"apply", "check", "add_milestone", "use", "search"}:
        return render_step(request, strategy, goals, Step.KPIS, form=form, milestones=milestones)
    if request.POST.get("nav") and kpi is None and is_blank(form, ["name", "statement"]):
        return navigate(request, strategy, Step.KPIS)
    valid = form.is_valid()
    if milestones.is_bound:
        valid = milestones.is_valid() and valid
    if valid and services.kpi_save(form=form, milestones=milestones, actor=request.user):
        messages.success(request, _("KPI “%(name)s” saved.") % {"name": form.instance.name})
        if getattr(form.instance, "reopened", False):
            messages.info(
                request,
                _(
                    "It was approved, so the change goes to a manager for a decision; until "
                    "then it is proposed again."
                ),
            )
        return saved(request, strategy, Step.KPIS, f"#kpi-{form.instance.pk}")
    return render_step(request, strategy, goals, Step.KPIS, form=form, milestones=milestones)


def _new_kpi_defaults(strategy) -> dict[str, str]:
    """What an empty KPI form shows in each field before anything is typed."""
    blank = KpiForm(strategy=strategy)
    return {name: str(blank[name].value() or "") for name in blank.fields}


def _library_searched(data, strategy) -> bool:
    """Enter in the library's search box without JavaScript, before any KPI was typed: the
    KPI form's "Save" came with search words and an empty KPI, so it is a search."""
    searched = data.get("q", "").strip() or data.get("area")
    return bool(searched) and is_blank(KpiForm(data, strategy=strategy), ["name", "statement"])


def _as_input(value) -> str:
    """A value as the user would type it in the active language."""
    if hasattr(value, "isoformat") and not hasattr(value, "hour"):
        return value.isoformat()  # date inputs always take ISO dates
    return localize_input(value)


# --- 5. validation and 6. submit -------------------------------------------------------------


def validation_context(request, strategy, goals, **extra):
    findings, evaluations = strategy_health(strategy, goals)
    node_urls = {}
    for kind, items in (("goal", goals), ("csf", tree_csfs(goals)), ("kpi", tree_kpis(goals))):
        for item in items:
            node_urls[(kind, item.pk)] = reverse("planning:item_edit", args=[kind, item.pk])
    rows = [
        {
            "kpi": kpi,
            "missing": kpi.missing_fields(),
            "missing_labels": [(name, MISSING_LABELS[name]) for name in kpi.missing_fields()],
            "evaluation": evaluations.get(kpi.pk),
            "url": node_urls[("kpi", kpi.pk)],
        }
        for kpi in tree_kpis(goals)
    ]
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


def validation_post(request, strategy, goals):
    return saved(request, strategy, Step.VALIDATION)


def submit_context(request, strategy, goals, **extra):
    """The validation step's findings, and where the set stands: what submitting would
    propose now (drafts, rejected KPIs) and what waits for a manager or was approved."""
    extra = validation_context(request, strategy, goals, **extra)
    latest = strategy.kpi_set_versions.aggregate(number=Max("number"))["number"]
    extra["review"] = ReviewState.from_kpis(tree_kpis(goals), latest)
    return extra


def submit_post(request, strategy, goals):
    try:
        submission = services.plan_submit(strategy=strategy, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(step_url(strategy, first_open_step(goals)))
    if submission.count:
        messages.success(request, submission_message(submission))
    else:
        messages.info(
            request,
            _(
                "Nothing new to submit: no KPI is a draft or rejected. The proposed KPIs "
                "still wait for a manager."
            ),
        )
    url = step_url(strategy, Step.SUBMIT)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def submission_message(submission: services.Submission) -> str:
    """What was (re)submitted, counted: "The plan is submitted again. 2 draft KPIs and 1
    rejected KPI are now proposed for review."""
    parts = [_("The plan is submitted again.") if submission.again else _("The plan is submitted.")]
    if submission.drafts:
        parts.append(
            ngettext(
                "%(count)d draft KPI is now proposed for review.",
                "%(count)d draft KPIs are now proposed for review.",
                submission.drafts,
            )
            % {"count": submission.drafts}
        )
    if submission.rejected:
        parts.append(
            ngettext(
                "%(count)d rejected KPI is proposed again.",
                "%(count)d rejected KPIs are proposed again.",
                submission.rejected,
            )
            % {"count": submission.rejected}
        )
    return " ".join(parts)


# --- the table -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepPage:
    """A step's page. `context(request, strategy, goals, **extra)` returns the template's
    context for the step (keeping what `extra` already holds, such as a bound form);
    `post(request, strategy, goals)` saves the step and answers."""

    form: type | None
    context: Callable[..., dict[str, Any]]
    post: Callable[..., HttpResponse]


PAGES: dict[Step, StepPage] = {
    Step.STRATEGY: StepPage(StrategyForm, strategy_context, strategy_post),
    Step.GOALS: StepPage(GoalForm, goals_context, goals_post),
    Step.CSFS: StepPage(CsfForm, csfs_context, csfs_post),
    Step.KPIS: StepPage(KpiForm, kpis_context, kpis_post),
    Step.VALIDATION: StepPage(None, validation_context, validation_post),
    Step.SUBMIT: StepPage(None, submit_context, submit_post),
}
