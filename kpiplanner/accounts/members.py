"""The members page of an organisation's admin: who is a member with which role, invitations,
role changes, removal, and the log of every change. Other roles get 403, people without an
organisation 404. The writes are in `services.py`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from . import services
from .access import get_for_member
from .forms import InviteForm, RoleForm
from .models import Invitation, MemberEvent, Membership, Role, display_name
from .security import log_refusal

TEMPLATE = "accounts/members.html"
LOG_LINES = 50


def _admin_membership(request: HttpRequest) -> Membership:
    """The admin membership of the organisation worked in (else 404 or 403)."""
    membership = request.membership
    if membership is None:
        log_refusal(request, 404, model="accounts.Membership")
        raise Http404
    if not membership.can_manage_members:
        log_refusal(request, 403, model="accounts.Membership", role=membership.role)
        raise PermissionDenied
    return membership


def _is_admin(membership: Membership) -> bool:
    return membership.can_manage_members


def _member(request: HttpRequest, pk) -> Membership:
    return get_for_member(
        request,
        Membership.objects.select_related("user", "organisation"),
        pk,
        organisation_path="organisation",
        allowed=_is_admin,
    )


def _context(request: HttpRequest, admin: Membership, **extra) -> dict:
    organisation = admin.organisation
    members = list(
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    invitations = [
        i
        for i in Invitation.objects.filter(organisation=organisation, accepted_at=None)
        .select_related("invited_by")
        .order_by("-created_at")
        if i.is_pending
    ]
    return {
        "organisation": organisation,
        "admin": admin,
        "members": members,
        "role_choices": Role.choices,
        "admin_count": sum(1 for m in members if m.can_manage_members),
        "invitations": invitations,
        "events": MemberEvent.objects.filter(organisation=organisation)[:LOG_LINES],
        "invite_form": extra.pop("invite_form", None)
        or InviteForm(initial={"language": get_language()}),
        **extra,
    }


def _answer(request: HttpRequest, admin: Membership, *, notice="", error="", **extra):
    """A plain POST redirects to the page (the notice as a message); htmx gets the panel."""
    if request.htmx:
        context = _context(request, admin, notice=notice, error=error, **extra)
        return render(request, TEMPLATE + "#member-admin", context)
    if error:
        messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    return redirect("members:list")


@require_GET
@login_required
@vary_on_headers("HX-Request")
def member_list(request: HttpRequest) -> HttpResponse:
    admin = _admin_membership(request)
    context = _context(request, admin)
    if request.htmx:
        return render(request, TEMPLATE + "#member-admin", context)
    return render(request, TEMPLATE, context)


@require_POST
@login_required
def member_invite(request: HttpRequest) -> HttpResponse:
    admin = _admin_membership(request)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                organisation=admin.organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                language=form.cleaned_data["language"],
                invited_by=request.user,
                base_url=request.build_absolute_uri("/"),
                request=request,
            )
        except services.MemberError as error:
            form.add_error("email", error.message)
        else:
            notice = _("An invitation is on its way to %(email)s.") % {"email": invitation.email}
            return _answer(request, admin, notice=notice)
    context = _context(request, admin, invite_form=form)
    template = TEMPLATE + "#member-admin" if request.htmx else TEMPLATE
    return render(request, template, context)


@require_POST
@login_required
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _member(request, pk)
    admin = request.membership
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _answer(request, admin, error=_("Choose one of the roles."))
    name = display_name(membership.user)
    try:
        changed = services.member_set_role(
            membership=membership,
            role=form.cleaned_data["role"],
            actor=request.user,
            request=request,
        )
    except services.MemberError as error:
        return _answer(request, admin, error=error.message)
    if membership.user_id == request.user.pk and not membership.can_manage_members:
        return _left_admin(request, _("You are no longer an admin of %(name)s."))
    notice = ""
    if changed:
        notice = _("%(name)s is now %(role)s.") % {
            "name": name,
            "role": membership.get_role_display().lower(),
        }
    return _answer(request, admin, notice=notice)


@require_POST
@login_required
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _member(request, pk)
    admin = request.membership
    name = display_name(membership.user)
    try:
        services.member_remove(membership=membership, actor=request.user, request=request)
    except services.MemberError as error:
        return _answer(request, admin, error=error.message)
    if membership.user_id == request.user.pk:
        return _left_admin(
            request, _("You left %(name)s.") % {"name": membership.organisation.name}
        )
    notice = _("%(name)s is no longer a member of %(organisation)s.") % {
        "name": name,
        "organisation": membership.organisation.name,
    }
    return _answer(request, admin, notice=notice)


@require_POST
@login_required
def invitation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_for_member(
        request,
        Invitation.objects.select_related("organisation"),
        pk,
        organisation_path="organisation",
        allowed=_is_admin,
    )
    services.invitation_withdraw(invitation=invitation, actor=request.user, request=request)
    notice = _("The invitation of %(email)s is withdrawn; its link no longer works.") % {
        "email": invitation.email
    }
    return _answer(request, request.membership, notice=notice)


def _left_admin(request: HttpRequest, text: str) -> HttpResponse:
    """After one's own demotion or departure the members page is closed: to the dashboard."""
    messages.success(request, text)
    url = reverse("dashboard")
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
