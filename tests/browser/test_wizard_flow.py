"""A new facilitator plans a strategy from scratch in the wizard, leaves halfway, comes back on
the same step, watches the SMART feedback follow a Dutch statement as it is typed, and submits."""

import importlib
import re

import pytest
from playwright.sync_api import expect

from indicators.models import Kpi, KpiStatus, KpiTemplate
from kpiplanner.accounts.models import Role
from tests.browser.conftest import PASSWORD, login
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

DUTCH_STATEMENT = (
    "Gemiddelde oplostijd van tickets van 14 naar 10 uur vóór eind 2028, per maand gemeten"
)


@pytest.fixture
def library(db):
    """The KPI library from its data migration (a transactional test before may have flushed it)."""
    if not KpiTemplate.objects.exists():
        migration = importlib.import_module("indicators.migrations.0002_kpi_library")
        KpiTemplate.objects.bulk_create(KpiTemplate(**t) for t in migration.KPI_TEMPLATES)


def status(page, letter: str):
    return page.locator(f"#smart-feedback [data-smart-criterion={letter}]")


def add_goal(page, title: str, perspective: str):
    page.fill("#id_new-title", title)
    page.select_option("#id_new-perspective", perspective)
    count = page.locator("#items .item-row").count()
    page.get_by_role("button", name="Doel toevoegen").click()
    # A locator, not wait_for_function: its string would be eval'd, which the CSP refuses.
    page.locator("#items .item-row").nth(count).wait_for()


def add_csf(page, goal_title: str, title: str):
    page.select_option("#id_new-goal", label=goal_title)
    page.fill("#id_new-title", title)
    count = page.locator("#items .item-row").count()
    page.get_by_role("button", name="Kritieke succesfactor toevoegen").click()
    # A locator, not wait_for_function: its string would be eval'd, which the CSP refuses.
    page.locator("#items .item-row").nth(count).wait_for()


def fill_owner_and_source(page, source: str):
    page.select_option("#id_owner", index=1)
    page.fill("#id_data_source", source)


def test_facilitator_plans_a_strategy_from_scratch(page, shot, organisation, library):
    MembershipFactory(
        organisation=organisation,
        role=Role.FACILITATOR,
        user__username="nieuw",
        user__first_name="Noor",
        user__last_name="de Wit",
        user__password=PASSWORD,
    )
    login(page, "nieuw")
    page.get_by_role("link", name="Nieuwe strategie").click()
    page.fill("#id_name", "Klantenservice 2027–2029")
    page.fill("#id_mission", "Klanten blijven omdat we hun vraag snel en in één keer oplossen.")
    page.fill("#id_horizon_start_year", "2027")
    page.fill("#id_horizon_end_year", "2029")
    shot(page, "wizard-1-strategy")
    page.get_by_role("button", name="Opslaan en verder").click()

    # Goals: added inline with htmx; a later step is not reachable yet.
    page.wait_for_url(re.compile(r"/plans/[0-9a-f-]+/goals/$"))
    plan_url = page.url.removesuffix("goals/")
    page.goto(plan_url + "kpis/")
    page.wait_for_url(re.compile(r"/goals/$"))
    assert page.get_by_text("Voeg minstens één doel toe").is_visible()
    add_goal(page, "Minder klanten zeggen op", "customer")
    add_goal(page, "Lagere kosten per klantvraag", "financial")
    shot(page, "wizard-2-goals")
    page.get_by_role("button", name="Opslaan en verder").click()

    page.wait_for_url(re.compile(r"/csfs/$"))
    add_csf(page, "Minder klanten zeggen op", "Vragen snel en in één keer oplossen")
    add_csf(page, "Lagere kosten per klantvraag", "Gemotiveerde, goed opgeleide medewerkers")
    shot(page, "wizard-3-csfs")
    page.get_by_role("button", name="Opslaan en verder").click()

    # KPI 1 from the library, with a Dutch decimal comma in the baseline.
    page.wait_for_url(re.compile(r"/kpis/$"))
    page.fill("#library-q", "verzuim")
    page.wait_for_selector("#library [data-template=absenteeism-rate]")
    shot(page, "wizard-4-library")
    page.click("#library [data-template=absenteeism-rate]")
    expect(page.locator("#id_name")).to_have_value("Verzuimpercentage")
    page.select_option("#id_csf", index=1)
    page.fill("#id_statement", "Verzuimpercentage van 6,5% naar 4% vóór eind 2028")
    page.fill("#id_baseline_value", "6,5")
    page.fill("#id_target_value", "4")
    fill_owner_and_source(page, "HR-systeem")
    page.get_by_role("button", name="KPI opslaan").click()
    page.wait_for_selector(".alert-success")
    assert Kpi.objects.get(name="Verzuimpercentage").baseline_value == 6.5

    # Leave halfway: log out, log in again, and resume on the same step.
    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    login(page, "nieuw")
    page.get_by_role("link", name="Plannen").click()
    page.get_by_role("link", name=re.compile("Klantenservice 2027–2029")).click()
    page.wait_for_url(re.compile(r"/kpis/$"))
    assert page.url == plan_url + "kpis/"

    # KPI 2 typed by hand: S, M and T go from missing to met while typing.
    page.fill("#id_name", "Gemiddelde oplostijd")
    fill_owner_and_source(page, "Ticketsysteem")
    for letter in "SMT":
        assert status(page, letter).get_attribute("data-smart-status") == "missing"
    shot(page, "wizard-5-kpi-empty-feedback")
    page.locator("#id_statement").press_sequentially(DUTCH_STATEMENT, delay=25)
    for letter in "SMT":
        page.wait_for_selector(
            f"#smart-feedback [data-smart-criterion={letter}][data-smart-status=met]"
        )
    shot(page, "wizard-6-kpi-typed-feedback")
    page.click("[data-smart-apply]")
    page.wait_for_load_state()
    assert page.input_value("#id_target_value") == "10"
    assert page.input_value("#id_baseline_value") == "14"
    assert page.input_value("#id_unit") == "hours"
    assert page.input_value("#id_frequency") == "monthly"
    assert page.input_value("#id_data_source") == "Ticketsysteem"  # kept by "apply"
    shot(page, "wizard-7-kpi-applied")
    page.get_by_role("button", name="KPI opslaan").click()
    page.wait_for_selector(".alert-success")

    # KPI 3 for the first CSF, then on to validation.
    page.select_option("#id_csf", index=1)
    page.fill("#id_name", "Klanttevredenheid na contact")
    page.fill(
        "#id_statement", "CSAT na contact van 7,2 naar 8 vóór eind 2028, per kwartaal gemeten"
    )
    page.select_option("#id_unit", "score")
    page.select_option("#id_frequency", "quarterly")
    page.fill("#id_baseline_value", "7,2")
    page.fill("#id_target_value", "8")
    fill_owner_and_source(page, "CSAT-enquête")
    page.get_by_role("button", name="Opslaan en verder").click()

    page.wait_for_url(re.compile(r"/validation/$"))
    assert page.locator("[data-missing]").count() == 0
    shot(page, "wizard-8-validation")
    page.get_by_role("button", name="Opslaan en verder").click()

    page.wait_for_url(re.compile(r"/submit/$"))
    page.get_by_role("button", name="Ter beoordeling indienen").click()
    page.wait_for_selector("[data-submitted]")
    shot(page, "wizard-9-submitted")
    assert set(Kpi.objects.values_list("status", flat=True)) == {KpiStatus.PROPOSED}
    assert Kpi.objects.count() == 3


@pytest.fixture
def started_plan(organisation):
    """A plan with two goals, one CSF each and one KPI, edited by facilitator "noor"."""
    import datetime

    from tests.factories import CsfFactory, GoalFactory, KpiFactory, StrategyFactory

    noor = MembershipFactory(
        organisation=organisation,
        role=Role.FACILITATOR,
        user__username="noor",
        user__first_name="Noor",
        user__last_name="de Wit",
        user__password=PASSWORD,
    ).user
    today = datetime.date.today()
    strategy = StrategyFactory(
        organisation=organisation,
        name="Klantenservice 2027–2029",
        horizon_start_year=today.year,
        horizon_end_year=today.year + 3,
    )
    churn = GoalFactory(strategy=strategy, title="Minder klanten zeggen op", order=0)
    costs = GoalFactory(
        strategy=strategy, title="Lagere kosten per klantvraag", perspective="financial", order=1
    )
    fast = CsfFactory(goal=churn, title="Vragen snel en in één keer oplossen")
    CsfFactory(goal=costs, title="Gemotiveerde, goed opgeleide medewerkers")
    KpiFactory(
        csf=fast,
        name="Gemiddelde oplostijd",
        owner=noor,
        baseline_date=today - datetime.timedelta(days=30),
        target_date=datetime.date(today.year + 2, 12, 31),
    )
    return strategy


def test_nothing_typed_is_lost_and_a_delete_can_be_undone(page, shot, started_plan):
    from csf.models import CriticalSuccessFactor
    from goals.models import Goal

    plan_url = f"{page.base_url}/plans/{started_plan.pk}/"
    login(page, "noor")
    page.goto(plan_url + "goals/")

    # An inline edit and a new goal, both typed but never saved, survive reordering the list
    # and go along with "Save and continue".
    churn = Goal.objects.get(title="Minder klanten zeggen op")
    costs = Goal.objects.get(title="Lagere kosten per klantvraag")
    page.click(f"#goal-{churn.pk} a[title=Bewerken]")
    page.wait_for_selector(f"#id_{churn.pk}-title")
    page.fill(f"#id_{churn.pk}-title", "Minder klanten zeggen op binnen een jaar")
    page.fill("#id_new-title", "Tevreden medewerkers")
    page.select_option("#id_new-perspective", "people")
    page.click(f"#goal-{costs.pk} button[value=up]")
    expect(page.locator("#items .item-row").first).to_have_id(f"goal-{costs.pk}")
    assert page.input_value(f"#id_{churn.pk}-title") == "Minder klanten zeggen op binnen een jaar"
    assert page.input_value("#id_new-title") == "Tevreden medewerkers"
    shot(page, "wizard-10-goal-edit-open")
    page.get_by_role("button", name="Opslaan en verder").click()
    page.wait_for_url(re.compile(r"/csfs/$"))
    churn.refresh_from_db()
    assert churn.title == "Minder klanten zeggen op binnen een jaar"
    assert Goal.objects.get(title="Tevreden medewerkers").perspective == "people"
    add_csf(page, "Tevreden medewerkers", "Ruimte om te leren")

    # Deleting the CSF with the plan's only KPI reopens the KPI step (a goal or CSF left empty
    # is only warned about): the progress bar follows, and "Undo" brings the CSF back with its
    # KPI.
    csf = CriticalSuccessFactor.objects.get(title="Vragen snel en in één keer oplossen")
    validation_step = page.locator("#wizard-progress [data-step=validation]")
    assert "is-locked" not in validation_step.get_attribute("class")
    page.click(f"#csf-{csf.pk} a[title=Verwijderen]")
    page.wait_for_selector(f"[data-undo='{csf.pk}']")
    assert page.locator(f"#csf-{csf.pk}").count() == 0
    assert "is-locked" in validation_step.get_attribute("class")
    assert page.get_by_text("met 1 KPI").is_visible()
    shot(page, "wizard-11-deleted-with-undo")
    page.locator(f"[data-undo='{csf.pk}']").get_by_role("button", name="Ongedaan maken").click()
    page.wait_for_selector(f"#csf-{csf.pk}")
    assert "is-locked" not in validation_step.get_attribute("class")
    assert CriticalSuccessFactor.objects.get(pk=csf.pk).kpis.count() == 1


def test_kpi_thresholds_and_milestones_in_dutch(page, shot, started_plan):
    import datetime

    kpi = Kpi.objects.get()
    login(page, "noor")
    page.goto(f"{page.base_url}/plans/kpi/{kpi.pk}/edit/")
    page.wait_for_selector("#kpi-form")
    page.fill("#id_on_track_threshold", "11,5")
    page.fill("#id_off_track_threshold", "12,75")
    year = datetime.date.today().year
    page.fill("#id_milestones-0-due_date", f"{year + 1}-06-30")
    page.fill("#id_milestones-0-value", "12,5")
    page.get_by_role("button", name="Nog een mijlpaal").click()
    page.wait_for_selector("#id_milestones-1-value")  # added in place, without a reload
    assert page.input_value("#id_milestones-0-value") == "12,5"
    page.fill("#id_milestones-1-due_date", f"{year + 2}-06-30")
    page.fill("#id_milestones-1-value", "11")
    shot(page, "wizard-12-kpi-milestones")
    page.get_by_role("button", name="KPI opslaan").click()
    page.wait_for_selector(".alert-success")
    kpi.refresh_from_db()
    assert float(kpi.on_track_threshold) == 11.5
    assert [float(m.value) for m in kpi.milestones.all()] == [12.5, 11.0]


def test_goals_and_kpi_steps_on_a_phone(page, shot, started_plan):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "noor")
    page.goto(f"{page.base_url}/plans/{started_plan.pk}/goals/")
    shot(page, "wizard-phone-goals")
    page.goto(f"{page.base_url}/plans/{started_plan.pk}/kpis/")
    shot(page, "wizard-phone-kpis")
    # Nothing is wider than the screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
