"""The mails the accounts send, each rendered in its recipient's language, and the one helper
every other mail to a member uses (`user_mail`: the reminders, the notification digests)."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Invitation, Profile, display_name


def site_url(path: str) -> str:
    """An absolute link for a mail sent without a request (SITE_URL + path)."""
    return settings.SITE_URL.rstrip("/") + path


def user_mail(user, template: str, context: dict, subject: Callable[[], str]) -> tuple[str, str]:
    """(subject, body) of a mail to `user`, in the language they chose (`Profile.language_of`).

    `subject` is called, and `template` rendered with `name` (how the mail greets them) and
    `context`, while that language is active; the mail is plain text."""
    with translation.override(Profile.language_of(user)):
        body = render_to_string(template, {"name": display_name(user), **context})
        return " ".join(str(subject()).split()), body


def render_mail(template: str, context: dict, language: str) -> tuple[str, str]:
    """(subject, body) of `accounts/email/<template>_subject.txt` and `….txt` in `language`."""
    with translation.override(language):
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
        body = render_to_string(f"accounts/email/{template}.txt", context)
    return " ".join(subject.split()), body


def invitation_mail(invitation: Invitation, *, link: str, existing_user) -> tuple[str, str]:
    language = Profile.language_of(existing_user) if existing_user else invitation.language
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation.name,
        "inviter": invitation.invited_by,
        "link": link,
        "existing_user": existing_user,
        "days": max(1, round((invitation.expires_at - invitation.created_at).days)),
    }
    with translation.override(language):
        context["role"] = str(invitation.get_role_display()).lower()
    return render_mail("invitation", context, language)


def password_reset_messages(form, email: str, *, domain: str, use_https: bool):
    """(subject, body, recipient) for each active account with this address (Django's
    PasswordResetForm.get_users: a usable password, the address matched case-insensitively)."""
    for user in form.get_users(email):
        context = {
            "user": user,
            "protocol": "https" if use_https else "http",
            "domain": domain,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        }
        context["link"] = "{protocol}://{domain}{path}".format(
            path=reverse(
                "accounts:password_reset_confirm",
                kwargs={"uidb64": context["uid"], "token": context["token"]},
            ),
            **context,
        )
        subject, body = render_mail("password_reset", context, Profile.language_of(user))
        yield subject, body, user.email
