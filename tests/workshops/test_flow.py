"""A workshop from joining to promoting, through the views, as the people in the room do it."""

import pytest
from django.test import Client

from goals.models import Goal
from kpiplanner.workshops.models import Phase, Proposal, Vote

from .conftest import join_as_guest

pytestmark = pytest.mark.django_db


def control(client, workshop, action, **kwargs):
    return client.post(f"/workshops/{workshop.pk}/control/{action}/", **kwargs)


def test_guests_propose_vote_and_the_winner_goes_into_the_tree(client, workshop, members):
    anna, anna_p = join_as_guest(workshop, "Anna")
    bram, bram_p = join_as_guest(workshop, "Bram")
    page = anna.get(f"/w/{workshop.pk}/")
    assert page.status_code == 200
    assert b"data-propose" in page.content

    anna.post(
        f"/w/{workshop.pk}/propose/",
        {"round": workshop.current_round_id, "text": "Klanten blijven langer"},
    )
    bram.post(
        f"/w/{workshop.pk}/propose/",
        {"round": workshop.current_round_id, "text": "Minder klachten"},
    )
    first, second = Proposal.objects.order_by("created_at")
    assert (first.author, second.author) == (anna_p, bram_p)

    client.force_login(members["facilitator"])
    assert control(client, workshop, "start-voting").status_code == 302
    for voter in (anna, bram):
        assert voter.post(f"/w/{workshop.pk}/proposals/{first.pk}/vote/").status_code == 302
    bram.post(f"/w/{workshop.pk}/proposals/{second.pk}/vote/")
    assert Vote.objects.filter(proposal=first).count() == 2

    hidden = anna.get(f"/w/{workshop.pk}/")
    assert b"<span data-votes>" not in hidden.content  # hidden until revealed
    control(client, workshop, "reveal")
    shown = anna.get(f"/w/{workshop.pk}/")
    assert b"<span data-votes>2</span>" in shown.content

    response = client.post(
        f"/workshops/{workshop.pk}/proposals/{first.pk}/promote/", {"perspective": "customer"}
    )
    assert response.status_code == 302
    goal = Goal.objects.get(title="Klanten blijven langer")
    assert goal.workshop_proposal == first
    assert goal.strategy == workshop.strategy


def test_every_screen_renders_in_each_phase(client, workshop, members, guest):
    guest_client, _participant = guest
    guest_client.post(
        f"/w/{workshop.pk}/propose/", {"round": workshop.current_round_id, "text": "Idee"}
    )
    client.force_login(members["facilitator"])
    for phase in ["close-proposals", "open-proposals", "start-voting", "reveal"]:
        control(client, workshop, phase)
        for url, who in [
            (f"/w/{workshop.pk}/", guest_client),
            (f"/w/{workshop.pk}/live/", guest_client),
            (f"/workshops/{workshop.pk}/control/", client),
            (f"/workshops/{workshop.pk}/control/live/", client),
            (f"/workshops/{workshop.pk}/screen/", client),
            (f"/workshops/{workshop.pk}/screen/live/", client),
            (f"/workshops/{workshop.pk}/summary/", client),
        ]:
            response = who.get(url)
            assert response.status_code == 200, (phase, url)
            assert b"data-proposal-id" in response.content, (phase, url)
    workshop.refresh_from_db()
    assert workshop.current_round.phase == Phase.REVEALED


def test_after_closing_the_open_pages_say_goodbye_and_show_nothing(
    client, workshop, members, guest
):
    guest_client, _participant = guest
    client.force_login(members["facilitator"])
    control(client, workshop, "close")
    ended = guest_client.get(f"/w/{workshop.pk}/live/", HTTP_HX_REQUEST="true")
    assert ended.status_code == 200
    assert b"data-ended" in ended.content
    assert b"data-proposal-id" not in ended.content
    assert guest_client.get(f"/w/{workshop.pk}/").status_code == 404
    # Someone who never joined learns nothing, not even that it ended.
    assert Client().get(f"/w/{workshop.pk}/live/").status_code == 404
    to_summary = client.get(f"/workshops/{workshop.pk}/control/live/", HTTP_HX_REQUEST="true")
    assert to_summary["HX-Redirect"] == f"/workshops/{workshop.pk}/summary/"


def test_a_member_who_opens_the_link_before_joining_is_sent_to_the_join_form(
    client, workshop, members
):
    client.force_login(members["viewer"])
    response = client.get(f"/w/{workshop.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/join/?code={workshop.code}"


def test_the_summary_table_scrolls_inside_its_card_on_a_phone(client, workshop, members):
    """Four columns of proposals made the summary page 417 px wide on a 390 px phone."""
    anna, _ = join_as_guest(workshop, "Anna")
    anna.post(
        f"/w/{workshop.pk}/propose/",
        {"round": workshop.current_round_id, "text": "Klanten blijven langer klant"},
    )
    client.force_login(members["facilitator"])
    html = client.get(f"/workshops/{workshop.pk}/summary/").content.decode()
    assert '<div class="table-responsive"><table class="table' in html
