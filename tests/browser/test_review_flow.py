"""A manager reviews proposed KPIs, rejects one, approves the set as version 1; the facilitator
fixes the rejected KPI; the manager approves it and the set as version 2; the comparison shows
exactly that KPI's changed fields."""

import datetime
import re
from decimal import Decimal

import pytest

from kpiplanner.reviews.models import KpiSetVersion
from tests.browser.conftest import PASSWORD, login
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
def review_data():
    manager = UserFactory(
        username="manager", first_name="Pieter", last_name="Jansen", password=PASSWORD
    )
    facilitator = UserFactory(
        username="facilitator", first_name="Fatima", last_name="El Amrani", password=PASSWORD
    )
    membership = MembershipFactory(user=manager, role="manager", organisation__name="Energie Noord")
    MembershipFactory(user=facilitator, role="facilitator", organisation=membership.organisation)
    today = datetime.date.today()
    strategy = StrategyFactory(
        organisation=membership.organisation,
        name="Klanten behouden door snelle service",
        horizon_start_year=today.year,
        horizon_end_year=today.year + 2,
    )
    goal = GoalFactory(strategy=strategy, title="Minder klanten zeggen op")
    fast = CsfFactory(goal=goal, title="Klantvragen snel oplossen")
    common = dict(
        status="proposed",
        owner=manager,
        baseline_date=today - datetime.timedelta(days=30),
        target_date=datetime.date(today.year + 1, 6, 30),
    )
    KpiFactory(csf=fast, name="Gemiddelde oplostijd", **common)
    KpiFactory(
        csf=fast,
        name="Wachttijd aan de telefoon",
        unit="minutes",
        statement="De wachttijd wordt beter.",
        baseline_value=Decimal(6),
        target_value=Decimal(5),
        **common,
    )
    churn = CsfFactory(goal=goal, title="Opzeggers op tijd benaderen")
    KpiFactory(
        csf=churn,
        name="Klantverloop per kwartaal",
        unit="percent",
        statement="Het klantverloop daalt van 3,2% naar 2,5% per kwartaal.",
        baseline_value=Decimal("3.2"),
        target_value=Decimal("2.5"),
        direction="lower",
        **common,
    )
    return strategy


def open_review(page, strategy):
    page.get_by_role("link", name=strategy.name).click()
    # "Beoordelen en goedkeuren" for a manager, "Beoordelen" for a facilitator.
    page.get_by_role("link", name=re.compile(r"^\s*Beoordelen")).click()
    page.wait_for_selector("#review-tree")


def node(page, name):
    return page.locator(".review-kpi", has_text=name)


def approve_in_tree(page, name):
    node(page, name).get_by_role("button", name="Goedkeuren").click()
    node(page, name).locator(".badge", has_text="Goedgekeurd").wait_for()


def assert_fits(page, width):
    """No horizontal scroll, and the page lines up with the site's header."""
    page.set_viewport_size({"width": width, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    header = page.locator("nav.app-navbar .container-xl").bounding_box()
    main = page.locator("main").bounding_box()
    assert abs(header["x"] - main["x"]) < 1 and abs(header["width"] - main["width"]) < 1


def test_manager_rejects_approves_versions_and_compares(page, shot, review_data):
    strategy = review_data
    # The manager sees what waits and rejects one KPI in the tree, with a reason.
    login(page, "manager")
    open_review(page, strategy)
    waiting = page.locator(".waiting-panel")
    for name in ["Gemiddelde oplostijd", "Wachttijd aan de telefoon", "Klantverloop per kwartaal"]:
        assert waiting.get_by_role("link", name=name).is_visible()
    shot(page, "review-1-page-manager")
    phone = node(page, "Wachttijd aan de telefoon")
    phone.get_by_role("link", name="Afwijzen…").click()
    phone.get_by_label("Reden van afwijzing").wait_for()
    phone.get_by_role("button", name="Afwijzen").click()  # no reason yet
    phone.get_by_text("Geef aan waarom je deze KPI afwijst").wait_for()
    phone.get_by_label("Reden van afwijzing").fill(
        "Maak het meetbaar: van 6 naar 3 minuten, met een deadline."
    )
    shot(page, "review-2-reject-inline")
    phone.get_by_role("button", name="Afwijzen").click()
    phone.locator(".badge", has_text="Afgewezen").wait_for()
    assert phone.locator(".comment-reason", has_text="Maak het meetbaar").is_visible()
    assert page.url.endswith(f"/review/{strategy.pk}/")  # still on the tree

    # The others are approved in the tree, then the set as version 1, in place.
    approve_in_tree(page, "Gemiddelde oplostijd")
    approve_in_tree(page, "Klantverloop per kwartaal")
    panel = page.locator("#set-panel")
    panel.get_by_role("link", name="Goedkeuren als versie 1").click()
    page.get_by_role("button", name="Ja, goedkeuren als versie 1").click()
    page.get_by_text("De KPI-set is goedgekeurd als versie 1.").wait_for()
    page.goto(f"{page.base_url}/review/{strategy.pk}/")
    assert panel.get_by_text("Geen wijzigingen sinds versie 1.").is_visible()
    assert panel.get_by_role("button", name="Goedkeuren als versie 2").is_disabled()
    shot(page, "review-3-version-1")

    # The facilitator sees the rejection, fixes the KPI and proposes it again.
    page.context.clear_cookies()
    login(page, "facilitator")
    open_review(page, strategy)
    page.locator(".waiting-panel").get_by_role("link", name="Wachttijd aan de telefoon").click()
    assert page.get_by_text("Maak het meetbaar").first.is_visible()
    page.fill(
        "#id_statement", "De wachttijd aan de telefoon daalt van 6 naar 3 minuten vóór eind Q2."
    )
    page.fill("#id_target_value", "3")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    page.get_by_text("Je wijzigingen zijn opgeslagen.").wait_for()
    page.get_by_role("button", name="Ter beoordeling voorleggen").click()
    page.get_by_text("is nu voorgesteld").wait_for()
    shot(page, "review-4-fixed-and-proposed")

    # The manager approves it and the set as version 2, then compares.
    page.context.clear_cookies()
    login(page, "manager")
    open_review(page, strategy)
    approve_in_tree(page, "Wachttijd aan de telefoon")
    panel.get_by_role("link", name="Goedkeuren als versie 2").click()
    page.get_by_role("button", name="Ja, goedkeuren als versie 2").click()
    page.get_by_text("De KPI-set is goedgekeurd als versie 2.").wait_for()
    page.get_by_role("link", name="Wijzigingen sinds versie 1").click()
    changed = page.locator(".diff-changed .diff-node")
    assert changed.count() == 1
    assert "Wachttijd aan de telefoon" in changed.inner_text()
    rows = changed.locator("tbody th").all_inner_texts()
    assert sorted(rows) == sorted(["Formulering", "Streefwaarde", "SMART-score", "Status"]) or (
        sorted(rows) == sorted(["Formulering", "Streefwaarde", "Status"])
    )
    assert page.locator(".diff-added").count() == 0 and page.locator(".diff-removed").count() == 0
    shot(page, "review-5-comparison")
    assert list(KpiSetVersion.objects.values_list("number", flat=True)) == [1, 2]

    # A normal laptop and a phone: no horizontal scroll, aligned with the header.
    page.goto(f"{page.base_url}/review/{strategy.pk}/")
    for width in (1366, 1440, 390):
        assert_fits(page, width)
    page.set_viewport_size({"width": 1366, "height": 900})
    shot(page, "review-6-page-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "review-7-page-phone")


def test_manager_reviews_without_javascript(chromium, live_server, shot, review_data):
    """Every decision also works as a plain form: reject with a reason, approve, approve the set."""
    strategy = review_data
    context = chromium.new_context(
        viewport={"width": 1366, "height": 900}, locale="nl-NL", java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    try:
        login(page, "manager")
        open_review(page, strategy)
        node(page, "Wachttijd aan de telefoon").get_by_role("link", name="Afwijzen…").click()
        page.get_by_role("button", name="Afwijzen").click()  # no reason yet
        page.get_by_text("Geef aan waarom je deze KPI afwijst").wait_for()
        page.get_by_label("Reden van afwijzing").fill("Zonder deadline is dit niet meetbaar.")
        shot(page, "review-8-reject-page-no-js")
        page.get_by_role("button", name="Afwijzen").click()
        page.get_by_text("is nu afgewezen").wait_for()
        assert f"/review/{strategy.pk}/" in page.url
        node(page, "Wachttijd aan de telefoon").locator(".badge", has_text="Afgewezen").wait_for()
        for name in ["Gemiddelde oplostijd", "Klantverloop per kwartaal"]:
            node(page, name).get_by_role("button", name="Goedkeuren").click()
            page.get_by_text("is nu goedgekeurd").first.wait_for()
        page.get_by_role("link", name="Goedkeuren als versie 1").click()
        page.get_by_role("button", name="Ja, goedkeuren als versie 1").click()
        page.get_by_text("De KPI-set is goedgekeurd als versie 1.").wait_for()
        assert list(KpiSetVersion.objects.values_list("number", flat=True)) == [1]
    finally:
        context.close()
