"""Background work of the accounts: sending e-mail (django-tasks, `db_worker`).

A web request decides that a mail goes out and renders it in the recipient's language; the
worker sends it, so a slow mail server never holds up a page. The password-reset mail is the
exception: its task also looks the address up, so the web request does the same work whether
the address is known or not (no user enumeration by timing).
"""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email_task(subject: str, body: str, recipient: str) -> int:
    """Send one plain-text mail; the number sent (1)."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])


@task()
def password_reset_task(email: str, domain: str, use_https: bool) -> int:
    """Mail a reset link to every active account with this address; how many were mailed."""
    from .emails import password_reset_messages

    sent = 0
    for subject, body, recipient in password_reset_messages(
        PasswordResetForm(), email, domain=domain, use_https=use_https
    ):
        sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    return sent
