"""Never lose typing, in Chromium (issue 19, points 4 and 6): Enter in the KPI name saves the KPI
and touches no other field; "Use" in the library keeps the chosen CSF and what was typed;
leaving a form with unsaved changes asks first (the step bar, an htmx Cancel). Screenshots at
1280 and 390 px of the pages these points changed, each checked for sideways scrolling."""

import datetime
import importlib
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from csf.models import CriticalSuccessFactor
from goals.models import Goal
from indicators.models import Kpi, KpiStatus, KpiTemplate
from kpiplanner.accounts.models import Role
from kpiplanner.reviews.services import kpi_status_change
from tests.browser.conftest import PASSWORD, login
from tests.factories import CsfFactory, GoalFactory, KpiFactory, MembershipFactory, StrategyFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/work/shots/typing")
STATEMENT = "Gemiddelde oplostijd van tickets van 14 naar 10 uur vóór eind 2028"


@pytest.fixture
def library(db):
    """The KPI library from its data migration (a transactional test before may have flushed it)."""
    if not KpiTemplate.objects.exists():
        migration = importlib.import_module("indicators.migrations.0002_kpi_library")
        KpiTemplate.objects.bulk_create(KpiTemplate(**t) for t in migration.KPI_TEMPLATES)


@pytest.fixture
def plan(organisation, library):
    """Two goals (one parked without CSFs), two CSFs under the first, one KPI: for "noor"."""
    noor = MembershipFactory(
        organisation=organisation,
        role=Role.FACILITATOR,
        user__username="noor",
        user__first_name="Noor",
        user__last_name="de Wit",
        user__password=PASSWORD,
    ).user
    manager = MembershipFactory(
        organisation=organisation,
        role=Role.MANAGER,
        user__username="mila",
        user__first_name="Mila",
        user__last_name="Jansen",
        user__password=PASSWORD,
    ).user
    today = datetime.date.today()
    strategy = StrategyFactory(
        organisation=organisation,
        name="Klantenservice",
        horizon_start_year=today.year,
        horizon_end_year=today.year + 3,
    )
    churn = GoalFactory(strategy=strategy, title="Minder klanten zeggen op", order=0)
    GoalFactory(strategy=strategy, title="Dit jaar 5% minder opzeggingen", parent=churn, order=1)
    fast = CsfFactory(goal=churn, title="Vragen snel oplossen")
    CsfFactory(goal=churn, title="Vriendelijk en deskundig personeel")
    kpi = KpiFactory(
        csf=fast,
        name="Gemiddelde oplostijd",
        owner=noor,
        status=KpiStatus.PROPOSED,
        baseline_date=today - datetime.timedelta(days=30),
        target_date=datetime.date(today.year + 2, 12, 31),
    )
    kpi_status_change(
        kpi=kpi,
        to_status=KpiStatus.REJECTED,
        actor=manager,
        role="manager",
        reason="Zeg hoe je de oplostijd meet: vanaf de melding of vanaf de toewijzing?",
    )
    return strategy


def kpis_url(page, strategy):
    return f"{page.base_url}/plans/{strategy.pk}/kpis/"


def look(page, name: str, marker: str | None = None) -> None:
    """A full-page screenshot at the current width (and one of the screen around `marker`, to
    read on a long phone page), and no sideways scrolling."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    if marker:
        page.locator(marker).first.scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / f"{name}-{width}-screen.png")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{name} at {width} px scrolls sideways ({scroll_width} px)"


def test_enter_in_the_kpi_name_saves_without_touching_other_fields(page, plan):
    login(page, "noor")
    page.goto(kpis_url(page, plan))
    other = CriticalSuccessFactor.objects.get(title="Vriendelijk en deskundig personeel")
    page.select_option("#id_csf", str(other.pk))
    page.fill("#id_statement", STATEMENT)
    # The statement's values are found and offered ("Use these values") …
    page.wait_for_selector("[data-smart-apply]")
    page.fill("#id_name", "Oplostijd in uren")
    page.locator("#id_name").press("Enter")
    page.wait_for_selector(".alert-success")
    kpi = Kpi.objects.get(name="Oplostijd in uren")
    # … but Enter saved the KPI as typed: nothing was taken from the statement.
    assert kpi.csf_id == other.pk
    assert kpi.statement == STATEMENT
    assert (kpi.unit, kpi.baseline_value, kpi.target_value) == ("", None, None)


class Dialogs:
    """Every dialog the page opens (type, message), answered as `answer` says."""

    def __init__(self, page):
        self.seen: list[tuple[str, str]] = []
        self.answer = "dismiss"
        page.on("dialog", self.handle)

    def handle(self, dialog):
        self.seen.append((dialog.type, dialog.message))
        getattr(dialog, self.answer)()


def test_library_use_keeps_the_chosen_csf_and_what_was_typed(page, plan):
    login(page, "noor")
    page.goto(kpis_url(page, plan))
    other = CriticalSuccessFactor.objects.get(title="Vriendelijk en deskundig personeel")
    page.select_option("#id_csf", str(other.pk))
    page.fill("#id_name", "Mijn eigen naam")
    page.fill("#library-q", "verzuim")
    # Enter in the search box searches; it does not save the KPI form the box belongs to.
    page.locator("#library-q").press("Enter")
    page.wait_for_selector("#library [data-template=absenteeism-rate]")
    assert not Kpi.objects.filter(name="Mijn eigen naam").exists()
    page.click("#library [data-template=absenteeism-rate]")
    expect(page.locator(".alert-info")).to_contain_text("uit de bibliotheek is gebruikt")
    assert page.input_value("#id_csf") == str(other.pk)
    assert page.input_value("#id_name") == "Mijn eigen naam"
    assert page.input_value("#id_unit") == "percent"
    assert page.input_value("#id_direction") == "lower"
    expect(page.locator(".alert-info")).to_contain_text("naam, is gebleven")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        look(page, "kpi-after-library-use", ".alert-info")
    # What "Use" filled in is not saved yet: leaving asks (the browser's own question).
    page.set_viewport_size({"width": 1280, "height": 900})
    dialogs = Dialogs(page)
    page.locator("#wizard-progress [data-step=goals] a").click()
    page.wait_for_timeout(500)
    assert [kind for kind, _ in dialogs.seen] == ["beforeunload"]
    assert page.url.endswith("/kpis/")


def test_leaving_a_form_with_unsaved_changes_asks_first(page, plan):
    login(page, "noor")
    dialogs = Dialogs(page)
    page.goto(kpis_url(page, plan))
    # Nothing typed: the step bar leaves without a question.
    page.locator("#wizard-progress [data-step=csfs] a").click()
    page.wait_for_url(re.compile(r"/csfs/$"))
    page.goto(kpis_url(page, plan))
    assert dialogs.seen == []

    # Typed, not saved: the step bar asks; "stay" keeps the text, "leave" leaves.
    page.fill("#id_name", "Half getypt")
    page.locator("#wizard-progress [data-step=csfs] a").click()
    page.wait_for_timeout(500)
    assert [kind for kind, _ in dialogs.seen] == ["beforeunload"]
    assert page.input_value("#id_name") == "Half getypt"
    dialogs.answer = "accept"
    page.locator("#wizard-progress [data-step=csfs] a").click()
    page.wait_for_url(re.compile(r"/csfs/$"))

    # An htmx swap that would drop an open edit (Cancel) asks the form's question first.
    goal = Goal.objects.get(title="Minder klanten zeggen op")
    yearly = Goal.objects.get(title="Dit jaar 5% minder opzeggingen")
    page.goto(f"{page.base_url}/plans/{plan.pk}/goals/")
    page.click(f"#goal-{goal.pk} a[title=Bewerken]")
    page.wait_for_selector(f"#id_{goal.pk}-title")
    page.fill(f"#id_{goal.pk}-title", "Minder klanten zeggen op, en sneller")
    dialogs.seen, dialogs.answer = [], "dismiss"
    page.locator(f"#goal-{goal.pk}").get_by_role("link", name="Annuleren").click()
    page.wait_for_timeout(500)
    question = "Wat je hier hebt ingevuld, is nog niet opgeslagen. Toch weggaan?"
    assert dialogs.seen == [("confirm", question)]
    assert page.input_value(f"#id_{goal.pk}-title") == "Minder klanten zeggen op, en sneller"
    # Moving another goal keeps what is typed (hx-preserve), so it does not ask.
    page.locator(f"#goal-{yearly.pk} button[value=up]").click()
    expect(page.locator("#items .item-row").first).to_have_id(f"goal-{yearly.pk}")
    assert len(dialogs.seen) == 1
    assert page.input_value(f"#id_{goal.pk}-title") == "Minder klanten zeggen op, en sneller"
    # "Leave it" closes the edit without saving.
    dialogs.answer = "accept"
    page.locator(f"#goal-{goal.pk}").get_by_role("link", name="Annuleren").click()
    page.wait_for_selector(f"#id_{goal.pk}-title", state="detached")
    assert Goal.objects.get(pk=goal.pk).title == "Minder klanten zeggen op"

    # Saving leaves without a question.
    dialogs.seen = []
    page.fill("#id_new-title", "Meer vaste klanten")
    page.select_option("#id_new-perspective", "customer")
    page.get_by_role("button", name="Opslaan en verder").click()
    page.wait_for_url(re.compile(r"/csfs/$"))
    assert Goal.objects.filter(title="Meer vaste klanten").exists()
    assert dialogs.seen == []


def test_the_pages_of_these_points_at_1280_and_390(page, plan):
    """The rejection reason on the form, the parked goal, the parent goal, and "Voor mij"."""
    kpi = Kpi.objects.get(name="Gemiddelde oplostijd")
    login(page, "noor")
    pages = [
        ("kpi-rejected-edit", f"{page.base_url}/plans/kpi/{kpi.pk}/edit/", "[data-rejection]"),
        ("csfs-parked", f"{page.base_url}/plans/{plan.pk}/csfs/", "[data-parked=goals]"),
        ("goals-parent", f"{page.base_url}/plans/{plan.pk}/goals/", "[data-parent-goal]"),
        ("inbox-reason", page.base_url + reverse("reviews:inbox"), "[data-rejection-reason]"),
        (
            "card-fix-reason",
            page.base_url + reverse("reviews:kpi_card", args=[kpi.pk]),
            "#fix [data-rejection]",
        ),
    ]
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, url, marker in pages:
            page.goto(url)
            expect(page.locator(marker).first).to_be_visible()
            look(page, name, marker)


def test_a_library_search_without_javascript_keeps_the_form(chromium, live_server, plan):
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, locale="nl-NL", java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    try:
        login(page, "noor")
        page.goto(kpis_url(page, plan))
        other = CriticalSuccessFactor.objects.get(title="Vriendelijk en deskundig personeel")
        page.select_option("#id_csf", str(other.pk))
        page.fill("#id_name", "Mijn eigen naam")
        page.fill("#library-q", "verzuim")
        page.get_by_role("button", name="Zoeken", exact=True).click()
        page.wait_for_selector("#library [data-template=absenteeism-rate]")
        assert page.input_value("#id_name") == "Mijn eigen naam"
        assert page.input_value("#id_csf") == str(other.pk)
        # "Use" works the same without JavaScript: it posts the form.
        page.click("#library [data-template=absenteeism-rate]")
        page.wait_for_selector(".alert-info")
        assert page.input_value("#id_name") == "Mijn eigen naam"
        assert page.input_value("#id_csf") == str(other.pk)
        assert page.input_value("#id_unit") == "percent"
        assert not Kpi.objects.filter(name="Mijn eigen naam").exists()
    finally:
        context.close()
