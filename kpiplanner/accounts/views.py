"""Switching the organisation one works in (login, logout and password change are Django's),
and the page a locked-out login gets (django-axes)."""

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from .access import activate_membership
from .security import log_event


@require_POST
@login_required
def switch_organisation(request: HttpRequest) -> HttpResponse:
    try:
        membership = request.memberships[int(request.POST.get("organisation", ""))]
    except (KeyError, ValueError) as exc:
        raise Http404 from exc
    activate_membership(request, membership)
    messages.success(
        request, _("You are now working in %(name)s.") % {"name": membership.organisation.name}
    )
    # Objects of the previous organisation are not shown in this one: start from the dashboard,
    # unless the page asked for a safe place to return to.
    target = request.POST.get("next") or "dashboard"
    if target != "dashboard" and not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "dashboard"
    if request.htmx:
        return HttpResponseClientRedirect(redirect(target).url)
    return redirect(target)


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a login of a locked-out username and address (429), in the
    user's language; the lockout itself is in the security log."""
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = max(1, math.ceil(cooloff.total_seconds() / 60))
    username = str((credentials or {}).get("username", ""))[:150]
    log_event("lockout_refused", request, user=username)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)
