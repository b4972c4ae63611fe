"""Project-wide pages: the dashboard, the health check and the page for an expired form."""

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.middleware.csrf import REASON_NO_CSRF_COOKIE, REASON_NO_REFERER
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_GET

from goals.models import Strategy, tree_kpis
from goals.review_state import ReviewState


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The strategies of the organisation the user works in, each with where its KPI set
    stands and its roll-up, in a constant number of queries. A viewer's cards count the
    approved KPIs only: drafts and proposals are not theirs to read."""
    membership = request.membership
    strategies = []
    if membership is not None:
        strategies = list(
            Strategy.objects.filter(organisation_id=membership.organisation_id)
            .with_counts()
            .with_tracking(approved_only=not membership.can_read_drafts)
            .annotate(latest_version=Max("kpi_set_versions__number"))
            .order_by("-horizon_end_year", "name")
        )
        kpi_model = apps.get_model("indicators", "Kpi")
        # Every card's values in one query, not one per strategy.
        readings = apps.get_model("indicators", "Measurement").objects.readings(
            kpi_model.objects.filter(
                csf__goal__strategy__in=strategies, status__in=kpi_model.TRACKED_STATUSES
            ),
            day=timezone.localdate(),
        )
        for strategy in strategies:
            goals = strategy.goals.all()
            kpis = tree_kpis(goals)
            strategy.rollup = kpi_model.track_tree(goals, readings=readings)
            strategy.review = ReviewState.from_kpis(kpis, strategy.latest_version)
            if not membership.can_read_drafts:
                strategy.goal_count, strategy.kpi_count = len(goals), len(kpis)
            strategy.state, strategy.version_number = strategy.review.kind, strategy.latest_version
    return render(request, "dashboard.html", {"strategies": strategies})


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: the app runs and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check (settings.CSRF_FAILURE_VIEW), told in the user's words:
    nothing was saved, and how to send it again. Django's own view would hide why it failed."""
    context = {
        "no_cookie": reason == REASON_NO_CSRF_COOKIE,
        "no_referer": reason == REASON_NO_REFERER,
    }
    return render(request, "403_csrf.html", context, status=403)


def favicon(request):
    """/favicon.ico, which browsers ask for where a page names no icon: the app's icon. Its
    (hashed) address is looked up per request, not when the URLs load, which is before
    collectstatic has run in a deploy check."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
