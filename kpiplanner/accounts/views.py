"""Accounts: logging in (in the language the person chose), the language switch, the account
page (language, notification e-mails, signing out other sessions), password reset, accepting
an invitation, switching the organisation one works in, and the page a locked-out login gets
(django-axes)."""

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.sites.shortcuts import get_current_site
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from kpiplanner.core.ratelimit import RateLimit

from . import services
from .access import activate_membership
from .forms import AcceptForm, LanguageForm, NotificationsForm, SignOutOthersForm
from .models import Profile
from .security import client_address, log_event, log_refusal


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """The cookie `core.middleware.LanguageMiddleware` reads, set as Django's set_language does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def _remember_language(user, language: str) -> None:
    Profile.objects.update_or_create(user=user, defaults={"language": language})


class LoginView(auth_views.LoginView):
    """Django's login; afterwards the pages speak the language the person chose, on any device."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        language = Profile.objects.filter(user=form.get_user()).values_list("language", flat=True)
        if language and language[0]:
            set_language_cookie(response, language[0])
        return response


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The header's NL/EN switch (Django's set_language); a signed-in person's choice is kept."""
    response = i18n.set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        _remember_language(request.user, language)
    return response


@never_cache
@require_GET
@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/account.html",
        _account_context(request, sign_out_form=SignOutOthersForm(user=request.user)),
    )


def _account_context(request, **forms) -> dict:
    wanted = Profile.objects.filter(user=request.user).values_list("email_notifications", flat=True)
    return {
        "language_form": LanguageForm(initial={"language": request.LANGUAGE_CODE}),
        "notifications_form": NotificationsForm(
            initial={"email_notifications": wanted.first() is not False}
        ),
        **forms,
    }


@require_POST
@login_required
@vary_on_headers("HX-Request")
def account_notifications(request: HttpRequest) -> HttpResponse:
    """Turn the notification e-mails (kpiplanner/notifications) on or off for oneself."""
    form = NotificationsForm(request.POST)
    form.is_valid()  # a checkbox: anything but "on"-like values is off
    wanted = bool(form.cleaned_data.get("email_notifications"))
    Profile.objects.update_or_create(user=request.user, defaults={"email_notifications": wanted})
    if wanted:
        done = _("You get an e-mail when something waits for you, at most one an hour.")
    else:
        done = _("You get no e-mails about what waits for you.")
    if request.htmx:
        context = {"notifications_form": NotificationsForm(initial={"email_notifications": wanted})}
        return render(request, "accounts/account.html#notifications", {**context, "done": done})
    messages.success(request, done)
    return redirect("accounts:account")


@require_POST
@login_required
def account_language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the languages."))
        return redirect("accounts:account")
    language = form.cleaned_data["language"]
    _remember_language(request.user, language)
    response = redirect("accounts:account")
    set_language_cookie(response, language)
    return response


@require_POST
@login_required
def sign_out_others(request: HttpRequest) -> HttpResponse:
    """Sign this person out everywhere but here.

    Every session holds a digest of the password's hash, checked on each request; hashing the
    same password again (a new salt) changes it, so all other sessions end at their next
    request, and this one is given the new digest. Like a password change, it asks for the
    password."""
    form = SignOutOthersForm(request.POST, user=request.user)
    if form.is_valid():
        user = request.user
        user.set_password(form.cleaned_data["password"])
        user.save(update_fields=["password"])
        update_session_auth_hash(request, user)
        log_event("sessions_revoked", request)
        messages.success(request, _("You are signed out on every other device."))
        return redirect("accounts:account")
    context = _account_context(request, sign_out_form=form)
    return render(request, "accounts/account.html", context, status=200)


class ResetForm(PasswordResetForm):
    """Django's reset form, but the lookup and the mail happen in the background task, so the
    answer and the work of this request are the same for a known and an unknown address."""

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        from .tasks import password_reset_task

        domain = domain_override or get_current_site(request).domain
        password_reset_task.enqueue(self.cleaned_data["email"], domain, use_https)
        log_event("password_reset_requested", request)


def reset_limit() -> RateLimit:
    """Reset requests per address (PASSWORD_RESETS_PER_HOUR): each may send a mail."""
    return RateLimit("password-reset", limit=settings.PASSWORD_RESETS_PER_HOUR, window=3600)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # The same refusal for any address, so it tells nothing about who has an account.
        if not reset_limit().allow(client_address(self.request)):
            log_event("password_reset_limited", self.request)
            form.add_error(
                None,
                _("Many links were asked from this address. Wait an hour and try again."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link of an invitation: a signed-in person joins with their account, anyone else
    makes one (the invited address, a username, a name, a password). A forged link is 404; an
    expired, used or withdrawn one says so (410)."""
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationInvalid as error:
        log_refusal(request, 404, model="accounts.Invitation")
        raise Http404 from error
    except services.InvitationUnusable as error:
        log_event("invitation_refused", request, reason=str(error.message))
        return render(
            request, "accounts/invitation_unusable.html", {"message": error.message}, status=410
        )
    signed_in = request.user.is_authenticated
    form = None if signed_in else AcceptForm(email=invitation.email)
    if request.method == "POST":
        if not signed_in:
            form = AcceptForm(request.POST, email=invitation.email)
        if signed_in or form.is_valid():
            try:
                accepted = services.invitation_accept(
                    token=token,
                    user=request.user if signed_in else None,
                    new_user=None if signed_in else form.account(),
                    request=request,
                )
            except services.InvitationUnusable as error:
                return render(
                    request,
                    "accounts/invitation_unusable.html",
                    {"message": error.message},
                    status=410,
                )
            membership = accepted.membership
            if not signed_in:
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            request.memberships = {membership.organisation_id: membership, **request.memberships}
            activate_membership(request, membership)
            name = invitation.organisation.name
            if accepted.already_member:
                messages.info(request, _("You were already a member of %(name)s.") % {"name": name})
            else:
                messages.success(
                    request,
                    _("Welcome to %(name)s. You are %(role)s.")
                    % {"name": name, "role": membership.get_role_display().lower()},
                )
            url = reverse("dashboard")
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    return render(
        request,
        "accounts/invitation_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "already_member": signed_in and invitation.organisation_id in request.memberships,
            "login_url": reverse("accounts:login") + "?next=" + request.path,
        },
    )


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
