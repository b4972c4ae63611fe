"""Strategy pages."""

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .access import get_strategy_for_member
from .models import Strategy, tree_kpis


@require_GET
@login_required
def strategy_detail(request: HttpRequest, pk) -> HttpResponse:
    """The whole tree, goal → CSF → KPI, read-only, in a constant number of queries."""
    strategy = get_strategy_for_member(request, pk, queryset=Strategy.objects.with_tracking())
    goals = list(strategy.goals.all())
    kpis = tree_kpis(goals)
    kpi_count = len(kpis)
    # Editors import values for every KPI, an owner for their own (interchange's import page).
    may_import_values = kpi_count > 0 and (
        request.membership.can_edit or any(kpi.owner_id == request.user.pk for kpi in kpis)
    )
    # Status, progress and roll-ups, from the loaded tree (by label: goals imports up the tree).
    rollup = apps.get_model("indicators", "Kpi").track_tree(goals)
    workshops = list(strategy.workshops.filter(closed_at__isnull=True).order_by("-created_at"))
    return render(
        request,
        "goals/strategy_detail.html",
        {
            "strategy": strategy,
            "goals": goals,
            "kpi_count": kpi_count,
            "rollup": rollup,
            "open_workshops": workshops,
            "may_import_values": may_import_values,
        },
    )
