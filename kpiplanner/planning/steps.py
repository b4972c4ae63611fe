"""What each page of the planning wizard shows and does: one `StepPage` per step.

`wizard.STEPS` says where a plan stands (each step's label, when it is done, and what is still
to do when it is not); `PAGES` below adds, step by step, the page: its form, the context its
template needs, and what a POST to it does. A newcomer reads one step top to bottom here, in the
order of the wizard (the KPI step, the largest, in `kpi_step.py`); `views.plan_step` only looks
the step up, and what every page shares (loading, the frame, Back/Next) is in `pages.py`. In the
spirit of les-emplois' `steps_config` (`itou/www/utils/wizard.py`), kept a small helper rather
than a framework.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_htmx.http import HttpResponseClientRedirect

from csf.forms import CsfForm
from goals.forms import GoalForm, StrategyForm, is_blank
from goals.models import tree_csfs, tree_kpis
from goals.review_state import ReviewState
from indicators.forms import KpiForm
from indicators.smart_adapter import strategy_health

from . import services
from .kpi_step import kpis_context, kpis_post
from .pages import load, navigate, render_page, saved, step_url, undoable
from .wizard import Step, first_open_step

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


# --- rendering a step through its page (PAGES, below) -------------------------------------


def render_step(request, strategy, goals, step: Step, *, status: int = 200, **extra):
    """The whole page of `step`; `extra` overrides what the step would show (a bound form)."""
    extra = PAGES[step].context(request, strategy, goals, **extra)
    return render_page(request, strategy, goals, step, extra, status=status)


def render_partial(request, strategy, goals, step: Step, partial: str, **extra) -> HttpResponse:
    """An htmx answer: one partial of the step, plus the progress bar out of band, because
    adding, deleting or restoring an item can finish or reopen a step.

    With `keep_typed=True` (moving, deleting, undoing) the add form and the rows are marked
    `hx-preserve`, so what is being typed there, in an open edit too, stays as it is.
    """
    extra = PAGES[step].context(request, strategy, goals, **extra)
    return render_page(request, strategy, goals, step, extra, partial=partial, oob=True)


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


# --- 4. KPIs: in kpi_step.py (kpis_context, kpis_post) ------------------------------------


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
