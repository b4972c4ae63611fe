"""Language selection: the user's explicit choice, else Dutch."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Activate the language chosen with the language switcher (its cookie), else Dutch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language on purpose: the
    product is Dutch first, and a team sharing a screen should see the language it picked.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
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
