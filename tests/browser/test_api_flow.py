"""The API's docs page runs under the strict CSP with assets of our own, and a member makes a
token on their page, uses it, and revokes it (htmx), without a console error."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, PASSWORD, login, watch
from tests.factories import MembershipFactory, StrategyFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def member(live_server):
    user = UserFactory(username="anna", first_name="Anna", last_name="de Vries", password=PASSWORD)
    membership = MembershipFactory(
        user=user, role="facilitator", organisation__name="Energie Noord"
    )
    StrategyFactory(organisation=membership.organisation, name="Klanten behouden")
    return user


def test_the_docs_page_runs_swagger_without_a_cdn_or_a_csp_error(page, shot):
    errors = watch(page)
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(page.base_url) else None,
    )
    page.goto(f"{page.base_url}/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("KPI Planner API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    shot(page, "api-docs")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "api-docs-phone")
    assert errors == []
    assert outside == []


def test_a_member_makes_uses_and_revokes_a_token(page, member, shot):
    errors = watch(page)
    login(page, "anna")
    page.goto(f"{page.base_url}/accounts/tokens/")
    page.fill("#id_name", "Power BI")
    page.click("form[data-token-form] button[type=submit]")
    secret = page.locator("[data-token-secret]").input_value()
    assert secret.startswith("kpi_")
    page.click("button[data-copy-target]")  # copies, or selects the token where it may not
    expect(page.locator("[data-token-secret]")).to_be_focused()
    # Playwright hides the caret of the focused input with a style attribute, which htmx would
    # copy onto the next rendering of the same input (and the CSP refuse): keep the caret.
    page.screenshot(path=ARTIFACTS / "api-token-made.png", full_page=True, caret="initial")
    api = page.context.request
    headers = {"Authorization": f"Bearer {secret}"}
    listed = api.get(f"{page.base_url}/api/v1/strategies/", headers=headers)
    assert listed.status == 200
    assert [s["name"] for s in listed.json()] == ["Klanten behouden"]
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("tr[data-token-state=active] button")
    expect(page.locator("tr[data-token-state=revoked]")).to_have_count(1)
    expect(page.locator("[data-token-secret]")).to_have_count(0)  # shown once only
    assert api.get(f"{page.base_url}/api/v1/strategies/", headers=headers).status == 401
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "api-tokens-phone")
    assert errors == []
