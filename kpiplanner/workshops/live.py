"""The live screens' cheap question: "has anything changed since revision N?"

Every open workshop screen polls its own URL with the revision it shows and a token that the
page was given when it was rendered for that person. `WorkshopPollMiddleware` answers the common
case, nothing changed, before sessions, users and memberships are loaded: one indexed query and
an empty 204, which htmx leaves alone. Anything else (a new revision, a bad token, no revision)
goes on to the view, which checks access as usual and renders the region anew.
"""

import re

from django.http import Http404, HttpResponse
from django.utils.crypto import constant_time_compare, salted_hmac

from .access import GUEST_SESSION_KEY
from .models import Workshop

POLL_PATH = re.compile(r"^/(?:w|workshops)/(?P<pk>[0-9a-f-]{36})/(?:control/|screen/)?live/$")
SALT = "kpiplanner.workshops.live"


def poll_token(workshop_id, who: str) -> str:
    """A token for one person's polling of one workshop; `who` names the screen and viewer."""
    return salted_hmac(SALT, f"{workshop_id}:{who}").hexdigest()[:24]


def token_is_valid(workshop_id, who: str, token: str) -> bool:
    return constant_time_compare(poll_token(workshop_id, who), token or "")


class WorkshopPollMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET":
            match = POLL_PATH.match(request.path_info)
            if match and self._unchanged(match["pk"], request.GET):
                response = HttpResponse(status=204)
                response["Cache-Control"] = "no-store"
                return response
        return self.get_response(request)

    @staticmethod
    def _unchanged(pk: str, params) -> bool:
        rev, who, token = params.get("rev", ""), params.get("who", ""), params.get("t", "")
        if not rev.isascii() or not rev.isdigit() or len(rev) > 18:
            return False
        if not token_is_valid(pk, who, token):
            return False
        # Participants' phones follow the revision of what they see; the other screens all.
        field = "content_revision" if who.startswith("p") else "revision"
        current = Workshop.objects.filter(pk=pk).values_list(field, flat=True).first()
        return current == int(rev)


# Where a guest (someone who joined by code, without an account) may go: the workshop itself,
# the join page, the language switch, static files. Every other page is the organisation's.
# Public pages a guest may still open: joining, the language, logging in, an invitation to
# become a member, a password reset.
GUEST_PATHS = (
    "/w/",
    "/join/",
    "/i18n/",
    "/static/",
    "/accounts/login/",
    "/accounts/invitation/",
    "/accounts/password/reset/",
    "/healthz/",
)


class GuestScopeMiddleware:
    """A guest's session opens their workshop and nothing else: other pages answer 404, not
    a login form that would suggest there is something behind it for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not request.user.is_authenticated
            and not request.path_info.startswith(GUEST_PATHS)
            and request.session.get(GUEST_SESSION_KEY)
        ):
            raise Http404
        return self.get_response(request)
