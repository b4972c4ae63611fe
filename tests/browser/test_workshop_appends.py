"""A proposal reaches the other phones as a row appended to the list each holds: the list (and
what is typed on the page) stays, and a list that is not the one the rows follow on is fetched
anew instead of getting gaps or doubles."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM_ARGS  # noqa: F401
from tests.browser.test_workshop_flow import LIVE, PHONE, join, propose, room  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_proposal_is_appended_to_the_list_a_phone_holds(room):  # noqa: F811
    workshop, _strategy, new_page = room
    anna, bram = new_page(PHONE), new_page(PHONE)
    join(anna, workshop.code, "Anna")
    join(bram, workshop.code, "Bram")
    propose(anna, "Klanten blijven langer klant")
    expect(bram.locator("[data-proposal-id]")).to_have_count(1, timeout=LIVE)
    bram.evaluate("document.querySelector('[data-shared-list]').dataset.marked = 'yes'")
    bram.fill("form[data-propose] [name=text]", "Nog niet af")
    answers = []
    bram.on(
        "response",
        lambda r: answers.append(r.headers.get("hx-reswap")) if "/live/" in r.url else None,
    )

    propose(anna, "Minder klachten over facturen")
    row = bram.locator("[data-proposal-id]", has_text="Minder klachten")
    expect(row).to_be_visible(timeout=LIVE)
    assert "none" in answers  # the rows came out of band; the region stayed
    expect(bram.locator("[data-shared-list][data-marked=yes]")).to_have_count(1)
    expect(bram.locator("#ws-list-count")).to_have_text("2 voorstellen")
    expect(bram.locator("form[data-propose] [name=text]")).to_have_value("Nog niet af")
    expect(row.locator("[data-own-label]")).to_be_hidden()  # Anna's, not Bram's
    # The list names its new revision: the next polls are "nothing changed".
    revision = workshop.__class__.objects.get(pk=workshop.pk).list_revision
    expect(bram.locator(f"#ws-list-{revision}[data-shared-list='{revision}']")).to_have_count(1)
    expect(bram.locator(f"#ws-head-{revision}")).to_have_count(1)

    # Bram's own proposal: the region comes back with the list kept and his row appended.
    bram.click("form[data-propose] button[type=submit]")
    own = bram.locator("[data-proposal-id]", has_text="Nog niet af")
    expect(own).to_be_visible()
    expect(own.locator("[data-own-label]")).to_be_visible()
    expect(bram.locator("[data-shared-list][data-marked=yes]")).to_have_count(1)
    expect(bram.locator("[data-proposal-id]")).to_have_count(3)
    expect(anna.locator("[data-proposal-id]")).to_have_count(3, timeout=LIVE)


def test_rows_for_another_list_than_the_one_held_fetch_the_region_anew(room):  # noqa: F811
    workshop, _strategy, new_page = room
    anna, bram = new_page(PHONE), new_page(PHONE)
    join(anna, workshop.code, "Anna")
    join(bram, workshop.code, "Bram")
    propose(anna, "Eerste")
    expect(bram.locator("[data-proposal-id]")).to_have_count(1, timeout=LIVE)
    # As if an answer had brought Bram's list further than the header his poll sent said.
    bram.evaluate(
        """() => {
            document.addEventListener("htmx:configRequest", (event) => {
                if (event.detail.headers["X-Workshop-List"] && !window.skewed) {
                    window.skewed = true;
                    const list = document.querySelector("[data-shared-list]");
                    event.detail.headers["X-Workshop-List"] = String(
                        Number(list.getAttribute("data-shared-list")) - 1);
                }
            });  // after workshop.js has set the header
        }"""
    )
    propose(anna, "Tweede")
    expect(bram.locator("[data-proposal-id]")).to_have_count(2, timeout=LIVE)
    bram.wait_for_timeout(1_500)
    expect(bram.locator("[data-proposal-id]", has_text="Eerste")).to_have_count(1)
    expect(bram.locator("[data-proposal-id]", has_text="Tweede")).to_have_count(1)
