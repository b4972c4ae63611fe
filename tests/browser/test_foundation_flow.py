"""A facilitator logs in, sees the demo strategy's tree in Dutch, and switches to English."""

import pytest

from kpiplanner.demo.data import seed_demo
from tests.browser.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_facilitator_reads_the_demo_tree_in_dutch_then_english(page, shot):
    demo = seed_demo(password=PASSWORD)
    login(page, "facilitator")
    page.get_by_role("link", name=demo.strategy.name).click()
    page.wait_for_selector(".kpi-tree")
    assert page.locator("html").get_attribute("lang") == "nl"
    kpi_title = page.locator(".node-kpi .node-title", has_text="Gemiddelde oplostijd van tickets")
    assert kpi_title.is_visible()
    assert "Doel" in page.locator(".node-goal .node-kind").first.inner_text().title()
    assert page.get_by_text("Kritieke succesfactor").first.is_visible()
    shot(page, "foundation-1-tree-nl")

    page.click("button[name=language][value=en]")
    page.wait_for_selector("html[lang=en]")
    assert page.get_by_text("Critical success factor").first.is_visible()
    assert kpi_title.is_visible()  # what users typed stays as they typed it
    shot(page, "foundation-2-tree-en")

    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "foundation-3-tree-phone")
