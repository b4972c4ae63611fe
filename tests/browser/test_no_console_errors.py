"""Under the Content-Security-Policy the main pages run without one console error: a refused
inline style, script or eval shows up there. Dashboard, strategy page, a wizard step with live
feedback, the review page with the inline reject form, the workshop's phone, control and
projector screens."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, login, watch
from tests.factories import (
    CsfFactory,
    GoalFactory,
    KpiFactory,
    MembershipFactory,
    StrategyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plan(live_server):
    admin = UserFactory(
        username="admin", first_name="Anna", last_name="de Vries", password=PASSWORD
    )
    membership = MembershipFactory(user=admin, role="admin", organisation__name="Energie Noord")
    today = datetime.date.today()
    strategy = StrategyFactory(
        organisation=membership.organisation,
        name="Klanten behouden",
        horizon_start_year=today.year,
        horizon_end_year=today.year + 2,
    )
    goal = GoalFactory(strategy=strategy, title="Minder klanten zeggen op")
    csf = CsfFactory(goal=goal, title="Klantvragen snel oplossen")
    KpiFactory(
        csf=csf,
        name="Klantverloop per kwartaal",
        status="proposed",
        owner=admin,
        unit="percent",
        statement="Het klantverloop daalt van 3,2% naar 2,5% per kwartaal.",
        baseline_value=Decimal("3.2"),
        target_value=Decimal("2.5"),
        direction="lower",
        baseline_date=today - datetime.timedelta(days=30),
        target_date=datetime.date(today.year + 1, 6, 30),
    )
    return admin, strategy


def test_the_main_pages_have_no_console_errors(page, plan):
    _admin, strategy = plan
    errors = watch(page)
    login(page, "admin")
    page.goto(f"{page.base_url}/")
    page.goto(f"{page.base_url}{strategy.get_absolute_url()}")
    expect(page.locator("main")).to_contain_text("Klantvragen snel oplossen")

    page.goto(f"{page.base_url}/plans/{strategy.pk}/goals/")
    expect(page.locator(".wizard-bar")).to_be_visible()
    page.goto(f"{page.base_url}/plans/{strategy.pk}/kpis/")
    page.locator("#id_statement").fill("Verzuim van 6,5% naar 4% vóór eind 2028")
    page.wait_for_load_state("networkidle")

    page.goto(f"{page.base_url}/review/{strategy.pk}/")
    kpi = page.locator(".review-kpi", has_text="Klantverloop per kwartaal")
    kpi.get_by_role("link", name="Afwijzen…").click()
    kpi.get_by_label("Reden van afwijzing").wait_for()
    kpi.get_by_role("link", name="Annuleren").click()  # the listener of reviews.js, not hx-on
    expect(kpi.get_by_label("Reden van afwijzing")).to_have_count(0)
    expect(kpi.locator(".reject-toggle")).to_be_focused()
    assert errors == []


def test_the_workshop_screens_have_no_console_errors(chromium, live_server, plan):
    admin, strategy = plan
    from kpiplanner.workshops.demo import demo_workshop

    workshop = demo_workshop(strategy, admin)
    contexts = []

    def new_page():
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        page_errors = watch(page)
        return page, page_errors

    try:
        laptop, laptop_errors = new_page()
        login(laptop, "admin")
        laptop.goto(f"{laptop.base_url}/workshops/{workshop.pk}/control/")
        projector, projector_errors = new_page()
        login(projector, "admin")
        projector.goto(f"{projector.base_url}/workshops/{workshop.pk}/screen/")
        expect(projector.locator(".ws-qr svg")).to_be_visible()

        phone, phone_errors = new_page()
        phone.goto(f"{phone.base_url}/join/?code={workshop.code}")
        phone.fill("form[data-join] [name=name]", "Sanne")
        phone.click("form[data-join] button[type=submit]")
        phone.fill("form[data-propose] [name=text]", "Sneller terugbellen")
        phone.click("form[data-propose] button[type=submit]")
        expect(projector.locator("body")).to_contain_text("Sneller terugbellen", timeout=5_000)
        phone.wait_for_timeout(1_500)  # a few polls of every screen
        assert (laptop_errors, projector_errors, phone_errors) == ([], [], [])
    finally:
        for context in contexts:
            context.close()
