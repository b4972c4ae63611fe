"""A node promoted from a workshop says so in the wizard and on the review page."""

import pytest

from kpiplanner.workshops import services
from kpiplanner.workshops.models import Phase

from .conftest import join_as_guest

pytestmark = pytest.mark.django_db


def promote_one_of_each(workshop):
    """A goal, a CSF under it and a KPI under that, each from its own round."""
    _client, guest = join_as_guest(workshop, "Anna")
    made = {}
    for kind, text in [
        ("goal", "Klanten blijven langer"),
        ("csf", "Vragen in één keer goed beantwoorden"),
        ("kpi", "Percentage vragen in één keer opgelost van 60% naar 75% eind 2027"),
    ]:
        workshop.refresh_from_db()
        round_ = workshop.current_round
        if kind == "csf":
            services.round_set_parent(round_=round_, goal=made["goal"].promoted_goal)
        if kind == "kpi":
            services.round_set_parent(round_=round_, csf=made["csf"].promoted_csf)
        proposal = services.proposal_add(participant=guest, round_id=round_.pk, text=text)
        made[kind] = services.proposal_promote(workshop=workshop, proposal_id=proposal.pk)
        services.round_set_phase(workshop=workshop, phase=Phase.REVEALED)
        if kind != "kpi":
            services.round_move(workshop=workshop, step=1)
    return made


def test_promoted_nodes_name_their_workshop_in_the_wizard_and_the_review(
    client, members, workshop, strategy
):
    made = promote_one_of_each(workshop)
    client.force_login(members["facilitator"])
    badge = f'data-workshop-origin="{workshop.pk}"'
    pages = {
        "goals step": f"/plans/{strategy.pk}/goals/",
        "csfs step": f"/plans/{strategy.pk}/csfs/",
        "kpis step": f"/plans/{strategy.pk}/kpis/",
        "review page": f"/review/{strategy.pk}/",
    }
    expected = {"goals step": 1, "csfs step": 1, "kpis step": 1, "review page": 3}
    for page, url in pages.items():
        response = client.get(url, follow=True)
        assert response.status_code == 200, page
        assert response.content.decode().count(badge) == expected[page], page
    assert made["kpi"].promoted_kpi.workshop_proposal.round.workshop == workshop
    # The note reads "From workshop …" in the member's language, linking to its summary.
    assert f"Uit workshop „{workshop.title}”" in client.get(pages["review page"]).content.decode()


@pytest.mark.parametrize("page", ["goals", "csfs", "kpis", "review"])
def test_the_note_costs_no_query_per_node(client, members, workshop, strategy, kpi, page):
    """`kpi` gives the tree every level already, so only the promoted nodes are new."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/review/{strategy.pk}/" if page == "review" else f"/plans/{strategy.pk}/{page}/"
    client.force_login(members["facilitator"])
    client.get(url, follow=True)  # the plan exists and every step is reachable
    with CaptureQueriesContext(connection) as before:
        client.get(url, follow=True)
    promote_one_of_each(workshop)
    with CaptureQueriesContext(connection) as after:
        client.get(url, follow=True)
    assert len(after) == len(before)
