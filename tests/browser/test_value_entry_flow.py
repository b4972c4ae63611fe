"""An owner enters a value on "My KPIs" and the strategy page's status and roll-up follow; the
correction notice appears while a period with a value is chosen. On a laptop and on a phone."""

import os
from pathlib import Path

import pytest

from indicators.models import Kpi
from kpiplanner.demo.data import seed_demo
from tests.browser.conftest import PASSWORD, login
from tests.browser.test_no_console_errors import watch

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(os.environ.get("SHOTS_DIR", "")) if os.environ.get("SHOTS_DIR") else None


def _save(page, shot, name):
    shot(page, name)
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_owner_enters_a_value_and_the_strategy_page_follows(page, shot, width, height):
    result = seed_demo(password=PASSWORD)
    churn = Kpi.objects.get(name="Klantverloop per kwartaal")  # owned by the manager, no value yet
    page.set_viewport_size({"width": width, "height": height})
    errors = watch(page)  # a refused inline script or style under the CSP shows up here
    login(page, "manager")

    page.goto(f"{page.base_url}{result.strategy.get_absolute_url()}")
    node = page.locator(f'.node-kpi[data-kpi-id="{churn.pk}"]')
    assert node.get_attribute("data-kpi-status") == "no_data"
    rollup = page.locator('[data-rollup="strategy"] .rollup')
    measured_before = int(rollup.get_attribute("data-rollup-measured"))

    page.locator('[data-nav="my-kpis"]').click()
    page.wait_for_url(f"{page.base_url}/my-kpis/")
    row = page.locator(f"#kpi-row-{churn.pk}")
    assert row.get_attribute("data-kpi-status") == "no_data"
    # The other notation is refused with the typed text kept, in the row itself (htmx).
    row.locator("[data-entry-value]").fill("2.9.1")
    row.locator("button[type=submit]").click()
    row = page.locator(f"#kpi-row-{churn.pk}")
    row.locator(".invalid-feedback").wait_for()
    assert row.locator("[data-entry-value]").input_value() == "2.9.1"
    _save(page, shot, f"entry-error-{width}")
    row.locator("[data-entry-value]").fill("2,9")
    row.locator("[data-entry-note]").fill("Eerste meting na de belactie")
    row.locator("button[type=submit]").click()
    page.locator(f"#kpi-row-{churn.pk} [data-saved]").wait_for()
    row = page.locator(f"#kpi-row-{churn.pk}")
    assert "Opgeslagen: 2,9%" in row.locator("[data-saved]").inner_text()
    assert row.get_attribute("data-kpi-status") == "on_track"
    _save(page, shot, f"entry-my-kpis-{width}")

    # Choosing a period that has a value says, before saving, whose value it replaces.
    resolution = Kpi.objects.get(name="Gemiddelde oplostijd van tickets")
    other = page.locator(f"#kpi-row-{resolution.pk}")
    last = resolution.measurements.order_by("-period").first()
    other.locator("[data-entry-date]").fill(last.period.isoformat())
    other.locator("[data-entry-date]").dispatch_event("change")
    notice = other.locator(f'[data-correction="{last.period.isoformat()}"]')
    notice.wait_for()
    assert other.locator("[data-entry-period]").input_value() == ""  # the date names the period
    assert "vervang je 12,1" in notice.inner_text()
    _save(page, shot, f"entry-correction-notice-{width}")

    page.goto(f"{page.base_url}{result.strategy.get_absolute_url()}")
    node = page.locator(f'.node-kpi[data-kpi-id="{churn.pk}"]')
    assert node.get_attribute("data-kpi-status") == "on_track"
    assert "2,9%" in node.inner_text()
    rollup = page.locator('[data-rollup="strategy"] .rollup')
    assert int(rollup.get_attribute("data-rollup-measured")) == measured_before + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _save(page, shot, f"entry-strategy-after-{width}")

    node.locator("a").first.click()
    page.wait_for_url(f"**/kpis/{churn.pk}/")
    assert "Eerste meting na de belactie" in page.locator(".measurement-table").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _save(page, shot, f"entry-kpi-page-{width}")
    assert errors == []
