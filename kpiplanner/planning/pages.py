"""What every page of the planning wizard shares: the strategy's tree loaded once, the frame
around each step (progress bar, Back and Next), rendering, and where a save goes next.

The steps themselves are in `steps.py` (strategy, goals, CSFs, validation, submit, and the
table `PAGES`) and `kpi_step.py` (the KPIs).
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from goals.access import get_strategy_for_member
from goals.models import Strategy

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


def render_page(request, strategy, goals, step: Step, extra, *, status=200, partial="", oob=False):
    """`step`'s template with the step's own context `extra` inside the wizard's frame; only
    `partial` of it when given, with the progress bar out of band when `oob`."""
    context = wizard_context(request, strategy, goals, step, **extra)
    if oob:
        context["progress_oob"] = True
    name = f"planning/step_{step.value}.html" + (f"#{partial}" if partial else "")
    return render(request, name, context, status=status)


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
