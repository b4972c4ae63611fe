"""Switching the organisation one works in (login, logout and password change are Django's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from .access import activate_membership


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
