"""Who calls the API: a personal token in `Authorization: Bearer …`, and how often it may.

The token stands for its membership: the request gets that user, that one organisation and that
role (`request.memberships`), so the same access helpers as the pages decide what it may see and
change. Another organisation's objects are not found (404); an unknown, revoked or malformed
token is refused (401) before anything is read.
"""

import threading

from django.conf import settings
from django.utils import translation
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from kpiplanner.core.ratelimit import RateLimit

from .models import TOKEN_MAX_LENGTH, ApiToken, digest
from .services import token_used


def activate_language(request) -> None:
    """Scripts have no language switch: the language cookie, else Accept-Language, else Dutch."""
    language = translation.get_language_from_request(request)
    translation.activate(language)
    request.LANGUAGE_CODE = language


class TokenAuth(HttpBearer):
    def __call__(self, request):
        activate_language(request)
        return super().__call__(request)

    def authenticate(self, request, token: str) -> ApiToken | None:
        token = token.strip()
        if not token or len(token) > TOKEN_MAX_LENGTH:
            return None
        found = (
            ApiToken.objects.active()
            .select_related("membership__user", "membership__organisation")
            .filter(secret_hash=digest(token))
            .first()
        )
        if found is None or not found.membership.user.is_active:
            return None
        membership = found.membership
        request.user = membership.user
        request.memberships = {membership.organisation_id: membership}
        request.membership = membership
        token_used(token=found)
        return found


PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "120/min" → (120, 60): requests, per so many seconds."""
    count, _slash, unit = rate.partition("/")
    return int(count), PERIODS[unit.strip().lower()]


class TokenRateThrottle(BaseThrottle):
    """At most API_RATE_LIMIT requests per token in each window (a minute for "120/min").

    Counted by kpiplanner.core.ratelimit, in the cache every worker shares in production (the
    database cache named by RATE_LIMIT_CACHE), like the other rate limits. Nothing is kept on
    this object, which every thread of a worker shares, except the wait of the refusal at hand
    (thread-local, read by django-ninja right after `allow_request`).
    """

    def __init__(self):
        self._refusal = threading.local()

    def allow_request(self, request) -> bool:
        token = getattr(request, "auth", None)
        if token is None:
            return True
        limit = RateLimit("api", *parse_rate(settings.API_RATE_LIMIT))
        if limit.allow(f"token:{token.pk}"):
            return True
        self._refusal.wait = limit.retry_after
        return False

    def wait(self) -> float | None:
        return getattr(self._refusal, "wait", None)
