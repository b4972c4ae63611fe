"""Who may open each workshop URL: the permission matrix, plain and htmx.

Facilitator pages (control, projector, timer, rounds, proposals) are for editors (admin,
facilitator); other members get 403, the summary and its CSV excepted (every member reads them).
Participant pages (`/w/<id>/…`) are for the workshop's own participants only: anyone else gets
404, so the code is the only way in. A guest sees nothing of the organisation (404), and nothing
of the workshop once it has closed.
"""

import pytest
from django.test import Client
from django.urls import reverse

from kpiplanner.workshops import services
from kpiplanner.workshops.models import Proposal, RoundKind, Workshop
from tests.factories import GoalFactory

from .conftest import join_as_guest
from .helpers import said

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
NOT_EDITORS = ["manager", "participant", "viewer"]


@pytest.fixture
def proposal(workshop, guest):
    _client, participant = guest
    return services.proposal_add(
        participant=participant, round_id=workshop.current_round_id, text="Klanten blijven"
    )


def facilitator_requests(workshop: Workshop, proposal: Proposal) -> list[tuple[str, str, dict]]:
    """(method, url, data) for every facilitator URL, the state-changing ones before `close`."""
    base = f"/workshops/{workshop.pk}"
    round_id = workshop.current_round_id
    p = proposal.pk
    requests = [
        ("get", f"/workshops/new/{workshop.strategy_id}/", {}),
        (
            "post",
            f"/workshops/new/{workshop.strategy_id}/",
            {"title": "Tweede", "round_1": "goals"},
        ),
        ("get", f"{base}/control/", {}),
        ("get", f"{base}/control/live/", {}),
        ("get", f"{base}/screen/", {}),
        ("get", f"{base}/screen/live/", {}),
        ("get", f"{base}/proposals/{p}/edit/", {}),
        ("post", f"{base}/proposals/{p}/edit/", {"text": "Klanten blijven langer"}),
        ("post", f"{base}/rounds/", {"kind": "goals"}),
        ("post", f"{base}/rounds/{round_id}/under/", {"under": ""}),
    ]
    requests += [
        ("post", f"{base}/timer/{action}/", {"minutes": "5"})
        for action in ("start", "add", "pause", "resume", "stop")
    ]
    requests += [
        ("post", f"{base}/proposals/{p}/{action}/", {"perspective": "customer", "into": ""})
        for action in ("hide", "show", "merge", "promote")
    ]
    requests += [
        ("post", f"{base}/control/{action}/", {})
        for action in (
            "close-proposals",
            "open-proposals",
            "start-voting",
            "reveal",
            "reset-votes",
            "next",
            "previous",
            "close",
        )
    ]
    return requests


def member_read_requests(workshop: Workshop) -> list[tuple[str, str, dict]]:
    base = f"/workshops/{workshop.pk}"
    return [("get", f"{base}/summary/", {}), ("get", f"{base}/summary.csv", {})]


def participant_requests(workshop: Workshop, proposal: Proposal) -> list[tuple[str, str, dict]]:
    base = f"/w/{workshop.pk}"
    return [
        ("get", f"{base}/", {}),
        ("get", f"{base}/live/", {}),
        ("post", f"{base}/propose/", {"round": workshop.current_round_id, "text": "Nog een"}),
        ("post", f"{base}/proposals/{proposal.pk}/vote/", {}),
        ("post", f"{base}/proposals/{proposal.pk}/vote/", {"action": "take-back"}),
        ("post", f"{base}/done/", {"done": "1"}),
        ("post", f"{base}/feedback/", {"text": "Klanttevredenheid 8 of hoger eind 2026"}),
    ]


def send(client, method, url, data, htmx):
    return getattr(client, method)(url, data, **(HTMX if htmx else {}))


def test_every_workshop_url_is_in_this_matrix(workshop, proposal):
    """A new workshop URL must be added here: the names below are every name the app has."""
    from kpiplanner.workshops.urls import urlpatterns

    covered = {
        "join",
        "participate",
        "participate_live",
        "propose",
        "vote",
        "done",
        "feedback",
        "new",
        "control",
        "control_live",
        "control_action",
        "timer",
        "round_add",
        "round_parent",
        "proposal_edit",
        "proposal_action",
        "screen",
        "screen_live",
        "summary",
        "summary_csv",
    }
    assert {pattern.name for pattern in urlpatterns} == covered


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_editors_may_run_the_workshop(client, members, workshop, proposal, role, htmx):
    client.force_login(members[role])
    for method, url, data in facilitator_requests(workshop, proposal) + member_read_requests(
        workshop
    ):
        response = send(client, method, url, data, htmx)
        assert 200 <= response.status_code < 400, (method, url, response.status_code)
    workshop.refresh_from_db()
    assert not workshop.is_open  # the last control closed it: the actions took effect
    assert Proposal.objects.get(pk=proposal.pk).is_promoted


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("role", NOT_EDITORS)
def test_other_roles_get_403_on_facilitator_urls_but_read_the_summary(
    client, members, workshop, proposal, role, htmx
):
    client.force_login(members[role])
    before = Workshop.objects.get(pk=workshop.pk).revision
    for method, url, data in facilitator_requests(workshop, proposal):
        assert send(client, method, url, data, htmx).status_code == 403, (method, url)
    assert Workshop.objects.get(pk=workshop.pk).revision == before  # nothing changed
    assert Workshop.objects.count() == 1
    for method, url, data in member_read_requests(workshop):
        assert send(client, method, url, data, htmx).status_code == 200, url


@pytest.mark.parametrize("role", ["admin", "facilitator", *NOT_EDITORS])
def test_members_who_have_not_joined_get_404_on_participant_urls(
    client, members, workshop, proposal, role
):
    """Except the participant page itself, which sends them to the join form, code filled in."""
    client.force_login(members[role])
    for method, url, data in participant_requests(workshop, proposal):
        response = send(client, method, url, data, False)
        if method == "get" and url == f"/w/{workshop.pk}/":
            assert response.status_code == 302
            assert response["Location"] == f"/join/?code={workshop.code}"
        else:
            assert response.status_code == 404, (role, method, url)


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("role", ["participant", "viewer"])
def test_a_member_who_joined_takes_part_as_themselves(
    client, members, workshop, proposal, role, htmx
):
    client.force_login(members[role])
    client.post("/join/", {"code": workshop.code, "name": role})
    for method, url, data in participant_requests(workshop, proposal):
        response = send(client, method, url, data, htmx)
        assert 200 <= response.status_code < 400, (method, url, response.status_code)
    assert workshop.participants.get(user=members[role]).proposals.count() == 1


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_guest_takes_part_in_their_workshop(workshop, proposal, guest, htmx):
    guest_client, participant = guest
    for method, url, data in participant_requests(workshop, proposal):
        response = send(guest_client, method, url, data, htmx)
        assert 200 <= response.status_code < 400, (method, url, response.status_code)
    assert participant.proposals.count() == 2


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_guest_gets_404_on_every_facilitator_and_organisation_url(
    workshop, proposal, guest, strategy, members, htmx
):
    guest_client, _participant = guest
    requests = facilitator_requests(workshop, proposal) + member_read_requests(workshop)
    organisation_pages = [
        "/",
        strategy.get_absolute_url(),
        "/plans/",
        reverse("planning:resume", args=[strategy.pk]),
        reverse("reviews:inbox"),
        reverse("reviews:strategy_review", args=[strategy.pk]),
        reverse("reviews:version_list", args=[strategy.pk]),
        reverse("interchange:import"),
        reverse("accounts:password_change"),
        "/admin/",
    ]
    requests += [("get", url, {}) for url in organisation_pages]
    requests += [("post", url, {}) for url in organisation_pages]
    for method, url, data in requests:
        assert send(guest_client, method, url, data, htmx).status_code == 404, (method, url)
    assert Workshop.objects.get(pk=workshop.pk).is_open
    assert guest_client.get(f"/w/{workshop.pk}/").status_code == 200  # still in the workshop


def test_a_guest_of_another_workshop_gets_404_here(workshop, proposal, strategy, members):
    other = services.workshop_create(
        strategy=strategy, by=members["admin"], title="Ander", rounds=[]
    )
    stranger, _participant = join_as_guest(other, "Vreemde")
    assert stranger.get(f"/w/{other.pk}/").status_code == 200
    for method, url, data in participant_requests(workshop, proposal):
        for htmx in (False, True):
            assert send(stranger, method, url, data, htmx).status_code == 404, (method, url)
    assert not workshop.participants.filter(name="Vreemde").exists()
    assert proposal.votes.count() == 0


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_another_organisations_member_gets_404_everywhere(
    client, outsider, workshop, proposal, htmx
):
    client.force_login(outsider)
    before = Workshop.objects.get(pk=workshop.pk).revision
    requests = (
        facilitator_requests(workshop, proposal)
        + member_read_requests(workshop)
        + participant_requests(workshop, proposal)
    )
    for method, url, data in requests:
        assert send(client, method, url, data, htmx).status_code == 404, (method, url)
    assert Workshop.objects.get(pk=workshop.pk).revision == before


def test_anonymous_visitors_log_in_for_facilitator_urls_and_get_404_on_participant_urls(
    client, workshop, proposal
):
    login = reverse("accounts:login")
    for method, url, data in facilitator_requests(workshop, proposal) + member_read_requests(
        workshop
    ):
        response = send(client, method, url, data, False)
        assert response.status_code == 302 and response.url.startswith(login), (method, url)
    for method, url, data in participant_requests(workshop, proposal):
        assert send(client, method, url, data, False).status_code == 404, (method, url)
    assert client.get("/join/").status_code == 200


def test_a_guest_loses_access_when_the_workshop_closes(workshop, proposal, guest, members):
    guest_client, _participant = guest
    assert guest_client.get(f"/w/{workshop.pk}/").status_code == 200
    services.workshop_close(workshop=workshop)
    for method, url, data in participant_requests(workshop, proposal):
        for htmx in (False, True):
            response = send(guest_client, method, url, data, htmx)
            if url.endswith("/live/"):
                # The open page's last poll thanks them and stops; it shows nothing else.
                assert response.status_code == 200
                assert b"data-ended" in response.content
                assert b"data-proposal-id" not in response.content
            else:
                assert response.status_code == 404, (method, url)
    assert proposal.votes.count() == 0
    # …while members keep the summary.
    member = Client()
    member.force_login(members["viewer"])
    assert member.get(f"/workshops/{workshop.pk}/summary/").status_code == 200


def test_a_closed_workshop_sends_its_facilitator_to_the_summary(client, members, workshop):
    services.workshop_close(workshop=workshop)
    client.force_login(members["facilitator"])
    summary = f"/workshops/{workshop.pk}/summary/"
    assert client.get(f"/workshops/{workshop.pk}/control/").url == summary
    assert client.get(f"/workshops/{workshop.pk}/screen/").url == summary
    response = client.post(f"/workshops/{workshop.pk}/control/next/")
    assert response.url == summary


def test_a_round_of_another_workshop_is_not_changed_from_this_one(
    client, members, workshop, strategy
):
    other = services.workshop_create(
        strategy=strategy, by=members["admin"], title="Ander", rounds=[services.RoundPlan("csfs")]
    )
    goal = GoalFactory(strategy=strategy)
    client.force_login(members["facilitator"])
    response = client.post(
        f"/workshops/{workshop.pk}/rounds/{other.current_round_id}/under/",
        {"under": f"goal:{goal.pk}"},
    )
    assert response.status_code == 302
    other.current_round.refresh_from_db()
    assert other.current_round.kind == RoundKind.CSFS and other.current_round.goal is None


# What each screen shows of other people's work


def test_another_workshops_proposal_is_not_reached_through_this_one(
    client, members, workshop, strategy
):
    other = services.workshop_create(
        strategy=strategy, by=members["admin"], title="Ander", rounds=[services.RoundPlan("goals")]
    )
    stranger = services.participant_join(workshop=other, name="Vreemde")
    foreign = services.proposal_add(
        participant=stranger, round_id=other.current_round_id, text="Elders"
    )
    client.force_login(members["facilitator"])
    base = f"/workshops/{workshop.pk}/proposals/{foreign.pk}"
    assert client.get(f"{base}/edit/").status_code == 404
    assert client.post(f"{base}/edit/", {"text": "Overschreven"}).status_code == 404
    for action in ("hide", "promote", "merge"):
        assert client.post(f"{base}/{action}/", {"into": str(foreign.pk)}).status_code == 302
    foreign.refresh_from_db()
    assert (foreign.text, foreign.hidden, foreign.is_promoted) == ("Elders", False, False)


def page_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def screens(workshop, members):
    """Page readers: a guest, the facilitator's control screen and the projector."""
    guest_client, participant = join_as_guest(workshop, "Anna")
    facilitator = Client()
    facilitator.force_login(members["facilitator"])
    return {
        "guest": lambda: page_of(guest_client, f"/w/{workshop.pk}/"),
        "control": lambda: page_of(facilitator, f"/workshops/{workshop.pk}/control/"),
        "projector": lambda: page_of(facilitator, f"/workshops/{workshop.pk}/screen/"),
        "summary": lambda: page_of(facilitator, f"/workshops/{workshop.pk}/summary/"),
        "participant": participant,
    }


def test_a_hidden_proposal_shows_only_on_the_control_screen(workshop, screens):
    bram = services.participant_join(workshop=workshop, name="Bram")
    proposal = services.proposal_add(
        participant=bram, round_id=workshop.current_round_id, text="Iets ongepasts"
    )
    services.proposal_set_hidden(workshop=workshop, proposal_id=proposal.pk, hidden=True)
    assert "Iets ongepasts" not in screens["guest"]()
    assert "Iets ongepasts" not in screens["projector"]()
    assert "Iets ongepasts" in screens["control"]()


def test_with_proposals_not_live_each_sees_only_their_own_until_proposing_closes(workshop, screens):
    workshop.proposals_live = False
    workshop.save(update_fields=["proposals_live"])
    bram = services.participant_join(workshop=workshop, name="Bram")
    services.proposal_add(participant=bram, round_id=workshop.current_round_id, text="Van Bram")
    services.proposal_add(
        participant=screens["participant"], round_id=workshop.current_round_id, text="Van Anna"
    )
    guest = screens["guest"]()
    assert "Van Anna" in guest and "Van Bram" not in guest
    assert "Van Bram" not in screens["projector"]()
    assert "Van Bram" in screens["control"]()
    services.round_set_phase(workshop=workshop, phase="paused")
    assert "Van Bram" in screens["guest"]()
    assert "Van Bram" in screens["projector"]()


def test_hidden_votes_show_only_on_the_control_screen_until_revealed(workshop, screens):
    anna = screens["participant"]
    proposal = services.proposal_add(
        participant=anna, round_id=workshop.current_round_id, text="Eén"
    )
    services.round_set_phase(workshop=workshop, phase="voting")
    services.vote_cast(participant=anna, proposal_id=proposal.pk)
    assert "data-votes>" not in screens["guest"]()
    assert "data-votes>" not in screens["projector"]()
    assert "<span data-votes>1</span>" in screens["control"]()
    services.round_set_phase(workshop=workshop, phase="revealed")
    assert "<span data-votes>1</span>" in screens["guest"]()
    assert "<span data-votes>1</span>" in screens["projector"]()


def test_votes_shown_live_when_the_workshop_says_so(workshop, screens):
    workshop.votes_hidden = False
    workshop.save(update_fields=["votes_hidden"])
    anna = screens["participant"]
    proposal = services.proposal_add(
        participant=anna, round_id=workshop.current_round_id, text="Eén"
    )
    services.round_set_phase(workshop=workshop, phase="voting")
    services.vote_cast(participant=anna, proposal_id=proposal.pk)
    assert "<span data-votes>1</span>" in screens["projector"]()


def test_an_anonymous_workshop_names_no_author_on_any_screen(workshop, screens):
    workshop.anonymous = True
    workshop.save(update_fields=["anonymous"])
    bram = services.participant_join(workshop=workshop, name="Bram Brouwer")
    services.proposal_add(participant=bram, round_id=workshop.current_round_id, text="Eén")
    for screen in ("guest", "control", "projector"):
        page = screens[screen]()
        assert "Eén" in page
        # (The control screen lists who joined, apart from the proposals.)
        proposals_part = page.split(f'aria-label="{said("Participants")}"')[0]
        assert "Bram Brouwer" not in proposals_part, screen
    summary = screens["summary"]()
    assert "Eén" in summary
    assert "Bram Brouwer" not in summary.split(said("Who took part"))[0]
