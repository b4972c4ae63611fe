"""The members page and an invitation, as people use them: the admin invites someone and
changes a role (htmx), the invitee opens the mailed link on a phone and makes an account.
Without console errors (the CSP) and without sideways scrolling at 390 px."""

import re
import shutil
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, PASSWORD, login, watch
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/work/shots/members")


def keep(page, shot, name):
    path = shot(page, name)
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / path.name)


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def organisation_with_members(live_server):
    admin = UserFactory(username="anna", first_name="Anna", last_name="de Vries", password=PASSWORD)
    membership = MembershipFactory(user=admin, role="admin", organisation__name="Energie Noord")
    organisation = membership.organisation
    for username, first, last, role in [
        ("bram", "Bram", "Jansen", "facilitator"),
        ("chantal", "Chantal", "Bakker", "manager"),
        ("dirk", "Dirk", "Visser", "viewer"),
    ]:
        MembershipFactory(
            organisation=organisation,
            role=role,
            user=UserFactory(
                username=username, first_name=first, last_name=last, email=f"{username}@example.nl"
            ),
        )
    return organisation


def test_an_admin_invites_and_the_invitee_joins_on_a_phone(
    chromium, page, organisation_with_members, shot
):
    errors = watch(page)
    login(page, "anna")
    page.click("[data-members-link]")
    expect(page.locator("h1")).to_contain_text("Leden van Energie Noord")

    # Change a role with htmx: the panel comes back with the new role and a line in the log.
    row = page.locator("[data-member-role=viewer]")
    row.locator("select").select_option("manager")
    row.locator(".member-role-form button").click()
    expect(page.locator("[data-member-log] li").first).to_contain_text(
        "veranderde de rol van Dirk Visser van meelezer in manager"
    )

    # Invite someone.
    page.fill("#id_email", "noor@example.nl")
    page.select_option("#id_role", "participant")
    page.click("#invite-form button[type=submit]")
    expect(page.locator("[data-invitation-id]")).to_contain_text("noor@example.nl")
    page.locator("[data-member-role=facilitator] .member-remove summary").click()
    keep(page, shot, "members-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    no_sideways_scroll(page)
    keep(page, shot, "members-390")
    assert errors == []

    link = re.search(r"https?://[^/\s]+(/accounts/invitation/\S+/)", mail.outbox[-1].body)[1]
    phone = chromium.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    invitee = phone.new_page()
    invitee_errors = watch(invitee)
    invitee.goto(page.base_url + link)
    expect(invitee.locator("h1")).to_contain_text("Word lid van Energie Noord")
    no_sideways_scroll(invitee)
    keep(invitee, shot, "invitation-390")
    invitee.fill("#id_first_name", "Noor")
    invitee.fill("#id_last_name", "de Boer")
    invitee.fill("#id_username", "noor")
    invitee.fill("#id_password1", "Lange-zin-voor-Noor")
    invitee.fill("#id_password2", "Lange-zin-voor-Noor")
    invitee.click("[data-accept]")
    invitee.wait_for_url(page.base_url + "/")
    expect(invitee.locator("main")).to_contain_text("Welkom bij Energie Noord")
    keep(invitee, shot, "invitation-joined-390")
    assert invitee_errors == []
    phone.close()

    wide = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    other = wide.new_page()
    other.goto(page.base_url + link)
    expect(other.locator("[data-invitation-refused]")).to_contain_text("al gebruikt")
    keep(other, shot, "invitation-used-1280")
    wide.close()


def test_the_invitation_page_at_1280(chromium, page, organisation_with_members, shot):
    login(page, "anna")
    page.goto(page.base_url + "/organisation/members/")
    page.fill("#id_email", "sam@example.nl")
    page.click("#invite-form button[type=submit]")
    expect(page.locator("[data-invitation-id]")).to_contain_text("sam@example.nl")
    link = re.search(r"https?://[^/\s]+(/accounts/invitation/\S+/)", mail.outbox[-1].body)[1]
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    visitor = context.new_page()
    errors = watch(visitor)
    visitor.goto(page.base_url + link)
    expect(visitor.locator("[data-invitation]")).to_be_visible()
    keep(visitor, shot, "invitation-1280")
    assert errors == []
    context.close()
    ARTIFACTS.mkdir(exist_ok=True)


def test_the_account_page_and_the_password_reset_run_clean(
    chromium, page, organisation_with_members, shot
):
    errors = watch(page)
    page.goto(page.base_url + "/accounts/login/")
    page.click("text=Wachtwoord vergeten?")
    page.fill("#id_email", "bram@example.nl")
    page.click("main form button[type=submit]")
    expect(page.locator("[data-reset-sent]")).to_be_visible()
    keep(page, shot, "password-reset-sent-1280")
    login(page, "anna")
    page.click("a[href='/accounts/']")
    expect(page.locator("h1")).to_contain_text("Je account")
    keep(page, shot, "account-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    no_sideways_scroll(page)
    keep(page, shot, "account-390")
    assert errors == []
    assert "bram" in mail.outbox[-1].body
