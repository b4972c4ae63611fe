"""The live screens' cheap questions: "has anything changed since revision N?", and on a
phone "only the vote counts?".

Every open workshop screen polls its own URL with the revision it shows and a token that the
page was given when it was rendered for that person. `WorkshopPollMiddleware` answers the common
cases before sessions, users and memberships are loaded, with one indexed query:
- nothing changed: an empty 204, which htmx leaves alone;
- on a participant's phone that holds the current proposal list (its `X-Workshop-List` header)
  only the vote counts changed, as they do with every vote while counts show live: the counts,
  the same for every participant, read once per revision and kept in the cache, as an
  out-of-band element and `HX-Reswap: none`, so the phone's own part stays as it is;
- on a phone whose list only lacks the proposals made since (`appends.py`): those rows and the
  list's heading out of band, the counts with them, `HX-Reswap: none` again.
Anything else (another list or round change, a bad token, no revision) goes on to the view,
which checks access as usual and renders the region anew.
"""

import json
import re

from django.core.cache import cache
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.html import escape

from kpiplanner.core.middleware import chosen_language

from .access import GUEST_SESSION_KEY
from .models import Phase, Vote, Workshop

POLL_PATH = re.compile(r"^/(?:w|workshops)/(?P<pk>[0-9a-f-]{36})/(?:control/|screen/)?live/$")
SALT = "kpiplanner.workshops.live"


def poll_token(workshop_id, who: str) -> str:
    """A token for one person's polling of one workshop; `who` names the screen and viewer."""
    return salted_hmac(SALT, f"{workshop_id}:{who}").hexdigest()[:24]


def token_is_valid(workshop_id, who: str, token: str) -> bool:
    return constant_time_compare(poll_token(workshop_id, who), token or "")


CACHE_SECONDS = 120
LIST_HEADER = "X-Workshop-List"  # the list revision a phone holds (static/js/workshop.js)


def is_number(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= 18


def round_counts(workshop_id, round_id, content_revision: int) -> dict:
    """{proposal id: votes} in the round, read once per content revision (one query)."""
    key = f"ws-counts:{workshop_id}:{content_revision}"
    counts = cache.get(key)
    if counts is None:
        counts = dict(
            Vote.objects.filter(round_id=round_id)
            .values_list("proposal")
            .annotate(n=Count("id"))
            .order_by()
        )
        cache.set(key, counts, CACHE_SECONDS)
    return counts


def counts_json(counts: dict) -> str:
    return json.dumps({str(pk): n for pk, n in counts.items()}, separators=(",", ":"))


def counts_shown(phase: str | None, votes_hidden: bool) -> bool:
    """Whether participants see vote counts: once revealed, or while voting if not hidden."""
    return phase == Phase.REVEALED or (phase == Phase.VOTING and not votes_hidden)


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


class WorkshopPollMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET":
            match = POLL_PATH.match(request.path_info)
            if match:
                answer = self._answer(match["pk"], request)
                if answer is not None:
                    return _no_store(answer)
        return self.get_response(request)

    @staticmethod
    def _answer(pk: str, request) -> HttpResponse | None:
        params = request.GET
        rev, who, token = params.get("rev", ""), params.get("who", ""), params.get("t", "")
        if not is_number(rev) or not token_is_valid(pk, who, token):
            return None
        if not who.startswith("p"):  # the control screen and the projector follow everything
            current = Workshop.objects.filter(pk=pk).values_list("revision", flat=True).first()
            return HttpResponse(status=204) if current == int(rev) else None
        # A participant's phone follows what participants see.
        from .appends import ListState, list_append  # appends reads screens, which reads this

        row = (
            Workshop.objects.filter(pk=pk, closed_at__isnull=True)
            .values_list("content_revision", *ListState.FIELDS)
            .first()
        )
        if row is None:
            return None  # closed or gone: the view says goodbye or 404
        content_revision, *listed = row
        state = ListState(*listed)
        if content_revision == int(rev):
            return HttpResponse(status=204)
        held = request.headers.get(LIST_HEADER, "")
        if not is_number(held):
            return None
        held = int(held)
        shown = counts_shown(state.phase, state.votes_hidden)
        if held == state.list_revision and shown:
            appended = ""  # only votes changed since the phone's list: the counts
        elif state.can_append(held):
            # Only new proposals (and votes): those rows, in the phone's language.
            with translation.override(chosen_language(request)):
                appended = list_append(state, held)
        else:
            return None
        # The counts are the same for every participant.
        counts = round_counts(pk, state.round_id, content_revision) if shown else None
        data = f' data-counts="{escape(counts_json(counts))}"' if counts is not None else ""
        response = HttpResponse(
            f'<div id="ws-counts" hx-swap-oob="true" hidden data-revision="{content_revision}"'
            f"{data}></div>{appended}"
        )
        response["HX-Reswap"] = "none"
        return response


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
