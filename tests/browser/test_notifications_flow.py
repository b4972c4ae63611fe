"""The header's "Voor mij" count and the account page's switch for the notification e-mails, on
a laptop and on a phone: a manager sees the KPIs waiting, turns the e-mails off (htmx, no
reload) and the page never scrolls sideways."""

import os
from pathlib import Path

import pytest

from kpiplanner.accounts.models import Profile
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
def test_the_count_and_the_mail_switch(page, shot, width, height):
    seed_demo(password=PASSWORD)
    page.set_viewport_size({"width": width, "height": height})
    errors = watch(page)
    login(page, "manager")
    link = page.locator('[data-nav="for-me"]')
    count = link.locator("[data-waiting-count]")
    assert int(count.get_attribute("data-waiting-count")) >= 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _save(page, shot, f"notify-header-{width}")

    page.goto(f"{page.base_url}/accounts/")
    form = page.locator("[data-notifications-form]")
    checkbox = form.locator('input[name="email_notifications"]')
    assert checkbox.is_checked()
    checkbox.uncheck()
    form.locator("button[type=submit]").click()
    page.get_by_text("Je krijgt geen mails over wat op je wacht.").wait_for()
    assert not page.locator(
        '[data-notifications-form] input[name="email_notifications"]'
    ).is_checked()
    assert Profile.objects.get(user__username="manager").email_notifications is False
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _save(page, shot, f"notify-account-{width}")
    assert errors == []
