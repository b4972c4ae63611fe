"""Project-wide pages: the dashboard and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from goals.models import Strategy


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The strategies of the organisation the user works in."""
    membership = request.membership
    strategies = []
    if membership is not None:
        strategies = (
            Strategy.objects.filter(organisation_id=membership.organisation_id)
            .with_counts()
            .order_by("-horizon_end_year", "name")
        )
    return render(request, "dashboard.html", {"strategies": strategies})


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: the app runs and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
