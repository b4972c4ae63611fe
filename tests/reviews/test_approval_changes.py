"""Issue 19, point 1: a change to an approved KPI goes back to a manager, wherever it is made.

Changing the definition of an approved KPI (the wizard's KPI form and inline edit, its
milestones, its CSF) moves it to "proposed", records who and when, and marks it "changed since
version N"; the manager's inbox lists it and the review page compares it with version N field by
field. Removing an approved KPI only asks a manager to retire it.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import KPI_DEFINITION_FIELDS, Kpi, KpiMilestone, KpiStatus
from kpiplanner.interchange.formats import version_to_json
from kpiplanner.interchange.services import kpi_set_import
from kpiplanner.reviews.models import KpiSetVersion, KpiTransition
from kpiplanner.reviews.services import ReviewError, kpi_set_approve
from tests.conftest import build_tree
from tests.factories import CsfFactory, GoalFactory, KpiFactory, StrategyFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def approved(kpi, members):
    """The `kpi` fixture approved with an owner, and its set approved as version 1."""
    kpi.status = KpiStatus.APPROVED
    kpi.owner = members["participant"]
    kpi.save()
    kpi_set_approve(strategy=kpi.csf.goal.strategy, approver=members["manager"])
    kpi.refresh_from_db()
    return kpi


def form_data(kpi, **changes) -> dict:
    """What the wizard's KPI form posts for `kpi` unchanged, with `changes` on top."""
    data = {"csf": str(kpi.csf_id), "owner": kpi.owner_id or "", "version": kpi.version}
    for name in KPI_DEFINITION_FIELDS:
        value = getattr(kpi, name)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if isinstance(value, Decimal):
            value = format(value.normalize(), "f").replace(".", ",")
        data[name] = "" if value is None else str(value)
    return data | changes


def edit_url(kpi):
    return reverse("planning:item_edit", args=["kpi", kpi.pk])


# --- a change goes back to the manager ------------------------------------------------------


def test_a_wizard_edit_of_an_approved_kpi_goes_back_to_proposed(client, members, approved):
    client.force_login(members["facilitator"])
    data = form_data(approved, statement="Oplostijd 8 uur of minder vóór Q2.", target_value="8")
    response = client.post(edit_url(approved), data, follow=True)
    assert "de wijziging gaat naar een manager voor een besluit" in response.content.decode()
    approved.refresh_from_db()
    assert approved.statement == "Oplostijd 8 uur of minder vóór Q2."
    assert approved.status == KpiStatus.PROPOSED
    assert approved.changed_since_version == 1
    change = KpiTransition.objects.filter(kpi=approved).latest("at")
    assert (change.from_status, change.to_status) == (KpiStatus.APPROVED, KpiStatus.PROPOSED)
    assert change.by == members["facilitator"] and change.at is not None
    # The next version cannot publish the unseen text: the set waits for a decision.
    with pytest.raises(ReviewError, match="wacht nog op een besluit"):
        kpi_set_approve(strategy=approved.csf.goal.strategy, approver=members["manager"])


def test_an_htmx_inline_edit_goes_back_to_proposed_too(client, members, approved):
    client.force_login(members["facilitator"])
    data = form_data(approved, name="Oplostijd in uren")
    response = client.post(edit_url(approved), data, headers=HTMX)
    assert response.status_code in {200, 302}
    approved.refresh_from_db()
    assert (approved.status, approved.changed_since_version) == (KpiStatus.PROPOSED, 1)


def test_a_new_milestone_alone_is_a_change(client, members, approved):
    client.force_login(members["facilitator"])
    data = form_data(approved) | {
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "12",
        "milestones-0-due_date": "2027-01-31",
        "milestones-0-value": "12",
    }
    assert client.post(edit_url(approved), data).status_code == 302
    approved.refresh_from_db()
    assert approved.milestones.count() == 1
    assert approved.status == KpiStatus.PROPOSED


def test_a_move_to_another_csf_is_a_change(client, members, approved):
    other = CsfFactory(goal=approved.csf.goal, title="Vriendelijk personeel")
    client.force_login(members["facilitator"])
    response = client.post(edit_url(approved), form_data(approved, csf=str(other.pk)))
    assert response.status_code == 302
    approved.refresh_from_db()
    assert (approved.csf, approved.status) == (other, KpiStatus.PROPOSED)


def test_saving_without_a_change_keeps_it_approved(client, members, approved):
    client.force_login(members["facilitator"])
    assert client.post(edit_url(approved), form_data(approved)).status_code == 302
    approved.refresh_from_db()
    assert approved.status == KpiStatus.APPROVED and approved.changed_since_version is None
    assert not KpiTransition.objects.filter(kpi=approved, to_status=KpiStatus.PROPOSED).exists()


def test_an_edit_conflict_changes_nothing(client, members, approved):
    client.force_login(members["facilitator"])
    data = form_data(approved, name="Ander", version=approved.version - 1)
    assert client.post(edit_url(approved), data).status_code == 200
    approved.refresh_from_db()
    assert approved.name != "Ander" and approved.status == KpiStatus.APPROVED


def test_a_draft_that_is_edited_stays_a_draft(client, members, kpi):
    client.force_login(members["facilitator"])
    assert client.post(edit_url(kpi), form_data(kpi, name="Nieuw")).status_code == 302
    kpi.refresh_from_db()
    assert (kpi.name, kpi.status) == ("Nieuw", KpiStatus.DRAFT)


def test_approved_but_not_yet_in_a_version_goes_back_without_a_version(client, members, kpi):
    Kpi.objects.filter(pk=kpi.pk).update(status=KpiStatus.APPROVED)
    kpi.refresh_from_db()
    client.force_login(members["facilitator"])
    client.post(edit_url(kpi), form_data(kpi, name="Nieuw"))
    kpi.refresh_from_db()
    assert kpi.status == KpiStatus.PROPOSED and kpi.changed_since_version is None


def test_an_import_leaves_approved_kpis_alone_and_brings_drafts(
    members, approved, other_organisation
):
    version = KpiSetVersion.objects.get(strategy=approved.csf.goal.strategy)
    result = kpi_set_import(data=version_to_json(version), organisation=other_organisation)
    statuses = set(
        Kpi.objects.filter(csf__goal__strategy=result.strategy).values_list("status", flat=True)
    )
    assert statuses == {KpiStatus.DRAFT}
    approved.refresh_from_db()
    assert approved.status == KpiStatus.APPROVED and approved.changed_since_version is None


# --- the manager sees it waiting, with the comparison ---------------------------------------


@pytest.fixture
def changed(client, members, approved):
    client.force_login(members["facilitator"])
    client.post(edit_url(approved), form_data(approved, statement="Nieuw", target_value="8"))
    client.logout()
    approved.refresh_from_db()
    return approved


def test_the_inbox_lists_it_as_changed_since_version_1(client, members, changed):
    client.force_login(members["manager"])
    html = client.get(reverse("reviews:inbox")).content.decode()
    assert changed.name in html and "gewijzigd sinds versie 1" in html
    assert f'data-kpi-id="{changed.pk}"' in html


def test_the_review_page_compares_the_change_with_version_1(client, members, changed):
    client.force_login(members["manager"])
    url = reverse("reviews:strategy_review", args=[changed.csf.goal.strategy_id])
    html = client.get(url).content.decode()
    node = html.split(f'id="kpi-{changed.pk}"')[1].split('class="thread-slot"')[0]
    node = node.replace("\xa0", " ")  # amounts keep their unit with a no-break space
    assert 'data-kpi-status="proposed" data-changed-since-approval="true"' in node
    assert "Gewijzigd sinds versie 1: 2 velden" in node
    assert 'data-field="statement"' in node and 'data-field="target_value"' in node
    assert "<ins>Nieuw</ins>" in node
    assert "<del>10 uur</del>" in node and "<ins>8 uur</ins>" in node
    # The manager decides on it there: approve or reject.
    assert 'name="to_status" value="approved"' in node


def test_the_redrawn_node_after_a_decision_keeps_the_comparison(client, members, changed):
    client.force_login(members["manager"])
    response = client.post(
        reverse("reviews:kpi_status", args=[changed.pk]),
        {"to_status": "approved", "version": changed.version, "next": "review"},
        headers=HTMX,
    )
    html = response.content.decode()
    assert 'data-kpi-status="approved" data-changed-since-approval="true"' in html
    assert "Gewijzigd sinds versie 1" in html


def test_approving_the_next_version_clears_the_mark(client, members, changed):
    Kpi.objects.filter(pk=changed.pk).update(status=KpiStatus.APPROVED)
    version = kpi_set_approve(strategy=changed.csf.goal.strategy, approver=members["manager"])
    assert version.number == 2
    changed.refresh_from_db()
    assert changed.changed_since_version is None


def test_the_review_page_query_count_does_not_grow_with_changed_kpis(client, members, organisation):
    def queries(size: int) -> int:
        strategy = build_tree(StrategyFactory(organisation=organisation), kpis=size)
        kpis = Kpi.objects.filter(csf__goal__strategy=strategy)
        kpis.update(status=KpiStatus.APPROVED, owner=members["participant"])
        kpi_set_approve(strategy=strategy, approver=members["manager"])
        kpis.update(status=KpiStatus.PROPOSED, changed_since_version=1, name="Anders")
        for kpi in kpis:
            KpiMilestone.objects.create(kpi=kpi, due_date="2027-01-31", value=Decimal("12"))
        url = reverse("reviews:strategy_review", args=[strategy.pk])
        client.get(url)  # warm the session and the verdict cache
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).content.decode()
        assert html.count('data-changed-since-approval="true"') == size
        return len(captured)

    client.force_login(members["manager"])
    assert queries(4) == queries(12)


# --- removing an approved KPI waits for the manager -----------------------------------------


def delete_url(kind, item):
    return reverse("planning:item_delete", args=[kind, item.pk])


@pytest.mark.parametrize("htmx", [False, True])
def test_deleting_an_approved_kpi_asks_a_manager_instead(client, members, approved, htmx):
    client.force_login(members["facilitator"])
    response = client.post(delete_url("kpi", approved), headers=HTMX if htmx else {})
    html = client.get(response.url).content.decode() if not htmx else response.content.decode()
    assert "een manager wordt gevraagd" in html
    approved.refresh_from_db()  # still there, still approved
    assert approved.status == KpiStatus.APPROVED
    assert approved.removal_requested_by == members["facilitator"]
    assert approved.removal_requested_at is not None


def test_the_delete_page_says_a_manager_decides(client, members, approved):
    client.force_login(members["facilitator"])
    html = client.get(delete_url("kpi", approved)).content.decode()
    assert "data-removal-request" in html and "Vraag om te laten vervallen" in html


def test_a_removal_request_waits_in_the_inbox_and_blocks_the_set(client, members, approved):
    client.force_login(members["facilitator"])
    client.post(delete_url("kpi", approved))
    client.force_login(members["manager"])
    html = client.get(reverse("reviews:inbox")).content.decode()
    assert approved.name in html and "data-removal-requested" in html
    url = reverse("reviews:strategy_review", args=[approved.csf.goal.strategy_id])
    node = client.get(url).content.decode().split(f'id="kpi-{approved.pk}"')[1]
    node = node.split('class="thread-slot"')[0]
    assert "data-removal-requested" in node
    assert 'value="retired"' in node and 'value="approved"' in node  # retire, or keep
    with pytest.raises(ReviewError, match="wacht nog op een besluit"):
        kpi_set_approve(strategy=approved.csf.goal.strategy, approver=members["manager"])


@pytest.mark.parametrize(("to_status", "kept"), [("approved", True), ("retired", False)])
def test_the_manager_keeps_or_retires_it(client, members, approved, to_status, kept):
    client.force_login(members["facilitator"])
    client.post(delete_url("kpi", approved))
    approved.refresh_from_db()
    client.force_login(members["manager"])
    client.post(
        reverse("reviews:kpi_status", args=[approved.pk]),
        {"to_status": to_status, "version": approved.version},
    )
    approved.refresh_from_db()
    assert approved.status == to_status and not approved.removal_requested
    assert (approved.status == KpiStatus.APPROVED) == kept
    decision = KpiTransition.objects.filter(kpi=approved).latest("at")
    assert decision.by == members["manager"] and decision.to_status == to_status


def test_a_facilitator_cannot_keep_or_retire(client, members, approved):
    client.force_login(members["facilitator"])
    client.post(delete_url("kpi", approved))
    approved.refresh_from_db()
    response = client.post(
        reverse("reviews:kpi_status", args=[approved.pk]),
        {"to_status": "retired", "version": approved.version},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("kind", ["csf", "goal"])
def test_a_csf_or_goal_with_an_approved_kpi_is_not_deleted(client, members, approved, kind):
    item = approved.csf if kind == "csf" else approved.csf.goal
    client.force_login(members["facilitator"])
    response = client.post(delete_url(kind, item), headers=HTMX)
    assert "1 goedgekeurde KPI" in response.content.decode()
    approved.refresh_from_db()
    assert approved.status == KpiStatus.APPROVED


def test_a_changed_kpi_waiting_for_a_decision_is_not_deleted(client, members, changed):
    client.force_login(members["facilitator"])
    response = client.post(delete_url("kpi", changed), follow=True)
    assert "zit in goedgekeurde versie 1" in response.content.decode()
    assert Kpi.objects.filter(pk=changed.pk).exists()


def test_a_draft_is_still_deleted_at_once(client, members, kpi):
    client.force_login(members["facilitator"])
    client.post(delete_url("kpi", kpi))
    assert not Kpi.objects.filter(pk=kpi.pk).exists()


def test_an_empty_csf_beside_approved_kpis_is_deleted(client, members, approved):
    empty = CsfFactory(goal=approved.csf.goal)
    KpiFactory(csf=empty, status=KpiStatus.REJECTED, owner=UserFactory())
    client.force_login(members["facilitator"])
    client.post(delete_url("csf", empty))
    assert not type(empty).objects.filter(pk=empty.pk).exists()


def test_a_goal_without_approved_kpis_is_deleted(client, members, approved):
    goal = GoalFactory(strategy=approved.csf.goal.strategy)
    client.force_login(members["facilitator"])
    client.post(delete_url("goal", goal))
    assert not type(goal).objects.filter(pk=goal.pk).exists()


def test_the_kpi_card_shows_the_mark_and_the_manager_keep_or_retire(client, members, approved):
    client.force_login(members["facilitator"])
    client.post(delete_url("kpi", approved))
    client.force_login(members["manager"])
    html = client.get(reverse("reviews:kpi_card", args=[approved.pk])).content.decode()
    assert "data-removal-requested" in html and "Vergelijk op de beoordelingspagina" in html
    assert "In de set houden" in html and "Laten vervallen" in html
