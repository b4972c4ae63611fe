"""Who calls the API: a personal token in `Authorization: Bearer …`, and how often it may.

The token stands for its membership: the request gets that user, that one organisation and that
role (`request.memberships`), so the same access helpers as the pages decide what it may see and
change. Another organisation's objects are not found (404); an unknown, revoked or malformed
token is refused (401) before anything is read.
"""

from django.conf import settings
from django.utils import translation
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

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


class TokenRateThrottle(SimpleRateThrottle):
    """At most API_RATE_LIMIT requests per token (django-ninja's sliding window, kept in Django's
    cache: with several workers, a shared cache makes it one limit)."""

    scope = "api_token"

    def get_rate(self) -> str:
        return settings.API_RATE_LIMIT

    def allow_request(self, request) -> bool:
        # Read the setting each time, so a changed limit (or a test's) needs no restart.
        self.num_requests, self.duration = self.parse_rate(self.get_rate())
        return super().allow_request(request)

    def get_cache_key(self, request) -> str | None:
        token = getattr(request, "auth", None)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}
