"""Who calls the API: a personal token in `Authorization: Bearer …`, and how often it may.

The token stands for its membership: the request gets that user, that one organisation and that
role (`request.memberships`), so the same access helpers as the pages decide what it may see and
change. Another organisation's objects are not found (404); an unknown, revoked or malformed
token is refused (401) before anything is read.
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

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


clock = time.time  # tests set the time here

PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "120/min" → (120, 60): requests, per so many seconds."""
    count, _slash, unit = rate.partition("/")
    return int(count), PERIODS[unit.strip().lower()]


class TokenRateThrottle(BaseThrottle):
    """At most API_RATE_LIMIT requests per token in each window (a minute for "120/min").

    A counter per token and window in Django's cache: `add` then `incr`, which a shared cache
    (Redis, memcached, the database) does atomically, so several workers count together; with
    the default per-process cache each worker counts on its own. Nothing is kept on this object,
    which every thread of a worker shares, except the wait of the refusal at hand (thread-local,
    read by django-ninja right after `allow_request`).
    """

    def __init__(self):
        self._refusal = threading.local()

    def allow_request(self, request) -> bool:
        token = getattr(request, "auth", None)
        if token is None:
            return True
        limit, period = parse_rate(settings.API_RATE_LIMIT)
        now = clock()
        window = int(now // period)
        key = f"api_rate:{token.pk}:{window}"
        cache.add(key, 0, timeout=period + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=period + 1)
            count = 1
        if count <= limit:
            return True
        self._refusal.wait = (window + 1) * period - now
        return False

    def wait(self) -> float | None:
        return getattr(self._refusal, "wait", None)
