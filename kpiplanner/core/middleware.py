"""Language selection (the user's explicit choice, else Dutch), security headers, idle sessions."""

import time

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

SEEN_KEY = "_seen"


def chosen_language(request) -> str:
    """The language chosen with the language switcher (its cookie), else Dutch."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language in {code for code, _name in settings.LANGUAGES}:
        return language
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activate the language chosen with the language switcher (its cookie), else Dutch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language on purpose: the
    product is Dutch first, and a team sharing a screen should see the language it picked.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class SecurityHeadersMiddleware:
    """Headers Django does not set itself.

    - `Permissions-Policy`: the app uses no camera, microphone, location or payment; a page that
      is somehow made to ask gets refused by the browser.
    - `Cache-Control: no-store` on every response to a signed-in user (pages and exports) that
      has no Cache-Control of its own, so a shared computer's cache keeps nothing of theirs.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions:
            response.headers.setdefault("Permissions-Policy", self.permissions)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response


class IdleSessionMiddleware:
    """Ends a session after SESSION_IDLE_MINUTES without a request.

    The session's age is SESSION_COOKIE_AGE (the idle time); a request renews it by touching the
    session, at most once a minute, so a page that polls does not write the session each time.
    A session saved anyway (a login, a guest joining) gets its stamp for free.
    """

    RENEW_AFTER = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            seen = session.get(SEEN_KEY)
            stale = not isinstance(seen, int) or now - seen >= self.RENEW_AFTER
            if (stale or session.modified) and seen != now:
                session[SEEN_KEY] = now
        return response


def session_seen_at_login(sender, request, user, **kwargs):
    """A fresh login counts as seen (also the test client's force_login, which passes no
    middleware), so the first minute's requests write no session."""
    if request is not None and hasattr(request, "session"):
        request.session[SEEN_KEY] = int(time.time())
