"""A workshop in the room: the facilitator on a laptop, two guests on phones, the projector.

Four browser contexts over a real server: the guests join with the code and propose; both
proposals reach the projector within 2 s without a reload; voting, the reveal and the counts are
right on every screen; the facilitator promotes the winner and it is in the tree.
"""

import re

import pytest
from playwright.sync_api import expect

from goals.models import Goal
from kpiplanner.workshops import services
from kpiplanner.workshops.models import Phase, Workshop
from tests.browser.conftest import CHROMIUM_ARGS, PASSWORD, login  # noqa: F401
from tests.factories import CsfFactory, GoalFactory, MembershipFactory, StrategyFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

LIVE = 2_000  # ms: how soon a change must reach every open screen
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}


@pytest.fixture
def room(chromium, live_server):
    """The facilitator's page and the demo-like workshop, plus a factory for more contexts."""
    facilitator = UserFactory(
        username="facilitator", first_name="Fatima", last_name="El Amrani", password=PASSWORD
    )
    membership = MembershipFactory(user=facilitator, role="facilitator")
    strategy = StrategyFactory(organisation=membership.organisation, name="Klanten behouden")
    goal = GoalFactory(strategy=strategy, title="Minder klantverloop")
    CsfFactory(goal=goal, title="Snel en in één keer oplossen")
    from kpiplanner.workshops.demo import demo_workshop

    workshop = demo_workshop(strategy, facilitator)
    contexts = []

    def new_page(viewport, locale="nl-NL"):
        context = chromium.new_context(viewport=viewport, locale=locale)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        return page

    yield workshop, strategy, new_page
    for context in contexts:
        context.close()


def join(page, code: str, name: str):
    page.goto(f"{page.base_url}/join/?code={code}")
    expect(page.locator("form[data-join] [name=code]")).to_have_value(code)
    page.fill("form[data-join] [name=name]", name)
    page.click("form[data-join] button[type=submit]")
    expect(page.locator("form[data-propose]")).to_be_visible()


def propose(page, text: str):
    page.fill("form[data-propose] [name=text]", text)
    page.click("form[data-propose] button[type=submit]")
    expect(page.locator("[data-proposal-id]", has_text=text)).to_be_visible()


def test_a_workshop_from_join_to_tree(room, shot):
    workshop, strategy, new_page = room
    laptop = new_page({"width": 1280, "height": 900})
    login(laptop, "facilitator")
    laptop.goto(f"{laptop.base_url}{strategy.get_absolute_url()}")
    laptop.click("a[data-workshop]")
    expect(laptop.locator("form[data-control='start-voting']")).to_be_visible()
    screen_url = laptop.locator("a[data-screen]").get_attribute("href")

    projector = new_page(PROJECTOR)
    login(projector, "facilitator")
    projector.goto(f"{projector.base_url}{screen_url}")
    expect(projector.locator(".ws-code")).to_contain_text(workshop.code[:3])
    expect(projector.locator(".ws-qr svg")).to_be_visible()

    anna, bram = new_page(PHONE), new_page(PHONE)
    join(anna, workshop.code.lower(), "Anna")
    join(bram, workshop.code, "Bram")
    expect(projector.locator("[data-participants]")).to_have_attribute(
        "data-participants", "2", timeout=LIVE
    )

    propose(anna, "Klanten blijven langer klant")
    propose(bram, "Minder klachten over facturen")
    for text in ("Klanten blijven langer klant", "Minder klachten over facturen"):
        expect(projector.locator("[data-proposal-id]", has_text=text)).to_be_visible(timeout=LIVE)
        expect(laptop.locator("[data-proposal-id]", has_text=text)).to_be_visible(timeout=LIVE)
    # Each guest sees the other's proposal as it comes in (the demo shows proposals live).
    expect(anna.locator("[data-proposal-id]", has_text="Minder klachten")).to_be_visible(
        timeout=LIVE
    )
    # Half-typed text survives the live updates. (The box once vanished here: a poll's answer
    # for a region Bram's proposal had already replaced made htmx 2 move the box aside for a
    # swap that never happened and drop it; see guardRegion in static/js/workshop.js.)
    bram.fill("form[data-propose] [name=text]", "Nog niet af")
    shot(projector, "workshop-projector-proposing")
    shot(anna, "workshop-phone-proposing")

    laptop.click("form[data-control='start-voting'] button")
    winner = anna.locator("[data-proposal-id]", has_text="Klanten blijven langer")
    expect(winner.locator("form[data-vote]")).to_be_visible(timeout=LIVE)
    expect(bram.locator("form[data-propose] [name=text]")).to_have_value("Nog niet af")
    winner.locator("form[data-vote] button").click()
    expect(anna.locator("[data-votes-left]")).to_have_attribute("data-votes-left", "2")
    winner.locator("form[data-vote] button").click()
    bram_winner = bram.locator("[data-proposal-id]", has_text="Klanten blijven langer")
    expect(bram_winner.locator("form[data-vote]")).to_be_visible(timeout=LIVE)
    bram_winner.locator("form[data-vote] button").click()
    expect(bram.locator("[data-votes-left]")).to_have_attribute("data-votes-left", "2")
    other = bram.locator("[data-proposal-id]", has_text="Minder klachten")
    other.locator("form[data-vote] button").click()
    expect(bram.locator("[data-votes-left]")).to_have_attribute("data-votes-left", "1")
    # Hidden until revealed: no counts on the projector or the phones yet.
    expect(projector.locator("[data-votes]")).to_have_count(0)
    expect(anna.locator("[data-votes]")).to_have_count(0)
    shot(bram, "workshop-phone-voting")

    laptop.click("form[data-control='reveal'] button")
    for page in (projector, anna, bram, laptop):
        row = page.locator("[data-proposal-id]", has_text="Klanten blijven langer")
        expect(row.locator("[data-votes]")).to_have_text("3", timeout=LIVE)
        row = page.locator("[data-proposal-id]", has_text="Minder klachten")
        expect(row.locator("[data-votes]")).to_have_text("1", timeout=LIVE)
    # Revealed results are ranked: the winner first.
    expect(projector.locator("[data-proposal-id]").first).to_contain_text("Klanten blijven")
    shot(projector, "workshop-projector-revealed")
    shot(laptop, "workshop-control-revealed")

    laptop.locator("[data-proposal-id]", has_text="Klanten blijven langer").locator(
        "form[data-promote] button"
    ).click()
    expect(
        laptop.locator("[data-proposal-id]", has_text="Klanten blijven langer").locator(
            "[data-promoted]"
        )
    ).to_be_visible()
    goal = Goal.objects.get(title="Klanten blijven langer klant")
    assert goal.strategy_id == strategy.pk
    assert goal.workshop_proposal.round.workshop_id == workshop.pk
    laptop.goto(f"{laptop.base_url}{strategy.get_absolute_url()}")
    expect(laptop.locator(f"#goal-{goal.pk}")).to_contain_text("Klanten blijven langer klant")

    laptop.goto(f"{laptop.base_url}/workshops/{workshop.pk}/control/")
    laptop.once("dialog", lambda dialog: dialog.accept())
    laptop.click("form[data-control='close'] button")
    expect(laptop).to_have_url(re.compile(r"/summary/$"))
    shot(laptop, "workshop-summary")
    workshop.refresh_from_db()
    assert not workshop.is_open
    # The open phones and the projector say goodbye; the guests lose access.
    expect(anna.locator("[data-ended]")).to_be_visible(timeout=LIVE)
    expect(projector.locator("[data-ended]")).to_be_visible(timeout=LIVE)
    expect(anna.locator("[data-proposal-id]")).to_have_count(0)
    response = anna.goto(f"{anna.base_url}/w/{workshop.pk}/")
    assert response.status == 404


def _answer_late_for_a_replaced_region(phone):
    """Send a poll for the live region as htmx does, and replace the region before it comes back
    (as another answer would); resolves once the poll's answer has been handled."""
    phone.evaluate(
        """() => new Promise((resolve) => {
            const live = document.querySelector("[data-live]");
            // Without its token the poll goes past the middleware and gets the region anew.
            const url = live.getAttribute("hx-get").replace(/&t=[^&]*/, "");
            htmx.ajax("GET", url, {source: live, target: live, swap: "outerHTML"})
                .then(resolve, resolve);
            live.replaceWith(live.cloneNode(true));  // meanwhile another answer replaced it
        })"""
    )


def test_a_late_answer_for_a_replaced_region_leaves_the_box_alone(room):
    """A poll answered after another answer (the person's own action) replaced the live region
    is dropped: swapping it into the detached region would make htmx 2 take the box being
    typed in out of the page (it moves hx-preserve elements aside for the swap)."""
    workshop, _strategy, new_page = room
    phone = new_page(PHONE)
    join(phone, workshop.code, "Bram")
    # The page's own requests start once it has loaded (htmx sets the page up then); the
    # request sent before that is the next test's.
    phone.wait_for_load_state("domcontentloaded")
    phone.fill("form[data-propose] [name=text]", "Half af")
    _answer_late_for_a_replaced_region(phone)
    expect(phone.locator("form[data-propose] [name=text]")).to_have_value("Half af")
    expect(phone.locator("[data-live]")).to_have_count(1)


def test_a_late_answer_sent_before_the_page_has_loaded_leaves_the_box_alone(room):
    """The CI flake of the test above: the guard was set up at DOMContentLoaded, which waits for
    the last deferred script (Bootstrap, at the end of the page), while htmx is ready before
    it. A request sent in that gap came back to an unguarded region, and the box was gone.
    Holding Bootstrap back keeps the page in that gap for as long as the test needs."""
    workshop, _strategy, new_page = room
    phone = new_page(PHONE)
    phone.goto(f"{phone.base_url}/join/?code={workshop.code}")
    phone.fill("form[data-join] [name=name]", "Bram")
    held = []
    phone.route("**/bootstrap.bundle.min.js", lambda route: held.append(route))  # answered last
    phone.click("form[data-join] button[type=submit]")
    # workshop.js has run (it marks the regions it guards); DOMContentLoaded has not fired.
    phone.wait_for_function(
        "() => document.querySelector('[data-live]')?.wsGuarded === true && window.htmx"
    )
    assert phone.evaluate("document.readyState") == "interactive"
    phone.fill("form[data-propose] [name=text]", "Half af")
    _answer_late_for_a_replaced_region(phone)
    expect(phone.locator("form[data-propose] [name=text]")).to_have_value("Half af")
    expect(phone.locator("[data-live]")).to_have_count(1)
    for route in held:
        route.continue_()


def test_a_placeholder_left_empty_is_filled_by_fetching_the_region_whole(room):
    """Should htmx not find the list a placeholder stands for, the phone fetches the region
    whole instead of showing an empty list."""
    workshop, _strategy, new_page = room
    phone = new_page(PHONE)
    join(phone, workshop.code, "Bram")
    propose(phone, "Eén voorstel")
    phone.evaluate(
        """() => new Promise((resolve) => {
            const live = document.querySelector("[data-live]");
            live.querySelector("[data-shared-list]").id = "lost";  // not found by its id
            const url = live.getAttribute("hx-get").replace(/&t=[^&]*/, "");
            htmx.ajax("GET", url, {source: live, target: live, swap: "outerHTML"}).then(resolve);
        })"""
    )
    expect(phone.locator("[data-proposal-id]", has_text="Eén voorstel")).to_be_visible(timeout=LIVE)
    expect(phone.locator("[data-placeholder]")).to_have_count(0)


def test_live_counts_reach_a_phone_without_replacing_its_region(room):
    """With counts shown live, another's vote reaches a phone as just the counts: the region
    (and anything typed in it) stays, and the phone then polls from the new revision."""
    workshop, _strategy, new_page = room
    Workshop.objects.filter(pk=workshop.pk).update(votes_hidden=False)
    anna, bram = new_page(PHONE), new_page(PHONE)
    join(anna, workshop.code, "Anna")
    join(bram, workshop.code, "Bram")
    propose(anna, "Klanten blijven langer klant")
    services.round_set_phase(workshop=workshop, phase=Phase.VOTING)
    row = bram.locator("[data-proposal-id]", has_text="Klanten blijven")
    expect(row.locator("form[data-vote]")).to_be_visible(timeout=LIVE)
    expect(row.locator("[data-votes]")).to_have_text("0")
    bram.evaluate("document.querySelector('[data-live]').dataset.marked = 'yes'")
    answers = []

    def note(response):
        if "/live/" in response.url:
            answers.append((response.status, response.headers.get("hx-reswap")))

    bram.on("response", note)
    anna.locator("[data-proposal-id]", has_text="Klanten blijven").locator(
        "form[data-vote] button"
    ).click()
    expect(row.locator("[data-votes]")).to_have_text("1", timeout=LIVE)
    assert (200, "none") in answers
    expect(bram.locator("[data-live][data-marked=yes]")).to_have_count(1)  # the same region
    bram.wait_for_timeout(2_500)
    assert answers[-1] == (204, None)  # it asks from the counts' revision


def test_the_projector_reads_at_150_percent_zoom(room, shot):
    workshop, _strategy, new_page = room
    projector = new_page({"width": 1280, "height": 720})  # 1920×1080 at 150 %
    login(projector, "facilitator")
    projector.goto(f"{projector.base_url}/workshops/{workshop.pk}/screen/")
    expect(projector.locator(".ws-code")).to_be_visible()
    width = projector.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280
    shot(projector, "workshop-projector-150")


def test_live_counts_reach_the_projector_and_control_screen_with_their_lists_kept(room, shot):
    """With counts shown live, a vote reaches the projector and the control screen as their
    head and the counts: the list each holds stays in place (the same element), and its counts
    and the projector's bars are set from the data."""
    workshop, _strategy, new_page = room
    Workshop.objects.filter(pk=workshop.pk).update(votes_hidden=False)
    anna = new_page(PHONE)
    join(anna, workshop.code, "Anna")
    propose(anna, "Klanten blijven langer klant")
    propose(anna, "Minder klachten")
    services.round_set_phase(workshop=workshop, phase=Phase.VOTING)
    projector, laptop = new_page(PROJECTOR), new_page({"width": 1280, "height": 900})
    for page, path in ((projector, "screen"), (laptop, "control")):
        login(page, "facilitator")
        page.goto(f"{page.base_url}/workshops/{workshop.pk}/{path}/")
        row = page.locator("[data-proposal-id]", has_text="Klanten blijven")
        expect(row.locator("[data-votes]")).to_have_text("0")
        page.evaluate("document.querySelector('[data-shared-list]').dataset.marked = 'yes'")
    anna_row = anna.locator("[data-proposal-id]", has_text="Klanten blijven")
    anna_row.locator("form[data-vote] button").click()
    expect(anna.locator("[data-votes-left]")).to_have_attribute("data-votes-left", "2")
    anna_row.locator("form[data-vote] button").click()
    for page in (projector, laptop):
        row = page.locator("[data-proposal-id]", has_text="Klanten blijven")
        expect(row.locator("[data-votes]")).to_have_text("2", timeout=LIVE)
        expect(page.locator("[data-shared-list][data-marked=yes]")).to_have_count(1)
    bar = projector.locator("[data-proposal-id]", has_text="Klanten blijven").locator("progress")
    expect(bar).to_have_js_property("value", 2)
    expect(bar).to_have_js_property("max", 2)
    other = projector.locator("[data-proposal-id]", has_text="Minder klachten").locator("progress")
    expect(other).to_have_js_property("value", 0)
    shot(projector, "workshop-projector-live-counts")
    shot(laptop, "workshop-control-live-counts")
