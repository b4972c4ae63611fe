"""No page scrolls sideways on a 390 px phone (issue 19, point 9): every main page, with the demo
data, as the admin (who sees every button) and in English too (longer words on the buttons).
Each page is also photographed at 390 and 1280 px, to look at."""

import pytest

from kpiplanner.demo.data import seed_demo
from tests.browser.conftest import ARTIFACTS, PASSWORD, login
from tests.factories import CsfFactory, GoalFactory, KpiFactory, StrategyFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


def complete_plan(demo):
    """A plan whose validation and submit steps open (the demo's has a CSF without KPIs)."""
    strategy = StrategyFactory(organisation=demo.organisation, name="Klaar om in te dienen")
    csf = CsfFactory(goal=GoalFactory(strategy=strategy, title="Sneller antwoord"))
    owner = demo.organisation.memberships.get(role="facilitator").user
    KpiFactory(csf=csf, owner=owner, status="draft", name="Wachttijd aan de telefoon")
    KpiFactory(csf=csf, owner=owner, status="rejected", name="Eerste-keer-goed")
    return strategy


def main_pages(demo) -> list[tuple[str, str]]:
    complete = complete_plan(demo)
    strategy = demo.strategy
    goal = strategy.goals.order_by("order").first()
    csf = goal.csfs.order_by("order").first()
    kpi = csf.kpis.order_by("order").first()
    plan = f"/plans/{strategy.pk}"
    review = f"/review/{strategy.pk}"
    pages = [
        ("dashboard", "/"),
        ("plans", "/plans/"),
        ("strategy-new", "/plans/new/"),
        ("strategy", strategy.get_absolute_url()),
        *((f"step-{step}", f"{plan}/{step}/") for step in ("strategy", "goals", "csfs", "kpis")),
        ("step-validation", f"/plans/{complete.pk}/validation/"),
        ("step-submit", f"/plans/{complete.pk}/submit/"),
        ("kpi-edit", f"/plans/kpi/{kpi.pk}/edit/"),
        ("inbox", "/review/"),
        ("review", f"{review}/"),
        ("kpi-card", f"/review/kpi/{kpi.pk}/"),
        ("comments", f"/review/comments/goal/{goal.pk}/"),
        ("versions", f"{review}/versions/"),
        ("version-1", f"{review}/versions/1/"),
        ("compare", f"{review}/compare/"),
        ("import", "/interchange/import/"),
        ("password", "/accounts/password/"),
    ]
    if demo.workshop is not None:
        workshop = demo.workshop.pk
        pages += [
            ("workshop-control", f"/workshops/{workshop}/control/"),
            ("workshop-summary", f"/workshops/{workshop}/summary/"),
        ]
    return pages


def too_wide(page) -> list[str]:
    """The elements that reach past the right edge (to say what to fix when the test fails)."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          return [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > width + 1)
            .slice(0, 5)
            .map((el) => el.tagName.toLowerCase() + "." + [...el.classList].join("."));
        }"""
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_main_page_is_wider_than_a_phone(page, shot, language):
    demo = seed_demo(password=PASSWORD)
    page.set_viewport_size(PHONE)
    if language == "en":
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.base_url}])
    page.goto(f"{page.base_url}/accounts/login/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "login"
    login(page, "admin")
    wide = {}
    for name, path in main_pages(demo):
        response = page.goto(f"{page.base_url}{path}")
        assert response.ok, (name, response.status)
        assert page.url.endswith(path), (name, page.url)  # not sent elsewhere
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[name] = (width, too_wide(page))
        if language == "nl":
            shot(page, f"phone-390-{name}")
        page.screenshot(path=ARTIFACTS / f"phone-390-{language}-top-{name}.png")
    assert wide == {}


def test_the_main_pages_at_laptop_width(page, shot):
    """Screenshots at 1280 px, and the same rule: nothing wider than the window."""
    demo = seed_demo(password=PASSWORD)
    page.set_viewport_size(LAPTOP)
    login(page, "admin")
    for name, path in main_pages(demo):
        page.goto(f"{page.base_url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"], name
        shot(page, f"laptop-1280-{name}")
        page.screenshot(path=ARTIFACTS / f"laptop-1280-top-{name}.png")
