"""Security events, one line each, for alerting; and the visitor's address behind our proxies.

Every event goes to the `security` logger as `event=<name> key=value …` (values with spaces,
quotes or control characters are JSON-quoted, so a forged username cannot start a new line):
logins, failed logins, lockouts (django-axes), every 403 and 404 a view raises.
"""

import json
import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import Http404

logger = logging.getLogger("security")


def client_address(request) -> str:
    """The visitor's address: behind `PROXY_COUNT` trusted proxies, the one they saw.

    Used by the workshop join page and by django-axes (AXES_CLIENT_IP_CALLABLE)."""
    proxies = settings.PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies][:45]
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"


def _value(value) -> str:
    text = str(value)
    plain = text and text.isprintable() and not any(c in text for c in ' "=\\')
    return text if plain else json.dumps(text)


def log_event(event: str, request=None, **fields) -> None:
    """Log one security event as a single key=value line."""
    facts = {"event": event}
    if request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "user" not in fields:
            facts["user"] = user.get_username()
        facts["ip"] = client_address(request)
        facts["path"] = request.path[:200]
    facts |= fields
    logger.info(" ".join(f"{key}={_value(value)}" for key, value in facts.items()))


def log_refusal(request, status: int, **fields) -> None:
    """One `access_refused` event per request (the access helpers add the model and role)."""
    log_event("access_refused", request, status=status, **fields)
    request._refusal_logged = True


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    log_event("login", request, user=user.get_username())


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        log_event("logout", request, user=user.get_username())


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    log_event("login_failed", request, user=str(credentials.get("username", ""))[:150])


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    log_event("lockout", request, user=str(username or "")[:150])


class RefusedAccessLogMiddleware:
    """Logs every 403 and 404 a view raises (the access helpers' and the views' own) as one
    `access_refused` event; Django then answers with its error page as before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if getattr(request, "_refusal_logged", False):
            return
        if isinstance(exception, PermissionDenied):
            log_refusal(request, 403)
        elif isinstance(exception, Http404):
            log_refusal(request, 404)
