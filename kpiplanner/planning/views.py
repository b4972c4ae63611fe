"""The guided planning wizard: strategy → goals → CSFs → KPIs → validation → submit.

One URL per step (`/plans/<uuid>/<step>/`); every POST saves to the database, so a plan resumes
where it stands on any device. Members of the organisation may read every step; only editors
(admin, facilitator) may write. What each step shows and saves is in `steps.PAGES`; editing,
moving, deleting and undoing one goal, CSF or KPI inline is in `items.py`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from goals.forms import StrategyForm
from goals.models import Strategy
from goals.review_state import ReviewState

from . import services
from .kpi_step import library_context
from .pages import can_edit, load, plan_of, step_url, warn_unfinished, wizard_context
from .steps import PAGES, render_step
from .wizard import STEPS, Step, first_open_step, is_reachable


@require_GET
@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The organisation's strategies with where each plan stands and where its KPI set stands
    (not for viewers: a plan is work in progress)."""
    strategies = []
    if request.membership is not None:
        if not request.membership.can_read_drafts:
            raise PermissionDenied
        strategies = (
            Strategy.objects.filter(organisation_id=request.membership.organisation_id)
            .select_related("plan")
            .with_counts()
            .with_review_counts()
            .order_by("-updated_at")
        )
    rows = []
    for strategy in strategies:
        plan = plan_of(strategy)
        step = Step(plan.current_step) if plan else Step.STRATEGY
        rows.append(
            {
                "strategy": strategy,
                "plan": plan,
                "step": step,
                "label": STEPS[step].label,
                "review": ReviewState.from_annotations(strategy),
            }
        )
    return render(request, "planning/plan_list.html", {"rows": rows, "can_edit": can_edit(request)})


@require_http_methods(["GET", "POST"])
@login_required
def strategy_new(request: HttpRequest) -> HttpResponse:
    """Start a new strategy and its plan (editors only)."""
    if not can_edit(request):
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
    strategy, goals = load(request, pk)
    plan = plan_of(strategy)
    step = Step(plan.current_step) if plan else Step.STRATEGY
    if not is_reachable(step, goals):
        step = first_open_step(goals)
    return redirect(step_url(strategy, step))


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
@login_required
def plan_step(request: HttpRequest, pk, step: str) -> HttpResponse:
    """One step of the wizard: GET shows it, POST saves it (and moves on when asked)."""
    try:
        step = Step(step)
    except ValueError as exc:
        raise Http404 from exc
    strategy, goals = load(request, pk, write=request.method == "POST")
    if not is_reachable(step, goals):
        open_step = first_open_step(goals)
        warn_unfinished(request, open_step)
        return redirect(step_url(strategy, open_step))
    if request.method == "GET":
        return render_step(request, strategy, goals, step)
    return PAGES[step].post(request, strategy, goals)


@vary_on_headers("HX-Request")
@require_GET
@login_required
def plan_library(request: HttpRequest, pk) -> HttpResponse:
    """Search the KPI library: the results list for htmx, the KPI step page otherwise."""
    strategy, goals = load(request, pk)
    if not request.htmx:
        return redirect(step_url(strategy, Step.KPIS) + "?" + request.GET.urlencode())
    context = wizard_context(request, strategy, goals, Step.KPIS, **library_context(request))
    return render(request, "planning/step_kpis.html#library", context)
