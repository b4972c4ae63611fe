"""Issue 19: a facilitator changes an approved KPI in the wizard; the manager finds it waiting in
"Voor mij" with a field-level comparison against version 1, approves it, and approves version 2
through the confirmation page, with a note the version page shows."""

import datetime
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from indicators.models import Kpi, KpiStatus
from kpiplanner.reviews.models import KpiSetVersion
from kpiplanner.reviews.services import kpi_set_approve
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

# The screenshots looked at for the issue, besides test-artifacts/.
SHOTS = Path("/work/shots/approval")


@pytest.fixture
def approved_set():
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
        status=KpiStatus.APPROVED,
        owner=manager,
        baseline_date=today - datetime.timedelta(days=30),
        target_date=datetime.date(today.year + 1, 6, 30),
    )
    KpiFactory(
        csf=fast,
        name="Gemiddelde oplostijd",
        statement="De gemiddelde oplostijd daalt van 14 naar 10 uur.",
        **common,
    )
    KpiFactory(
        csf=CsfFactory(goal=goal, title="Opzeggers op tijd benaderen"),
        name="Klantverloop per kwartaal",
        unit="percent",
        statement="Het klantverloop daalt van 3,2% naar 2,5% per kwartaal.",
        baseline_value=Decimal("3.2"),
        target_value=Decimal("2.5"),
        **common,
    )
    kpi_set_approve(strategy=strategy, approver=manager)
    return strategy


def keep(page, shot, name: str, width: int):
    """A screenshot at `width` (test-artifacts/ and the issue's shots folder); the page must
    not be wider than the screen."""
    page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    path = shot(page, name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def test_a_changed_approved_kpi_waits_for_the_manager_and_becomes_version_2(
    page, shot, approved_set
):
    kpi = Kpi.objects.get(name="Gemiddelde oplostijd", csf__goal__strategy=approved_set)
    errors = watch(page)  # under the Content-Security-Policy: not one console error on these pages

    # The facilitator changes the approved KPI's statement and target in the wizard.
    login(page, "facilitator")
    page.goto(f"{page.base_url}/plans/kpi/{kpi.pk}/edit/")
    page.fill("#id_statement", "De gemiddelde oplostijd daalt van 14 naar 8 uur.")
    page.fill("#id_target_value", "8")
    page.get_by_role("button", name="KPI opslaan").click()
    page.get_by_text("KPI “Gemiddelde oplostijd” opgeslagen.").wait_for()
    kpi.refresh_from_db()
    assert kpi.status == KpiStatus.PROPOSED and kpi.changed_since_version == 1

    # The manager finds it in "Voor mij", marked as changed since version 1.
    page.context.clear_cookies()
    login(page, "manager")
    page.get_by_role("link", name="Voor mij").first.click()
    entry = page.locator(f"li[data-kpi-id='{kpi.pk}']")
    assert "gewijzigd sinds versie 1" in entry.inner_text()
    entry.get_by_role("link", name="Gemiddelde oplostijd").click()

    # The review page compares it field by field with what version 1 approved.
    node = page.locator(f"[data-kpi-id='{kpi.pk}'][data-changed-since-approval='true']")
    node.wait_for()
    assert node.get_attribute("data-kpi-status") == "proposed"
    changes = node.locator(".changes-table")
    assert changes.locator("tr[data-field='statement'] del").inner_text().endswith("10 uur.")
    assert changes.locator("tr[data-field='target_value'] ins").inner_text() == "8\xa0uur"
    other = page.locator("[data-kpi-id]", has_text="Klantverloop per kwartaal").first
    assert other.get_attribute("data-changed-since-approval") is None
    node.scroll_into_view_if_needed()
    keep(page, shot, "approval-1-review-comparison-1280", 1280)
    keep(page, shot, "approval-2-review-comparison-390", 390)
    page.set_viewport_size({"width": 1280, "height": 900})

    # The manager approves the change, then the set as version 2 through the confirmation.
    node.get_by_role("button", name="Goedkeuren").click()
    page.locator(f"[data-kpi-id='{kpi.pk}'][data-kpi-status='approved']").wait_for()
    page.locator("#set-panel").get_by_role("link", name="Goedkeuren als versie 2").click()
    page.get_by_role("heading", name="Goedkeuren als versie 2").wait_for()
    changed = page.locator("[data-diff='changed']")
    assert "Gemiddelde oplostijd" in changed.inner_text()
    assert page.locator("[data-diff='added']").count() == 0
    page.get_by_label("Toelichting bij deze versie (optioneel)").fill(
        "De oplostijd moet sneller omlaag: 8 uur in plaats van 10."
    )
    keep(page, shot, "approval-3-confirmation-1280", 1280)
    keep(page, shot, "approval-4-confirmation-390", 390)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Ja, goedkeuren als versie 2").click()
    page.get_by_text("De KPI-set is goedgekeurd als versie 2.").wait_for()
    assert page.locator("[data-version-note]").inner_text().endswith("8 uur in plaats van 10.")
    tree = page.locator("[data-approved-tree]")
    assert tree.locator(f"[data-kpi-id='{kpi.pk}'][data-kpi-status='approved']").count() == 1
    keep(page, shot, "approval-5-version-2-1280", 1280)
    assert list(KpiSetVersion.objects.values_list("number", flat=True)) == [1, 2]
    kpi.refresh_from_db()
    assert kpi.changed_since_version is None
    assert errors == []
