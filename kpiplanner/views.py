"""Project-wide pages: the dashboard, the health check and the page for an expired form."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE, REASON_NO_REFERER
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


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check (settings.CSRF_FAILURE_VIEW), told in the user's words:
    nothing was saved, and how to send it again. Django's own view would hide why it failed."""
    context = {
        "no_cookie": reason == REASON_NO_CSRF_COOKIE,
        "no_referer": reason == REASON_NO_REFERER,
    }
    return render(request, "403_csrf.html", context, status=403)
