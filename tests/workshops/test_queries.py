"""The live screens and the summary read in a fixed number of queries, whatever the workshop's
size; the poll that finds nothing changed costs one."""

import contextlib

import pytest
from django.test import Client

from kpiplanner.workshops import services
from kpiplanner.workshops.live import poll_token
from kpiplanner.workshops.models import Phase, Workshop
from tests.factories import CsfFactory, GoalFactory

from .conftest import join_as_guest

pytestmark = pytest.mark.django_db

SIZES = [(3, 2), (30, 20)]  # (proposals per round, participants)


def populate(workshop, *, proposals: int, people: int, facilitator):
    """Every round with `proposals` proposals from `people` guests who each spend their votes,
    a few proposals promoted, one hidden and one merged; the current round revealed.
    Returns a guest's client."""
    guests = [join_as_guest(workshop, f"Gast {n}") for n in range(people)]
    goal = GoalFactory(strategy=workshop.strategy)
    csf = CsfFactory(goal=goal)
    for round_ in list(workshop.rounds.all()):
        services.round_set_parent(round_=round_, goal=goal, csf=csf)
    rounds = list(workshop.rounds.order_by("order"))
    for index, round_ in enumerate(rounds):
        if index:
            services.round_move(workshop=workshop, step=1)
        made = [
            services.proposal_add(
                participant=guests[n % people][1],
                round_id=round_.pk,
                text=f"Klanttevredenheid {n} op 8 of hoger eind 2026",
            )
            for n in range(proposals)
        ]
        services.round_set_phase(workshop=workshop, phase=Phase.VOTING)
        for n, (_client, participant) in enumerate(guests):
            for dot in range(workshop.dots_per_person):
                target = made[(n + dot) % proposals]
                with contextlib.suppress(services.WorkshopError):
                    services.vote_cast(participant=participant, proposal_id=target.pk)
        for proposal in made[: max(1, proposals // 3)]:
            services.proposal_promote(workshop=workshop, proposal_id=proposal.pk)
        services.proposal_set_hidden(workshop=workshop, proposal_id=made[-1].pk, hidden=True)
        services.proposal_merge(workshop=workshop, proposal_id=made[-2].pk, into_id=made[-3].pk)
        services.participant_set_done(participant=guests[0][1], done=True)
        services.round_set_phase(workshop=workshop, phase=Phase.REVEALED)
    services.timer_control(workshop=workshop, action="start", seconds=300)
    return guests[0][0]


@pytest.fixture
def facilitator(members):
    client = Client()
    client.force_login(members["facilitator"])
    return client


PAGES = {
    # The live region's shared parts are rendered once per revision (not cached yet here).
    "participant live region": ("guest", "/w/{pk}/live/", 7),
    "participant page": ("guest", "/w/{pk}/", 8),
    # Its rows too, once per list revision and facilitator (here the first time: +2).
    "control live region": ("facilitator", "/workshops/{pk}/control/live/", 12),
    # The pages with the site's header also count what waits for the member (2 queries).
    "control page": ("facilitator", "/workshops/{pk}/control/", 14),
    # Its list is rendered once per list revision and shared (here the first time: +2).
    "projector live region": ("facilitator", "/workshops/{pk}/screen/live/", 9),
    "projector page": ("facilitator", "/workshops/{pk}/screen/", 7),
    "summary": ("facilitator", "/workshops/{pk}/summary/", 9),
    "summary CSV": ("facilitator", "/workshops/{pk}/summary.csv", 7),
}


@pytest.mark.parametrize(("proposals", "people"), SIZES, ids=["small", "large"])
@pytest.mark.parametrize("page", list(PAGES))
def test_query_counts_do_not_grow_with_the_workshop(
    workshop, facilitator, django_assert_num_queries, page, proposals, people
):
    guest = populate(workshop, proposals=proposals, people=people, facilitator=facilitator)
    who, url, expected = PAGES[page]
    client = {"guest": guest, "facilitator": facilitator}[who]
    headers = {"HX-Request": "true"} if "live region" in page else {}
    with django_assert_num_queries(expected):
        response = client.get(url.format(pk=workshop.pk), headers=headers)
    assert response.status_code == 200
    if "csv" not in url:
        assert response.content.count(b"data-proposal-id") >= proposals - 2


# The poll: "has anything changed since revision N?"

POLLS = {
    "participant": ("guest", "/w/{pk}/live/", "p{participant}"),
    "control": ("facilitator", "/workshops/{pk}/control/live/", "c{user}"),
    "projector": ("facilitator", "/workshops/{pk}/screen/live/", "s{user}"),
}


@pytest.fixture
def pollers(workshop, members, facilitator):
    guest, participant = join_as_guest(workshop, "Anna")
    services.proposal_add(participant=participant, round_id=workshop.current_round_id, text="Eén")
    clients = {"guest": guest, "facilitator": facilitator}
    who = {"participant": participant.pk, "user": members["facilitator"].pk}
    return clients, who


def poll_url(workshop, screen, who, *, rev=None, token=None):
    _client, url, viewer = POLLS[screen]
    viewer = viewer.format(**who)
    field = "content_revision" if screen == "participant" else "revision"
    rev = getattr(Workshop.objects.get(pk=workshop.pk), field) if rev is None else rev
    token = poll_token(workshop.pk, viewer) if token is None else token
    return f"{url.format(pk=workshop.pk)}?rev={rev}&who={viewer}&t={token}"


@pytest.mark.parametrize("screen", list(POLLS))
def test_an_unchanged_revision_answers_204_with_one_query(
    workshop, pollers, screen, django_assert_num_queries
):
    clients, who = pollers
    client = clients[POLLS[screen][0]]
    url = poll_url(workshop, screen, who)
    with django_assert_num_queries(1):
        response = client.get(url)
    assert response.status_code == 204
    assert response.content == b""
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("screen", list(POLLS))
def test_a_page_as_rendered_polls_with_a_token_that_answers_204(workshop, pollers, screen):
    clients, _who = pollers
    client = clients[POLLS[screen][0]]
    page = client.get(POLLS[screen][1].format(pk=workshop.pk)).content.decode()
    live = page.split('hx-get="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert client.get(live).status_code == 204


@pytest.mark.parametrize("screen", list(POLLS))
def test_a_changed_revision_gets_the_region_anew(workshop, pollers, screen):
    clients, who = pollers
    client = clients[POLLS[screen][0]]
    url = poll_url(workshop, screen, who)
    services.timer_control(workshop=workshop, action="start", seconds=60)
    response = client.get(url)
    assert response.status_code == 200
    field = "content_revision" if screen == "participant" else "revision"
    revision = getattr(Workshop.objects.get(pk=workshop.pk), field)
    assert f'data-revision="{revision}"'.encode() in response.content
    assert b"data-timer" in response.content


@pytest.mark.parametrize("screen", list(POLLS))
@pytest.mark.parametrize(
    "change",
    ["bad token", "another viewer's token", "no rev", "rev not a number", "rev too long"],
)
def test_anything_but_a_valid_unchanged_poll_goes_to_the_view(workshop, pollers, screen, change):
    clients, who = pollers
    client = clients[POLLS[screen][0]]
    field = "content_revision" if screen == "participant" else "revision"
    revision = getattr(Workshop.objects.get(pk=workshop.pk), field)
    url = {
        "bad token": poll_url(workshop, screen, who, token="0" * 24),
        "another viewer's token": poll_url(
            workshop, screen, who, token=poll_token(workshop.pk, "p999999")
        ),
        "no rev": poll_url(workshop, screen, who).replace(f"rev={revision}&", ""),
        "rev not a number": poll_url(workshop, screen, who, rev=f"{revision}.0"),
        "rev too long": poll_url(workshop, screen, who, rev="0" * 30 + str(revision)),
    }[change]
    response = client.get(url)
    assert response.status_code == 200
    assert b"data-live" in response.content


def test_a_valid_token_opens_nothing_the_view_would_refuse(workshop, pollers, outsider):
    """The token only says "nothing changed"; once something has, the view checks access."""
    _clients, who = pollers
    for screen in POLLS:
        stranger = Client()
        url = poll_url(workshop, screen, who, rev=1)  # an old revision: goes to the view
        expected = 404 if screen == "participant" else 302
        assert stranger.get(url).status_code == expected
        stranger.force_login(outsider)
        assert stranger.get(url).status_code == 404


def test_a_poll_for_a_missing_workshop_goes_to_the_view(client):
    pk = "00000000-0000-0000-0000-000000000000"
    url = f"/w/{pk}/live/?rev=1&who=p1&t={poll_token(pk, 'p1')}"
    assert client.get(url).status_code == 404


def test_a_closed_workshops_poll_ends_the_guests_page(workshop, pollers):
    clients, who = pollers
    url = poll_url(workshop, "participant", who)
    services.workshop_close(workshop=workshop)
    response = clients["guest"].get(url)
    assert response.status_code == 200
    assert b"data-ended" in response.content
    assert b"hx-get" not in response.content  # no more polling


def test_a_participants_changed_poll_reuses_the_shared_list(
    workshop, facilitator, django_assert_num_queries
):
    """Two phones asking for the same new revision: the second renders only its own part."""
    guest = populate(workshop, proposals=30, people=5, facilitator=facilitator)
    other, _participant = join_as_guest(workshop, "Bram")
    headers = {"HX-Request": "true"}
    first = guest.get(f"/w/{workshop.pk}/live/", headers=headers)
    # The session, the workshop, the participant, their votes and their proposals.
    with django_assert_num_queries(5):
        second = other.get(f"/w/{workshop.pk}/live/", headers=headers)
    assert first.content.count(b"data-proposal-id") == second.content.count(b"data-proposal-id")
    # Shared rows carry no one's CSRF token (htmx sends it as a header): only the person's own
    # two forms (propose, done) do.
    assert second.content.count(b"csrfmiddlewaretoken") == 2


def test_in_a_busy_room_a_phone_may_get_a_half_second_old_list_and_catches_up(
    workshop, pollers, settings
):
    """Within WORKSHOP_SHARED_STALE_SECONDS a changed poll is served the rendering at hand,
    with that rendering's revision, so the next poll asks again; the person's own proposals
    are always in the answer to their own action (below the list when it is too old)."""
    settings.WORKSHOP_SHARED_STALE_SECONDS = 60
    clients, who = pollers
    guest = clients["guest"]
    headers = {"HX-Request": "true"}
    url = poll_url(workshop, "participant", who, rev=0)  # an old page: the region anew
    first = guest.get(url, headers=headers)
    served = Workshop.objects.get(pk=workshop.pk).content_revision
    assert f'data-revision="{served}"'.encode() in first.content
    other, participant = join_as_guest(workshop, "Bram")
    services.proposal_add(participant=participant, round_id=workshop.current_round_id, text="Twee")
    stale = guest.get(url, headers=headers)
    assert b"Twee" not in stale.content
    assert f'data-revision="{served}"'.encode() in stale.content  # so it asks again
    # Bram's own proposals are in the answer to his own action.
    own = other.post(
        f"/w/{workshop.pk}/propose/",
        {"round": workshop.current_round_id, "text": "Drie"},
        headers=headers,
    )
    assert b"Twee" in own.content and b"Drie" in own.content
