"""Every URL of the application, swept: a safety net under the per-view permission matrices.

- Anonymous visitors are sent to the login page (or told the method is not allowed).
- Another organisation's strategy, goal, CSF, KPI, version or deletion: 404, for GET and POST.
- A missing id: 404.
- Whatever lands in a form's fields (100 kB of text, a NUL, a decimal comma, a date that does
  not exist, odd Unicode, markup), plain or htmx: never a server error.

A new URL fails `test_every_url_is_swept` until it is added to ROUTES below, so no view escapes.
"""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from indicators.models import Kpi
from kpiplanner.planning.services import item_delete
from kpiplanner.planning.wizard import Step
from tests.factories import GoalFactory, MembershipFactory, StrategyFactory
from tests.reports.conftest import approved_version

pytestmark = pytest.mark.django_db

KINDS = ("goal", "csf", "kpi")

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
    "reviews:kpi_status": lambda o: [{"pk": o["kpi"]}],
    "reviews:kpi_reject": lambda o: [{"pk": o["kpi"]}],
    "reviews:kpi_fix": lambda o: [{"pk": o["kpi"]}],
    "reviews:comments": lambda o: [{"kind": k, "pk": o[k]} for k in KINDS],
    "reports:version_pdf": lambda o: [{"pk": o["strategy"], "number": 1}],
    "interchange:version_json": lambda o: [{"strategy_pk": o["strategy"], "number": 1}],
    "interchange:version_csv": lambda o: [{"strategy_pk": o["strategy"], "number": 1}],
}
# Pages of the signed-in member's own organisation, without an id in the URL.
NO_ARGUMENTS = {
    "dashboard",
    "planning:list",
    "planning:strategy_new",
    "indicators:smart_feedback",
    "reviews:inbox",
    "interchange:import",
    "accounts:password_change",
    "accounts:password_change_done",
    "accounts:switch_organisation",
}
PUBLIC = {"healthz", "accounts:login", "accounts:logout", "set_language"}

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
    "foreign id": str(uuid.uuid4()),
}


def url_names(patterns=None, namespace=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def objects_of(organisation, approver) -> dict:
    """A strategy with an approved version 1, a goal, CSF and KPI in it, and an undoable
    deletion: the ids the routes take."""
    strategy = StrategyFactory(organisation=organisation, name=f"Strategie van {organisation.name}")
    approved_version(strategy, approver, kpis=3)
    kpi = Kpi.objects.filter(csf__goal__strategy=strategy).select_related("csf__goal").first()
    deleted = item_delete(item=GoalFactory(strategy=strategy), user=approver)
    return {
        "strategy": strategy.pk,
        "goal": kpi.csf.goal.pk,
        "csf": kpi.csf.pk,
        "kpi": kpi.pk,
        "deleted": deleted.pk,
    }


def urls_for(objects) -> list[str]:
    return [
        reverse(name, kwargs=kwargs)
        for name, arguments in ROUTES.items()
        for kwargs in arguments(objects)
    ]


@pytest.fixture
def own(organisation, members):
    return objects_of(organisation, members["manager"])


@pytest.fixture
def foreign(other_organisation):
    approver = MembershipFactory(organisation=other_organisation, role="manager").user
    return objects_of(other_organisation, approver)


def test_every_url_is_swept():
    assert set(url_names()) == set(ROUTES) | NO_ARGUMENTS | PUBLIC


def test_anonymous_visitors_are_sent_to_login_from_every_url(client, own):
    login = reverse("accounts:login")
    urls = urls_for(own) + [reverse(name) for name in NO_ARGUMENTS]
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (302, 405), (method.__name__, url)
            if response.status_code == 302:
                assert response.url.startswith(login), (method.__name__, url)


@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_another_organisations_objects_are_404_at_every_url(client, members, own, foreign, role):
    client.force_login(members[role])
    for url in urls_for(foreign):
        for method in (client.get, client.post):
            assert method(url).status_code in (404, 405), (method.__name__, url)


def test_missing_ids_are_404_at_every_url(client, members):
    missing = {name: uuid.uuid4() for name in ("strategy", "goal", "csf", "kpi", "deleted")}
    client.force_login(members["admin"])
    for url in urls_for(missing):
        for method in (client.get, client.post):
            assert method(url).status_code in (404, 405), (method.__name__, url)


FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')


# A cache key made of text as typed breaks on memcached (spaces, control characters, length).
@pytest.mark.filterwarnings("error::django.core.cache.backends.base.CacheKeyWarning")
@pytest.mark.parametrize(
    "name", sorted(ROUTES) + sorted(NO_ARGUMENTS - {"accounts:password_change_done"})
)
def test_junk_in_every_field_never_gives_a_server_error(client, members, own, name):
    """Each of the page's own form fields (read from its GET), filled with each kind of junk,
    posted plain and with htmx: an answer, never a 500 (the test client raises on one). The
    fixed names cover forms a page only shows in some states."""
    client.force_login(members["admin"])
    urls = (
        [reverse(name, kwargs=kwargs) for kwargs in ROUTES[name](own)]
        if name in ROUTES
        else [reverse(name)]
    )
    for url in urls:
        page = client.get(url)
        html = page.content.decode() if "text/html" in page.get("Content-Type", "") else ""
        fields = set(FIELD.findall(html)) - {"csrfmiddlewaretoken"}
        fields |= {"title", "name", "statement", "target_value", "number", "body", "status"}
        for kind, value in JUNK.items():
            for headers in ({}, {"HX-Request": "true"}):
                response = client.post(url, {field: value for field in fields}, headers=headers)
                assert response.status_code < 500, (url, kind, headers)
