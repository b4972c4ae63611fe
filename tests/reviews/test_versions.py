"""Approving a KPI set: numbered immutable versions, atomic, complete snapshot, comparison."""

import copy
from unittest import mock

import pytest
from django.urls import reverse

from indicators.models import KpiMilestone
from kpiplanner.reviews.models import ImmutableVersionError, KpiSetVersion
from kpiplanner.reviews.services import ReviewError, kpi_set_approve, kpi_status_change
from kpiplanner.reviews.snapshot import compare_snapshots, same_tree
from tests.conftest import ROLES, approve_set
from tests.factories import CsfFactory, GoalFactory, KpiFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(kpi, members):
    """The `kpi` fixture's strategy with one approved and one rejected KPI."""
    kpi.owner = UserFactory(first_name="Pieter", last_name="Jansen")
    kpi.status = "approved"
    kpi.save()
    KpiMilestone.objects.create(kpi=kpi, due_date="2026-12-31", value="12.5")
    KpiFactory(csf=kpi.csf, name="Wachttijd", status="rejected")
    return kpi.csf.goal.strategy


def test_approving_creates_version_1_then_2(decided, members, kpi):
    first = kpi_set_approve(strategy=decided, approver=members["manager"])
    assert (first.number, first.approved_by) == (1, members["manager"])
    assert first.approved_at is not None
    kpi.name = "Gemiddelde oplostijd (uren)"
    kpi.save()
    second = kpi_set_approve(strategy=decided, approver=members["admin"])
    assert second.number == 2
    first.refresh_from_db()
    assert first.snapshot["goals"][0]["csfs"][0]["kpis"][0]["name"] == "Gemiddelde oplostijd"


def test_snapshot_holds_every_definition_card_field(decided, members, kpi):
    snapshot = kpi_set_approve(strategy=decided, approver=members["manager"]).snapshot
    assert snapshot["schema"] == 1
    assert snapshot["strategy"]["name"] == "Klanten behouden"
    item = snapshot["goals"][0]["csfs"][0]["kpis"][0]
    assert item["id"] == str(kpi.pk)
    assert item["owner_name"] == "Pieter Jansen"
    assert item["target_value"] == "10" and item["baseline_value"] == "14"
    assert item["target_date"] == "2027-03-31"
    assert item["milestones"] == [{"due_date": "2026-12-31", "value": "12.5"}]
    assert isinstance(item["smart_score"], int) and set(item["smart"]) == set("SMART")
    expected = {
        "name",
        "statement",
        "definition",
        "unit",
        "direction",
        "baseline_value",
        "baseline_date",
        "target_value",
        "target_max",
        "target_date",
        "on_track_threshold",
        "off_track_threshold",
        "frequency",
        "data_source",
        "owner_id",
        "owner_name",
        "owner_accepted",
        "indicator_type",
        "customer_facing",
        "rationale",
        "status",
        "order",
        "template_slug",
        "milestones",
    }
    assert expected <= set(item)
    assert snapshot["counts"] == {"goals": 1, "csfs": 1, "kpis": 2, "approved_kpis": 1}


def test_set_with_undecided_kpis_is_refused(decided, members, kpi):
    KpiFactory(csf=kpi.csf, status="proposed")
    with pytest.raises(ReviewError):
        kpi_set_approve(strategy=decided, approver=members["manager"])
    assert not KpiSetVersion.objects.exists()


def test_set_without_approved_kpi_is_refused(members, kpi):
    kpi.status = "rejected"
    kpi.save()
    with pytest.raises(ReviewError):
        kpi_set_approve(strategy=kpi.csf.goal.strategy, approver=members["manager"])


def test_unchanged_set_is_not_approved_twice(decided, members):
    kpi_set_approve(strategy=decided, approver=members["manager"])
    with pytest.raises(ReviewError, match="versie 1"):
        kpi_set_approve(strategy=decided, approver=members["manager"])
    assert KpiSetVersion.objects.count() == 1


def test_approving_is_atomic_a_failure_halfway_leaves_no_version(decided, members):
    original = KpiSetVersion.save

    def insert_then_fail(self, *args, **kwargs):
        original(self, *args, **kwargs)
        raise RuntimeError("disk full")

    with mock.patch.object(KpiSetVersion, "save", insert_then_fail), pytest.raises(RuntimeError):
        kpi_set_approve(strategy=decided, approver=members["manager"])
    assert not KpiSetVersion.objects.exists()
    assert kpi_set_approve(strategy=decided, approver=members["manager"]).number == 1


class TestImmutability:
    def test_save_of_an_existing_version_is_refused(self, decided, members):
        version = kpi_set_approve(strategy=decided, approver=members["manager"])
        version.snapshot = {"tampered": True}
        with pytest.raises(ImmutableVersionError):
            version.save()
        version.refresh_from_db()
        assert "tampered" not in version.snapshot

    def test_queryset_update_and_delete_are_refused(self, decided, members):
        version = kpi_set_approve(strategy=decided, approver=members["manager"])
        with pytest.raises(ImmutableVersionError):
            KpiSetVersion.objects.filter(pk=version.pk).update(number=7)
        with pytest.raises(ImmutableVersionError):
            KpiSetVersion.objects.filter(pk=version.pk).delete()
        with pytest.raises(ImmutableVersionError):
            version.delete()
        version.refresh_from_db()
        assert version.number == 1

    def test_admin_cannot_change_add_or_delete(self, client, decided, members):
        version = kpi_set_approve(strategy=decided, approver=members["manager"])
        staff = UserFactory(username="root", is_staff=True, is_superuser=True)
        client.force_login(staff)
        change_url = reverse("admin:reviews_kpisetversion_change", args=[version.pk])
        page = client.get(change_url)
        assert page.status_code == 200  # readable
        assert 'name="_save"' not in page.content.decode()
        response = client.post(change_url, {"number": 9, "snapshot": "{}"})
        assert response.status_code == 403
        assert client.post(reverse("admin:reviews_kpisetversion_add"), {}).status_code == 403
        delete_url = reverse("admin:reviews_kpisetversion_delete", args=[version.pk])
        assert client.post(delete_url, {"post": "yes"}).status_code == 403
        version.refresh_from_db()
        assert (version.number, version.snapshot["schema"]) == (1, 1)


def test_comparison_lists_added_removed_and_changed_fields(decided, members, kpi):
    first = kpi_set_approve(strategy=decided, approver=members["manager"])
    rejected = kpi.csf.kpis.get(name="Wachttijd")
    kpi_status_change(
        kpi=rejected, to_status="proposed", actor=members["facilitator"], role="facilitator"
    )
    rejected.refresh_from_db()
    rejected.target_value = 5
    rejected.statement = "Wachttijd onder de 5 minuten vóór eind 2027."
    rejected.save()
    kpi_status_change(kpi=rejected, to_status="approved", actor=members["manager"], role="manager")
    new_csf = CsfFactory(goal=kpi.csf.goal, title="Nieuwe factor")
    second = kpi_set_approve(strategy=decided, approver=members["manager"])
    comparison = compare_snapshots(first.snapshot, second.snapshot)
    assert [(n.kind, n.title) for n in comparison.added] == [("csf", new_csf.title)]
    assert comparison.removed == []
    [changed] = comparison.changed
    assert changed.title == "Wachttijd"
    fields = {f.name: (f.old, f.new) for f in changed.fields}
    assert fields["status"] == ("Afgewezen", "Goedgekeurd")
    assert fields["target_value"] == ("10\u00a0uur", "5\u00a0uur")
    assert "statement" in fields
    reverse_cmp = compare_snapshots(second.snapshot, first.snapshot)
    assert [n.title for n in reverse_cmp.removed] == ["Nieuwe factor"]


def test_a_kpi_added_or_removed_outside_the_approved_set_shows_its_status(
    client, decided, members, kpi
):
    """Added to the tree is not added to the set: a rejected newcomer says it is rejected."""
    first = kpi_set_approve(strategy=decided, approver=members["manager"])
    KpiFactory(csf=kpi.csf, name="Nieuwkomer", status="rejected")
    second = kpi_set_approve(strategy=decided, approver=members["manager"])
    [added] = compare_snapshots(first.snapshot, second.snapshot).added
    assert (added.title, added.status) == ("Nieuwkomer", "Afgewezen")
    [removed] = compare_snapshots(second.snapshot, first.snapshot).removed
    assert removed.status == "Afgewezen"
    client.force_login(members["manager"])
    url = reverse("reviews:version_compare", args=[decided.pk]) + "?old=1&new=2"
    html = client.get(url).content.decode()
    badge = '<span class="badge text-bg-secondary">Afgewezen</span>'
    assert f"<strong>Nieuwkomer</strong> {badge}" in html


def test_same_tree_leaves_out_only_what_the_engine_judged(decided, members):
    snapshot = kpi_set_approve(strategy=decided, approver=members["manager"]).snapshot
    rejudged = copy.deepcopy(snapshot)
    item = rejudged["goals"][0]["csfs"][0]["kpis"][0]
    item["smart_score"] -= 1
    item["smart"]["T"] = "weak"
    assert same_tree(snapshot, rejudged)
    # Two versions side by side still show that the score moved.
    [changed] = compare_snapshots(snapshot, rejudged).changed
    assert [f.name for f in changed.fields] == ["smart_score"]
    item["rationale"] = "Klanten haken af als ze lang wachten."
    assert not same_tree(snapshot, rejudged)


# --- the views ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "code"),
    [("admin", 302), ("manager", 302), ("facilitator", 403), ("participant", 403), ("viewer", 403)],
)
def test_approve_set_permission_matrix(client, members, decided, role, code):
    client.force_login(members[role])
    url = reverse("reviews:set_approve", args=[decided.pk])
    assert client.get(url).status_code == (200 if code == 302 else code)
    response = approve_set(client, decided)
    assert response.status_code == code
    assert KpiSetVersion.objects.exists() == (code == 302)


def test_approve_set_outsider_and_anonymous(client, outsider, decided):
    url = reverse("reviews:set_approve", args=[decided.pk])
    assert client.post(url, {"basis": "x"}).url.startswith(reverse("accounts:login"))
    assert client.get(url).url.startswith(reverse("accounts:login"))
    client.force_login(outsider)
    assert client.post(url, {"basis": "x"}).status_code == 404
    assert client.get(url).status_code == 404
    assert client.put(url).status_code == 405


def test_approve_set_redirects_to_the_version_page(client, members, decided):
    client.force_login(members["manager"])
    url = reverse("reviews:set_approve", args=[decided.pk])
    basis = client.get(url).context["basis"]
    response = client.post(url, {"basis": basis}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("reviews:version_detail", args=[decided.pk, 1])
    assert "goedgekeurd als versie 1" in response.content.decode()


def test_refused_set_approval_shows_the_reason(client, members, decided, kpi):
    KpiFactory(csf=kpi.csf, status="proposed")
    client.force_login(members["manager"])
    response = approve_set(client, decided)
    assert "wacht nog op een besluit" in response.content.decode()


@pytest.fixture
def two_versions(decided, members, kpi):
    kpi_set_approve(strategy=decided, approver=members["manager"])
    kpi.name = "Oplostijd in uren"
    kpi.save()
    kpi_set_approve(strategy=decided, approver=members["manager"])
    return decided


def version_urls(strategy):
    return [
        reverse("reviews:version_list", args=[strategy.pk]),
        reverse("reviews:version_detail", args=[strategy.pk, 1]),
        reverse("reviews:version_compare", args=[strategy.pk]),
        reverse("reviews:version_compare", args=[strategy.pk]) + "?old=1&new=2",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_versions(client, members, two_versions, role):
    client.force_login(members[role])
    for url in version_urls(two_versions):
        assert client.get(url).status_code == 200, url


def test_versions_hidden_from_outsider_and_anonymous(client, outsider, two_versions):
    for url in version_urls(two_versions):
        assert client.get(url).url.startswith(reverse("accounts:login"))
    client.force_login(outsider)
    for url in version_urls(two_versions):
        assert client.get(url).status_code == 404


def test_version_page_shows_the_snapshot_not_the_live_tree(client, members, two_versions, kpi):
    kpi.name = "Live naam"
    kpi.save()
    client.force_login(members["viewer"])
    html = client.get(reverse("reviews:version_detail", args=[two_versions.pk, 1])).content.decode()
    assert "Gemiddelde oplostijd" in html and "Live naam" not in html
    missing = reverse("reviews:version_detail", args=[two_versions.pk, 9])
    assert client.get(missing).status_code == 404


def test_compare_page_shows_changed_field(client, members, two_versions):
    client.force_login(members["viewer"])
    response = client.get(reverse("reviews:version_compare", args=[two_versions.pk]))
    html = response.content.decode()
    assert "Oplostijd in uren" in html and "Gemiddelde oplostijd" in html
    assert [n.title for n in response.context["comparison"].changed] == ["Oplostijd in uren"]


@pytest.mark.parametrize("query", ["?old=1&new=1", "?old=1&new=99", "?old=x&new=2", "?old=1"])
def test_compare_with_bad_input_is_a_form_error(client, members, two_versions, query):
    client.force_login(members["viewer"])
    url = reverse("reviews:version_compare", args=[two_versions.pk]) + query
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert response.context["form"].errors


def test_a_changed_kpi_outside_the_approved_set_shows_its_status(decided, members, kpi):
    first = kpi_set_approve(strategy=decided, approver=members["manager"])
    rejected = kpi.csf.kpis.get(name="Wachttijd")
    rejected.name = "Wachttijd aan de telefoon"
    rejected.save()
    second = kpi_set_approve(strategy=decided, approver=members["manager"])
    [changed] = compare_snapshots(first.snapshot, second.snapshot).changed
    assert (changed.title, changed.status) == ("Wachttijd aan de telefoon", "Afgewezen")


def test_a_goal_without_csfs_says_so_on_the_version_page(client, members, decided):
    """Not a tree line leading nowhere: the goal's empty branch says what is missing."""
    GoalFactory(strategy=decided, title="Nog zonder succesfactor", order=9)
    client.force_login(members["manager"])
    approve_set(client, decided)
    html = client.get(reverse("reviews:version_detail", args=[decided.pk, 1])).content.decode()
    assert "Nog zonder succesfactor" in html
    assert html.count("data-goal-without-csf") == 1
    assert "Geen kritieke succesfactor bij dit doel in deze versie." in html
