"""Issue 19, points 2, 3 and 11: approving a version is confirmed on a page that shows what it
changes and warns; the version page and the exports show the approved set, and the names of the
day of approval; KPI nodes carry their test hooks."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Kpi, KpiStatus
from kpiplanner.interchange.formats import version_to_csv, version_to_json
from kpiplanner.reports.data import handbook_data
from kpiplanner.reviews.models import KpiSetVersion
from kpiplanner.reviews.services import kpi_set_approve
from tests.conftest import approve_set, build_tree
from tests.factories import CsfFactory, GoalFactory, KpiFactory, StrategyFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def version_1(kpi, members):
    """Version 1: the `kpi` fixture approved, one KPI rejected beside it."""
    kpi.status = KpiStatus.APPROVED
    kpi.owner = members["participant"]
    kpi.save()
    KpiFactory(csf=kpi.csf, name="Wachttijd", status=KpiStatus.REJECTED)
    return kpi_set_approve(strategy=kpi.csf.goal.strategy, approver=members["manager"])


def confirm_url(strategy):
    return reverse("reviews:set_approve", args=[strategy.pk])


@pytest.fixture
def next_set(version_1, kpi):
    """After version 1: the KPI's target changed (and approved again), the rejected KPI now
    approved, a new approved KPI, and a new goal whose only CSF has only a rejected KPI."""
    strategy = version_1.strategy
    Kpi.objects.filter(pk=kpi.pk).update(target_value=8)
    Kpi.objects.filter(name="Wachttijd").update(status=KpiStatus.APPROVED)
    KpiFactory(csf=kpi.csf, name="Terugbellen binnen een dag", status=KpiStatus.APPROVED)
    lonely = CsfFactory(goal=GoalFactory(strategy=strategy, title="Meer omzet"), title="Upsell")
    KpiFactory(csf=lonely, name="Omzet per klant", status=KpiStatus.REJECTED)
    return strategy


# --- point 2: the confirmation page ---------------------------------------------------------


def test_the_confirmation_shows_what_the_new_version_adds_changes_and_removes(
    client, members, next_set, kpi
):
    # A KPI of version 1 leaves the set too.
    Kpi.objects.filter(name="Terugbellen binnen een dag").update(status=KpiStatus.REJECTED)
    Kpi.objects.filter(pk=kpi.pk).update(status=KpiStatus.RETIRED)
    client.force_login(members["manager"])
    html = client.get(confirm_url(next_set)).content.decode().replace("\xa0", " ")
    assert "Goedkeuren als versie 2" in html
    added = html.split('data-diff="added"')[1].split("</div>")[0]
    assert "Wachttijd" in added and "Meer omzet" in added
    removed = html.split('data-diff="removed"')[1].split("</div>")[0]
    assert kpi.name in removed  # retired since version 1
    assert "Terugbellen" not in html.split("data-approve-warnings")[0]  # never in the set


def test_a_changed_kpi_is_compared_field_by_field(client, members, next_set, kpi):
    client.force_login(members["manager"])
    html = client.get(confirm_url(next_set)).content.decode().replace("\xa0", " ")
    changed = html.split('data-diff="changed"')[1]
    assert f'data-kpi-id="{kpi.pk}"' in changed
    assert "<del>10 uur</del>" in changed and "<ins>8 uur</ins>" in changed


def test_the_confirmation_warns_about_goals_and_csfs_without_an_approved_kpi(
    client, members, next_set
):
    client.force_login(members["manager"])
    html = client.get(confirm_url(next_set)).content.decode()
    warnings = html.split("data-approve-warnings")[1].split("</section>")[0]
    assert "Het doel “Meer omzet” houdt geen enkele goedgekeurde KPI over." in warnings
    assert "De kritieke succesfactor “Upsell” houdt geen enkele" in warnings
    assert 'data-uncovered="goal"' in warnings and 'data-uncovered="csf"' in warnings


def test_the_first_version_lists_everything_approved_as_added(client, members, kpi):
    Kpi.objects.filter(pk=kpi.pk).update(status=KpiStatus.APPROVED)
    client.force_login(members["manager"])
    html = client.get(confirm_url(kpi.csf.goal.strategy)).content.decode()
    assert "Dit is de eerste versie" in html and "Goedkeuren als versie 1" in html
    assert kpi.name in html.split('data-diff="added"')[1]


def test_confirming_with_a_note_keeps_it_in_the_version_page_and_handbook(
    client, members, next_set
):
    client.force_login(members["manager"])
    response = approve_set(client, next_set, note="Doel 2 is erbij.\nWachttijd telt nu mee.")
    version = KpiSetVersion.objects.get(strategy=next_set, number=2)
    assert response.url == version.get_absolute_url()
    assert version.note == "Doel 2 is erbij.\nWachttijd telt nu mee."
    html = client.get(version.get_absolute_url()).content.decode()
    assert "data-version-note" in html and "Doel 2 is erbij.<br>Wachttijd telt nu mee." in html
    assert handbook_data(version)["approval_note"] == version.note
    assert version_to_json(version)["version"]["note"] == version.note


def test_without_a_note_the_version_page_shows_none(client, members, version_1):
    client.force_login(members["manager"])
    html = client.get(version_1.get_absolute_url()).content.decode()
    assert "data-version-note" not in html
    assert handbook_data(version_1)["approval_note"] == ""


def test_a_set_that_changed_after_the_page_was_shown_is_not_approved(
    client, members, next_set, kpi
):
    client.force_login(members["manager"])
    page = client.get(confirm_url(next_set)).content.decode()
    basis = re.search(r'name="basis" value="(\w+)"', page).group(1)
    Kpi.objects.filter(pk=kpi.pk).update(target_value=7)  # someone else, meanwhile
    response = client.post(confirm_url(next_set), {"basis": basis, "note": "Mijn toelichting"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "veranderd terwijl je ernaar keek" in html
    assert "Mijn toelichting" in html  # the note typed is kept
    assert "<ins>7 uur</ins>" in html.replace("\xa0", " ")  # and the page shows the set now
    assert not KpiSetVersion.objects.filter(number=2).exists()


def test_a_note_too_long_is_refused_and_kept(client, members, next_set):
    client.force_login(members["manager"])
    response = approve_set(client, next_set, note="x" * 2001)
    html = response.content.decode()
    assert response.status_code == 200 and "Houd de toelichting onder de 2000 tekens" in html
    assert "x" * 2001 in html
    assert not KpiSetVersion.objects.filter(number=2).exists()


def test_an_undecided_set_shows_why_and_no_confirm_button(client, members, version_1, kpi):
    KpiFactory(csf=kpi.csf, status=KpiStatus.PROPOSED)
    client.force_login(members["manager"])
    html = client.get(confirm_url(version_1.strategy)).content.decode()
    assert "data-approve-blocked" in html and "wacht nog op een besluit" in html
    assert "data-approve-confirm" not in html


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    ("role", "code"),
    [("admin", 200), ("manager", 200), ("facilitator", 403), ("participant", 403), ("viewer", 403)],
)
def test_the_confirmation_page_permission_matrix(client, members, next_set, role, code, htmx):
    client.force_login(members[role])
    response = client.get(confirm_url(next_set), headers=HTMX if htmx else {})
    assert response.status_code == code


def test_the_confirmation_page_for_outsiders_and_anonymous(client, outsider, next_set):
    assert client.get(confirm_url(next_set)).url.startswith(reverse("accounts:login"))
    client.force_login(outsider)
    assert client.get(confirm_url(next_set)).status_code == 404
    assert client.get(confirm_url(next_set), headers=HTMX).status_code == 404


def test_the_confirmation_page_in_english(client, members, next_set):
    client.force_login(members["manager"])
    client.cookies["django_language"] = "en"
    html = client.get(confirm_url(next_set)).content.decode()
    assert "Approve as version 2" in html and "What changes in the approved set" in html
    assert "Yes, approve as version 2" in html
    assert "The goal “Meer omzet” is left without any approved KPI." in html


def test_the_confirmation_page_queries_do_not_grow(client, members, organisation):
    def queries(size: int) -> int:
        strategy = build_tree(StrategyFactory(organisation=organisation), kpis=size)
        kpis = Kpi.objects.filter(csf__goal__strategy=strategy)
        kpis.update(status=KpiStatus.APPROVED, owner=members["participant"])
        kpi_set_approve(strategy=strategy, approver=members["manager"])
        kpis.update(name="Anders")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(confirm_url(strategy)).status_code == 200
        return len(captured)

    client.force_login(members["manager"])
    assert queries(4) == queries(12)


# --- point 3: one meaning of "the approved set" ----------------------------------------------


def test_the_version_page_shows_the_approved_set_and_the_rest_apart(client, members, version_1):
    client.force_login(members["viewer"])
    html = client.get(version_1.get_absolute_url()).content.decode()
    tree = html.split("data-approved-tree")[1].split("</section>")[0]
    against = html.split("data-decided-against")[1].split("</section>")[0]
    assert 'data-kpi-status="approved"' in tree and "Wachttijd" not in tree
    assert "Wachttijd" in against and 'data-kpi-status="rejected"' in against
    assert "Besloten: niet opgenomen" in html


def test_exports_keep_the_names_of_the_day_of_approval(client, members, version_1):
    organisation = version_1.strategy.organisation
    named = organisation.name
    organisation.name = "Nieuwe naam BV"
    organisation.save()
    manager = members["manager"]
    approver = manager.get_full_name() or manager.username
    manager.first_name, manager.last_name = "Iemand", "Anders"
    manager.save()
    version = KpiSetVersion.objects.get(pk=version_1.pk)
    data = version_to_json(version)
    assert data["organisation"]["name"] == named and data["version"]["approved_by"] == approver
    assert handbook_data(version)["organisation"] == named
    client.force_login(members["viewer"])
    html = client.get(version.get_absolute_url()).content.decode()
    assert f"Goedgekeurd door {approver}" in html and "Iemand Anders" not in html
    assert "Wachttijd" not in version_to_csv(version, "nl")


def test_a_version_from_before_the_names_were_kept_reads_them_live(members, version_1):
    snapshot = dict(version_1.snapshot)
    snapshot.pop("approval")
    snapshot.pop("organisation")
    old = KpiSetVersion.objects.create(
        strategy=version_1.strategy,
        number=2,
        snapshot=snapshot,
        approved_by=members["admin"],
        approved_at=version_1.approved_at,
    )
    assert old.approver_name == (members["admin"].get_full_name() or members["admin"].username)
    assert old.organisation_name == version_1.strategy.organisation.name
    assert old.note == ""


# --- point 11: test hooks ---------------------------------------------------------------------


def test_every_kpi_node_of_the_review_page_carries_the_hooks(client, members, version_1, kpi):
    client.force_login(members["participant"])
    url = reverse("reviews:strategy_review", args=[version_1.strategy_id])
    html = client.get(url).content.decode()
    for item in Kpi.objects.filter(csf__goal__strategy=version_1.strategy):
        assert f'data-kpi-id="{item.pk}" data-kpi-status="{item.status}"' in html
    assert "data-changed-since-approval" not in html


def test_the_strategy_page_marks_a_kpi_changed_since_approval(client, members, version_1, kpi):
    Kpi.objects.filter(pk=kpi.pk).update(status=KpiStatus.PROPOSED, changed_since_version=1)
    client.force_login(members["participant"])
    html = client.get(version_1.strategy.get_absolute_url()).content.decode()
    assert (
        f'data-kpi-id="{kpi.pk}" data-kpi-status="proposed" data-changed-since-approval="true"'
        in html
    )
    rejected = Kpi.objects.get(name="Wachttijd")
    assert f'data-kpi-id="{rejected.pk}" data-kpi-status="rejected"' in html
