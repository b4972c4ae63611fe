"""The keyboard focus follows the work in the wizard (issue 19, point 9): the first field when a
step opens, and after each inline action the place where one goes on."""

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from kpiplanner.accounts.models import Role
from tests.browser.conftest import PASSWORD, login
from tests.factories import (
    CsfFactory,
    GoalFactory,
    KpiFactory,
    MembershipFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plan(live_server):
    membership = MembershipFactory(
        role=Role.FACILITATOR, user__username="fatima", user__password=PASSWORD
    )
    strategy = StrategyFactory(organisation=membership.organisation, name="Klanten behouden")
    first = GoalFactory(strategy=strategy, title="Minder klantverloop", order=0)
    GoalFactory(strategy=strategy, title="Meer omzet per klant", order=1)
    csf = CsfFactory(goal=first, title="Snel oplossen")
    CsfFactory(goal=strategy.goals.get(order=1), title="Goed adviseren")
    KpiFactory(csf=csf, owner=membership.user, name="Oplostijd")
    KpiFactory(csf=strategy.goals.get(order=1).csfs.get(), owner=membership.user, name="Omzet")
    return strategy


def focused(page) -> dict:
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          return {
            id: el.id, tag: el.tagName.toLowerCase(), name: el.getAttribute("name"),
            value: el.getAttribute("value"), title: el.getAttribute("title"),
            row: el.closest(".item-row")?.id || null, text: el.textContent.trim(),
          };
        }"""
    )


def focus_becomes(page, **expected):
    """Wait until the focus has `expected`'s values (htmx moves it once a swap has settled, a
    moment after the new content is in the page), then check it."""
    with contextlib.suppress(PlaywrightTimeout):  # the assertion below says what has it instead
        page.wait_for_function(
            """expected => {
              const now = document.activeElement;
              const seen = {
                id: now.id, tag: now.tagName.toLowerCase(), value: now.getAttribute("value"),
                row: now.closest(".item-row")?.id || null, text: now.textContent.trim(),
              };
              return Object.entries(expected).every(([key, value]) =>
                key === "text" ? seen.text.startsWith(value) : seen[key] === value);
            }""",
            arg=expected,
            timeout=3000,
        )
    now = focused(page)
    now["text"] = now["text"][: len(expected.get("text", ""))]
    assert {key: now[key] for key in expected} == expected


def step(page, strategy, name):
    page.goto(f"{page.base_url}/plans/{strategy.pk}/{name}/")


def test_each_step_opens_with_the_focus_on_its_first_field(page, plan):
    login(page, "fatima")
    step(page, plan, "strategy")
    assert focused(page)["id"] == "id_name"
    step(page, plan, "goals")
    assert focused(page)["id"] == "id_new-title"
    step(page, plan, "kpis")
    assert focused(page)["id"] == "id_csf"
    # A step without fields: its heading, so a screen reader says where one is.
    step(page, plan, "submit")
    assert focused(page)["tag"] == "h2"
    # Next goes to the next step, which opens on its first field.
    step(page, plan, "goals")
    page.locator("[data-nav=next]").click()
    page.wait_for_url(f"**/plans/{plan.pk}/csfs/")
    assert focused(page)["id"] == "id_new-goal"


def test_a_step_with_an_error_opens_on_the_field_in_error(page, plan):
    login(page, "fatima")
    step(page, plan, "strategy")
    page.fill("#id_name", "")
    page.get_by_role("button", name="Opslaan").first.click()
    page.locator("#id_name.is-invalid").wait_for()
    assert focused(page)["id"] == "id_name"


def test_inline_actions_leave_the_focus_where_one_goes_on(page, plan):
    login(page, "fatima")
    step(page, plan, "goals")
    goal = plan.goals.get(order=0)
    row = f"goal-{goal.pk}"

    # Add a goal: the add form's first field again, for the next one.
    page.fill("#id_new-title", "Tevreden medewerkers")
    page.select_option("#id_new-perspective", "people")
    page.get_by_role("button", name="Doel toevoegen").click()
    page.locator("#items .item-row", has_text="Tevreden medewerkers").wait_for()
    focus_becomes(page, id="id_new-title")

    # Open an inline edit: its first field; cancel it: the row's Edit link.
    page.locator(f"#{row} .item-actions a").first.click()
    page.locator(f"#{row}[data-editing]").wait_for()
    focus_becomes(page, id=f"id_{goal.pk}-title")
    page.locator(f"#{row}").get_by_role("link", name="Annuleren").click()
    page.locator(f"#{row}:not([data-editing])").wait_for()
    focus_becomes(page, row=row, tag="a")

    # Move an item down: the focus stays on the same arrow of the same item.
    page.locator(f"#{row} button[value=down]").click()
    page.locator("#items .item-row").nth(1).and_(page.locator(f"#{row}")).wait_for()
    focus_becomes(page, row=row, value="down")

    # Delete it: the Undo button that brings it back; undo: the add form.
    page.locator(f"#{row} .item-actions a.btn-outline-danger").click()
    page.locator(f"[data-undo='{goal.pk}']").wait_for()
    focus_becomes(page, text="Ongedaan maken")
    page.keyboard.press("Enter")
    page.locator(f"#{row}").wait_for()
    focus_becomes(page, id="id_new-title")


def test_typing_a_kpi_never_loses_the_focus_to_the_live_feedback(page, plan):
    login(page, "fatima")
    step(page, plan, "kpis")
    page.locator("#id_statement").click()
    page.keyboard.type("Oplostijd van 14 naar 10 uur vóór eind 2028", delay=20)
    page.locator("#smart-feedback [data-smart-criterion=S]").wait_for()
    page.wait_for_load_state("networkidle")
    assert focused(page)["id"] == "id_statement"
