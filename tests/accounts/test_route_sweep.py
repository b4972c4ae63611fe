"""Every URL of the application, swept: a safety net under the per-view permission matrices.

- Anonymous visitors are sent to the login page (or told the method is not allowed); a
  workshop's participant pages, open to its guests without an account, answer them 404.
- Another organisation's strategy, goal, CSF, KPI, version or deletion: 404, and its tree is
  untouched by everything posted.
- A missing id or version number: 404.
- Whatever lands in a form's fields (100 kB of text, a NUL, a decimal comma, a date that does
  not exist, odd Unicode, markup, another organisation's id), plain or htmx: never a server
  error, and the page's own objects are found (no 404).

A new URL fails `test_every_url_is_swept` until it is added to ROUTES below, so no view escapes.
"""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from csf.models import CriticalSuccessFactor
from goals.models import Goal
from indicators.models import Kpi, KpiStatus
from kpiplanner.accounts.models import Invitation
from kpiplanner.api.services import token_create
from kpiplanner.planning.services import item_delete
from kpiplanner.planning.wizard import Step
from kpiplanner.workshops import services as workshops
from kpiplanner.workshops.models import RoundKind, Workshop
from tests.factories import GoalFactory, KpiFactory, MembershipFactory, StrategyFactory
from tests.reports.conftest import approved_version

pytestmark = pytest.mark.django_db

KINDS = ("goal", "csf", "kpi")
WORKSHOP_CONTROLS = (
    "open-proposals",
    "close-proposals",
    "start-voting",
    "reveal",
    "reset-votes",
    "next",
    "previous",
    "close",
)

# Route name → the URL arguments to try, given one organisation's objects.
ROUTES = {
    "goals:strategy_detail": lambda o: [{"pk": o["strategy"]}],
    "planning:resume": lambda o: [{"pk": o["strategy"]}],
    "planning:library": lambda o: [{"pk": o["strategy"]}],
    "planning:step": lambda o: [{"pk": o["strategy"], "step": step.value} for step in Step],
    "planning:item_edit": lambda o: [{"kind": k, "item_pk": o[k]} for k in KINDS],
    "planning:item_delete": lambda o: [{"kind": k, "item_pk": o[k]} for k in KINDS],
    "planning:item_move": lambda o: [{"kind": k, "item_pk": o[k]} for k in KINDS],
    "planning:item_undo": lambda o: [{"pk": o["deleted"]}],
    "reviews:strategy_review": lambda o: [{"pk": o["strategy"]}],
    "reviews:set_approve": lambda o: [{"pk": o["strategy"]}],
    "reviews:version_list": lambda o: [{"pk": o["strategy"]}],
    "reviews:version_detail": lambda o: [{"pk": o["strategy"], "number": 1}],
    "reviews:version_compare": lambda o: [{"pk": o["strategy"]}],
    "reviews:kpi_card": lambda o: [{"pk": o["kpi"]}],
    "kpis:detail": lambda o: [{"pk": o["kpi"]}],
    "kpis:enter": lambda o: [{"pk": o["kpi"]}],
    "kpis:correction_notice": lambda o: [{"pk": o["kpi"]}],
    "reviews:kpi_status": lambda o: [{"pk": o["kpi"]}],
    "reviews:kpi_reject": lambda o: [{"pk": o["kpi"]}],
    "reviews:kpi_fix": lambda o: [{"pk": o["kpi"]}],
    "reviews:comments": lambda o: [{"kind": k, "pk": o[k]} for k in KINDS],
    "reports:version_pdf": lambda o: [{"pk": o["strategy"], "number": 1}],
    "reports:version_pdf_status": lambda o: [{"pk": o["strategy"], "number": 1}],
    "interchange:version_json": lambda o: [{"strategy_pk": o["strategy"], "number": 1}],
    "interchange:version_csv": lambda o: [{"strategy_pk": o["strategy"], "number": 1}],
    "interchange:measurements_import": lambda o: [{"strategy_pk": o["strategy"]}],
    "interchange:measurements_confirm": lambda o: [{"strategy_pk": o["strategy"]}],
    "interchange:measurements_template": lambda o: [
        {"strategy_pk": o["strategy"], "extension": extension} for extension in ("csv", "xlsx")
    ],
    "workshops:new": lambda o: [{"strategy_pk": o["strategy"]}],
    "workshops:control": lambda o: [{"pk": o["workshop"]}],
    "workshops:control_live": lambda o: [{"pk": o["workshop"]}],
    "workshops:control_action": lambda o: [
        {"pk": o["workshop"], "action": action} for action in WORKSHOP_CONTROLS
    ],
    "workshops:timer": lambda o: [
        {"pk": o["workshop"], "action": action}
        for action in ("start", "add", "pause", "resume", "stop")
    ],
    "workshops:round_add": lambda o: [{"pk": o["workshop"]}],
    "workshops:round_parent": lambda o: [{"pk": o["workshop"], "round_pk": o["round"]}],
    "workshops:proposal_edit": lambda o: [{"pk": o["workshop"], "proposal_pk": o["proposal"]}],
    "workshops:proposal_action": lambda o: [
        {"pk": o["workshop"], "proposal_pk": o["proposal"], "action": action}
        for action in ("hide", "show", "merge", "promote")
    ],
    "workshops:screen": lambda o: [{"pk": o["workshop"]}],
    "workshops:screen_live": lambda o: [{"pk": o["workshop"]}],
    "workshops:summary": lambda o: [{"pk": o["workshop"]}],
    "workshops:summary_csv": lambda o: [{"pk": o["workshop"]}],
    # A workshop's participant pages: not behind login (a guest has no account), 404 for anyone
    # who has not joined (PARTICIPANT_PAGES).
    "workshops:participate": lambda o: [{"pk": o["workshop"]}],
    "workshops:participate_live": lambda o: [{"pk": o["workshop"]}],
    "workshops:propose": lambda o: [{"pk": o["workshop"]}],
    "workshops:vote": lambda o: [{"pk": o["workshop"], "proposal_pk": o["proposal"]}],
    "workshops:done": lambda o: [{"pk": o["workshop"]}],
    "workshops:feedback": lambda o: [{"pk": o["workshop"]}],
    "members:role": lambda o: [{"pk": o["membership"]}],
    "members:remove": lambda o: [{"pk": o["membership"]}],
    "members:withdraw": lambda o: [{"pk": o["invitation"]}],
    "tokens:revoke": lambda o: [{"pk": o["token"]}],
}
PARTICIPANT_PAGES = {
    "workshops:participate",
    "workshops:participate_live",
    "workshops:propose",
    "workshops:vote",
    "workshops:done",
    "workshops:feedback",
}
# Pages of the signed-in member's own organisation, without an id in the URL.
NO_ARGUMENTS = {
    "dashboard",
    "planning:list",
    "planning:strategy_new",
    "indicators:smart_feedback",
    "reviews:inbox",
    "kpis:mine",
    "interchange:import",
    "accounts:password_change",
    "accounts:password_change_done",
    "accounts:switch_organisation",
    "accounts:account",
    "accounts:language",
    "accounts:notifications",
    "accounts:sign_out_others",
    "members:list",
    "members:invite",
    "tokens:list",
}
PUBLIC = {
    "healthz",
    "favicon",
    "accounts:login",
    "accounts:logout",
    "set_language",
    "workshops:join",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:invitation_accept",
}
# The REST API answers by token, not by session (401, never a login page): its own matrix and
# bad input are in tests/api/. Its schema and docs page are public.
API = {
    "api:api-root",
    "api:openapi-json",
    "api:openapi-view",
    "api:strategies",
    "api:progress",
    "api:measurements",
    "api:measurements_post",
}

JUNK = {
    "empty": "",
    "100 kB": "Klantverloop " * 7700,
    "NUL": "tekst\x00met een nul",
    "decimal comma": "12,5",
    "thousands": "1.234.567,89",
    "huge number": "9" * 40,
    "not a number": "NaN",
    "impossible date": "31-02-2026",
    "past date": "1900-01-01",
    "odd Unicode": "\u202eKPI\u200b 😀 \ufeffé\u0301 אב",
    "markup": '<script>alert(1)</script><a href="file:///etc/passwd">x</a>',
    "foreign id": None,  # another organisation's CSF: set by the test
}


def url_names(patterns=None, namespace=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else f"unnamed {entry.pattern}"


def objects_of(organisation, approver) -> dict:
    """A strategy with an approved version 1, a goal and CSF in it, a draft KPI (the state in
    which every KPI form is open) and an undoable deletion: the ids the routes take."""
    strategy = StrategyFactory(organisation=organisation, name=f"Strategie van {organisation.name}")
    approved_version(strategy, approver, kpis=3)
    csf = CriticalSuccessFactor.objects.filter(goal__strategy=strategy).select_related("goal")[0]
    kpi = KpiFactory(csf=csf, status=KpiStatus.DRAFT, owner=approver)
    deleted = item_delete(item=GoalFactory(strategy=strategy), user=approver)
    workshop = workshops.workshop_create(
        strategy=strategy,
        by=approver,
        title=f"Workshop van {organisation.name}",
        rounds=[
            workshops.RoundPlan(RoundKind.GOALS),
            workshops.RoundPlan(RoundKind.CSFS, goal=csf.goal),
            workshops.RoundPlan(RoundKind.KPIS, csf=csf),
        ],
    )
    guest = workshops.participant_join(workshop=workshop, name="Gast")
    token, _secret = token_create(
        membership=approver.memberships.get(organisation=organisation), name="Koppeling"
    )
    proposal = workshops.proposal_add(
        participant=guest, round_id=workshop.current_round_id, text="Klanten blijven langer"
    )
    member = MembershipFactory(organisation=organisation, role="viewer")
    invitation = Invitation.objects.create(
        organisation=organisation, email="uitgenodigd@example.nl", role="viewer"
    )
    return {
        "membership": member.pk,
        "invitation": invitation.pk,
        "strategy": strategy.pk,
        "goal": csf.goal.pk,
        "csf": csf.pk,
        "kpi": kpi.pk,
        "deleted": deleted.pk,
        "workshop": workshop.pk,
        "round": workshop.current_round_id,
        "proposal": proposal.pk,
        "token": token.pk,
    }


def urls_for(objects, names=None) -> list[str]:
    return [
        reverse(name, kwargs=kwargs)
        for name, arguments in ROUTES.items()
        if names is None or name in names
        for kwargs in arguments(objects)
    ]


def tree_of(strategy_pk) -> list:
    """Everything a request could change in a strategy's tree, to compare before and after."""
    return [
        list(Goal.objects.filter(strategy=strategy_pk).order_by("pk").values()),
        list(
            CriticalSuccessFactor.objects.filter(goal__strategy=strategy_pk).order_by("pk").values()
        ),
        list(Kpi.objects.filter(csf__goal__strategy=strategy_pk).order_by("pk").values()),
    ]


@pytest.fixture
def own(organisation, members):
    objects = objects_of(organisation, members["manager"])
    # The admin (who sweeps) took part in the workshop, so its participant pages open.
    workshop = Workshop.objects.get(pk=objects["workshop"])
    workshops.participant_join(workshop=workshop, name="Admin", user=members["admin"])
    # The admin sweeps: the token to revoke is theirs (another member's is 404, like a foreign one).
    objects["token"] = token_create(membership=members["admin"].memberships.get(), name="Eigen")[
        0
    ].pk
    return objects


@pytest.fixture
def foreign(other_organisation):
    approver = MembershipFactory(organisation=other_organisation, role="manager").user
    return objects_of(other_organisation, approver)


def test_every_url_is_swept():
    assert set(url_names()) == set(ROUTES) | NO_ARGUMENTS | PUBLIC | API


def test_anonymous_visitors_are_sent_to_login_from_every_url(client, own):
    login = reverse("accounts:login")
    behind_login = set(ROUTES) - PARTICIPANT_PAGES
    for url in urls_for(own, behind_login) + [reverse(name) for name in NO_ARGUMENTS]:
        answers = {method.__name__: method(url) for method in (client.get, client.post)}
        assert all(a.status_code in (302, 405) for a in answers.values()), url
        assert any(a.status_code == 302 for a in answers.values()), url  # 405 for one at most
        for answer in answers.values():
            assert answer.status_code == 405 or answer.url.startswith(login), url


def assert_404(client, url):
    """404 for GET or POST, whichever the URL takes; the other may only be refused (405)."""
    statuses = {client.get(url).status_code, client.post(url).status_code}
    assert statuses in ({404}, {404, 405}), (url, statuses)


def test_anonymous_visitors_get_404_from_a_workshops_participant_pages(client, own):
    """Not a login form: a guest has no account, the workshop's code is the only way in."""
    for url in urls_for(own, PARTICIPANT_PAGES):
        assert_404(client, url)


def test_a_workshop_guest_gets_404_from_every_organisation_url(client, own):
    """Someone who joined a workshop by its code, without an account, sees that workshop only."""
    code = Workshop.objects.get(pk=own["workshop"]).code
    assert client.post(reverse("workshops:join"), {"code": code, "name": "Gast"}).status_code == 302
    behind_login = set(ROUTES) - PARTICIPANT_PAGES
    for url in urls_for(own, behind_login) + [reverse(name) for name in NO_ARGUMENTS]:
        assert_404(client, url)
    assert client.get(reverse("workshops:participate", args=[own["workshop"]])).status_code == 200


@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_another_organisations_objects_are_404_at_every_url(client, members, own, foreign, role):
    before = tree_of(foreign["strategy"])
    client.force_login(members[role])
    for url in urls_for(foreign):
        assert_404(client, url)
    assert tree_of(foreign["strategy"]) == before


def test_missing_ids_and_versions_are_404_at_every_url(client, members, own):
    missing = {
        name: uuid.uuid4() for name in ("strategy", "goal", "csf", "kpi", "deleted", "workshop")
    } | {
        "round": 2**31 - 1,
        "proposal": 2**31 - 1,
        "membership": 2**31 - 1,
        "invitation": 2**31 - 1,
        "token": 2**31 - 1,
    }
    client.force_login(members["admin"])
    for url in urls_for(missing):
        assert_404(client, url)
    for name, arguments in ROUTES.items():  # the own strategy, a version it doesn't have
        for kwargs in arguments(own):
            if "number" in kwargs:
                assert_404(client, reverse(name, kwargs={**kwargs, "number": 99}))


FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')

# Fields some views need before they read the rest (a POST-only view has no page to read them
# from): sent valid once, then with junk like every other field.
NEEDED = {
    "reviews:kpi_status": lambda o: {"to_status": KpiStatus.REJECTED, "version": o["version"]},
    "reviews:kpi_reject": lambda o: {"to_status": KpiStatus.REJECTED, "version": o["version"]},
    "planning:item_move": lambda o: {"direction": "up"},
    "indicators:smart_feedback": lambda o: {"csf": o["csf"], "owner": o["owner"]},
    "accounts:switch_organisation": lambda o: {"organisation": o["organisation"]},
}
# POST-only routes: their fields are read from the page whose form posts to them.
FORM_PAGE = {
    "reviews:kpi_status": lambda o: reverse("reviews:kpi_card", args=[o["kpi"]]),
    "reviews:kpi_reject": lambda o: reverse("reviews:kpi_card", args=[o["kpi"]]),
    "reviews:kpi_fix": lambda o: reverse("reviews:kpi_card", args=[o["kpi"]]),
    "reviews:set_approve": lambda o: reverse("reviews:strategy_review", args=[o["strategy"]]),
    "planning:item_move": lambda o: reverse("planning:step", args=[o["strategy"], "kpis"]),
    "planning:item_delete": lambda o: reverse("planning:step", args=[o["strategy"], "kpis"]),
    "indicators:smart_feedback": lambda o: reverse("planning:step", args=[o["strategy"], "kpis"]),
    **dict.fromkeys(
        ("members:role", "members:remove", "members:withdraw", "members:invite"),
        lambda o: reverse("members:list"),
    ),
    "accounts:language": lambda o: reverse("accounts:account"),
    "accounts:notifications": lambda o: reverse("accounts:account"),
    "accounts:sign_out_others": lambda o: reverse("accounts:account"),
    **dict.fromkeys(
        (
            "workshops:control_action",
            "workshops:timer",
            "workshops:round_add",
            "workshops:round_parent",
            "workshops:proposal_action",
        ),
        lambda o: reverse("workshops:control", args=[o["workshop"]]),
    ),
    **dict.fromkeys(
        ("workshops:propose", "workshops:vote", "workshops:done", "workshops:feedback"),
        lambda o: reverse("workshops:participate", args=[o["workshop"]]),
    ),
}
# Routes whose first POST uses their object up: later posts rightly find nothing (404).
USED_UP = {"planning:item_delete", "planning:item_undo", "members:remove", "members:withdraw"}
ALWAYS = {"title", "name", "statement", "target_value", "number", "body", "reason", "action"}


def sweep_cases():
    placeholders = dict.fromkeys(
        ("strategy", "goal", "csf", "kpi", "deleted", "workshop", "round", "proposal"), uuid.uuid4()
    ) | {"membership": 1, "invitation": 1, "token": 1}
    for name, arguments in sorted(ROUTES.items()):
        for index, kwargs in enumerate(arguments(placeholders)):
            yield pytest.param(name, index, id=f"{name}-{'-'.join(map(str, kwargs.values()))[:40]}")
    for name in sorted(NO_ARGUMENTS - {"accounts:password_change_done"}):
        yield pytest.param(name, None, id=name)


# A cache key made of text as typed breaks on memcached (spaces, control characters, length).
@pytest.mark.filterwarnings("error::django.core.cache.backends.base.CacheKeyWarning")
@pytest.mark.parametrize(("name", "index"), list(sweep_cases()))
def test_junk_in_every_field_never_gives_a_server_error(
    client, members, organisation, own, foreign, name, index
):
    """Each of the page's form fields (read from its GET, or from the page whose form posts
    to it) and the names in ALWAYS, filled
    with each kind of junk, posted plain and with htmx: first with the fields a view needs
    (NEEDED) valid, then with those junk too. An answer, never a 500 (the test client raises on
    one), and with the needed fields valid the URL's own objects are found (no 404)."""
    client.force_login(members["admin"])
    version = Kpi.objects.get(pk=own["kpi"]).version
    objects = {
        **own,
        "owner": members["manager"].pk,
        "version": version,
        "organisation": organisation.pk,
    }
    url = reverse(name, kwargs=ROUTES[name](objects)[index]) if index is not None else reverse(name)
    assert client.get(url).status_code != 404, url
    page = client.get(FORM_PAGE[name](objects) if name in FORM_PAGE else url)
    html = page.content.decode() if "text/html" in page.get("Content-Type", "") else ""
    fields = (set(FIELD.findall(html)) | ALWAYS) - {"csrfmiddlewaretoken"}
    needed = NEEDED.get(name, lambda o: {})(objects)
    junk = {**JUNK, "foreign id": str(foreign["csf"])}
    for number, (kind, value) in enumerate(junk.items()):
        headers = {"HX-Request": "true"} if number % 2 else {}
        response = client.post(url, {**dict.fromkeys(fields, value), **needed}, headers=headers)
        assert response.status_code < 500, (url, kind, headers)
        assert response.status_code != 404 or name in USED_UP, (url, kind)
        if needed:  # and now those junk as well
            response = client.post(url, dict.fromkeys(fields | set(needed), value), headers=headers)
            assert response.status_code < 500, (url, kind, headers)
