"""Strategy pages."""

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .access import get_strategy_for_member
from .models import Strategy, tree_kpis
from .tree import load_tree


@require_GET
@login_required
def strategy_detail(request: HttpRequest, pk) -> HttpResponse:
    """The whole tree, goal → CSF → KPI, read-only, in a constant number of queries.

    Every member reads it; a viewer sees the approved KPIs only (and the goals and CSFs above
    them), with their progress: drafts and proposals are work in progress.
    """
    strategy = get_strategy_for_member(
        request,
        pk,
        published=True,
        queryset=Strategy.objects.annotate(latest_version=Max("kpi_set_versions__number")),
    )
    # Which tree to load depends on the role in the strategy's organisation, known only now.
    approved_only = not request.membership.can_read_drafts
    goals = load_tree(strategy, approved_only=approved_only)
    kpis = tree_kpis(goals)
    kpi_count = len(kpis)
    # Editors import values for every KPI, an owner for their own (interchange's import page).
    may_import_values = kpi_count > 0 and (
        request.membership.can_edit or any(kpi.owner_id == request.user.pk for kpi in kpis)
    )
    # Status, progress and roll-ups, from the loaded tree (by label: goals imports up the tree).
    kpi_model = apps.get_model("indicators", "Kpi")
    rollup = kpi_model.track_tree(goals, latest=kpi_model.SPARKLINE_VALUES)
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
            "approved_only": approved_only,
        },
    )
