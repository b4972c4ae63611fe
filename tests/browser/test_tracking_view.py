"""The strategy page as a reader sees it with the demo data: every KPI's status in words, its
progress and trend, and the roll-ups; on a laptop and on a phone."""

import pytest

from kpiplanner.demo.data import seed_demo
from tests.browser.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {"Op koers", "Loopt risico", "Uit koers", "Meting te laat", "Nog geen meting"}


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_strategy_page_shows_status_progress_and_roll_up(page, shot, width, height):
    result = seed_demo(password=PASSWORD)
    page.set_viewport_size({"width": width, "height": height})
    login(page, "viewer")
    card = page.locator(".strategy-card").first
    assert "KPI's gemeten" in card.inner_text()
    page.goto(f"{page.base_url}{result.strategy.get_absolute_url()}")
    kpis = page.locator(".node-kpi[data-kpi-id]:has([data-track-status])")
    assert kpis.count() >= 3  # a viewer reads the approved KPIs (the demo has 3)
    for index in range(kpis.count()):
        badge = kpis.nth(index).locator("[data-track-status]").first
        assert badge.inner_text().strip() in WORDS  # words beside the colour, never colour alone
    measured = page.locator(".node-kpi[data-kpi-id] svg.sparkline")
    assert measured.count() >= 2
    assert page.locator('[data-rollup="strategy"]').inner_text().count("gemeten") == 1
    # Nothing runs off the side of a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"tracking-strategy-{width}")
