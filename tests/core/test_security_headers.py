"""Content-Security-Policy, Permissions-Policy and no-store on every kind of answer; templates
that the policy would break; refused requests in the security log without a traceback."""

import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from kpiplanner.planning.wizard import Step

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


def assert_strict(response):
    directives = policy(response)
    assert directives["default-src"] == "default-src 'self'"
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[name] and "'unsafe-eval'" not in directives[name]
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert "camera=()" in response["Permissions-Policy"]


def test_a_full_page_has_the_policy_and_is_not_stored(client, members, strategy):
    client.force_login(members["viewer"])
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert_strict(response)
    assert response["Cache-Control"] == "no-store"


def test_an_htmx_fragment_has_the_policy(client, members, strategy):
    client.force_login(members["admin"])
    url = reverse("planning:step", args=[strategy.pk, Step.GOALS])
    response = client.get(url, headers=HX)
    assert response.status_code == 200
    assert_strict(response)
    assert response["Cache-Control"] == "no-store"


def test_an_error_page_has_the_policy(client, members):
    client.force_login(members["viewer"])
    response = client.get("/strategies/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert_strict(response)


def test_the_login_page_has_the_policy(client):
    response = client.get(reverse("accounts:login"))
    assert_strict(response)


def test_a_response_with_its_own_cache_control_keeps_it(client, members):
    client.force_login(members["viewer"])
    response = client.get(reverse("workshops:join"))
    assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_htmx_is_told_not_to_insert_styles_or_eval():
    for name in ("base.html", "workshops/screen.html"):
        html = (TEMPLATES / name).read_text()
        assert '"includeIndicatorStyles":false' in html and '"allowEval":false' in html, name


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (r"\sstyle=", "a style attribute"),
        (r"\shx-on[:-]", "an hx-on handler"),
        # A data block (type="application/json") is never run, so the policy has no say in it.
        (r"<script(?![^>]*\s(src=|type=\"application/json\"))", "an inline script"),
        (r"<style", "an inline style element"),
        (r"\son[a-z]+=", "an inline event handler"),
        (r"hx-trigger=\"[^\"]*\[", "a trigger filter (eval)"),
        (r"hx-vals=['\"]js:", "hx-vals with js: (eval)"),
    ],
)
def test_no_template_has_what_the_policy_refuses(pattern, what):
    # Template tags and comments are not HTML ({% include … with style="btn-primary" %}).
    def html(path):
        return re.sub(r"\{%.*?%\}|\{#.*?#\}", "", path.read_text(), flags=re.S)

    found = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if re.search(pattern, html(path))
    ]
    assert found == [], f"{what} in {found}"


def test_a_refused_request_is_one_security_line_and_no_traceback(client, members, kpi, caplog):
    client.force_login(members["viewer"])
    with caplog.at_level(logging.INFO, logger="security"), caplog.at_level(logging.INFO):
        response = client.post(reverse("planning:step", args=[kpi.csf.goal.strategy.pk, "goals"]))
    assert response.status_code == 403
    events = [r.getMessage() for r in caplog.records if r.name == "security"]
    assert events and events[0].startswith("event=access_refused ")
    assert "status=403" in events[0] and "user=viewer" in events[0] and len(events) == 1
    request_log = [r for r in caplog.records if r.name == "django.request"]
    assert request_log and all(r.exc_info is None for r in request_log)
