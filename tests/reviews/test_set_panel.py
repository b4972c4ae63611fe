"""Approving the set as a whole from the review page: nothing new to approve, htmx and plain."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from csf.models import CriticalSuccessFactor
from goals.models import Strategy
from indicators.models import Kpi, KpiMilestone, KpiStatus, KpiTemplate
from kpiplanner.reviews.models import KpiSetVersion
from kpiplanner.reviews.queries import judge, review_queryset, tree_health
from kpiplanner.reviews.services import ReviewError, kpi_set_approve
from kpiplanner.reviews.snapshot import build_snapshot, snapshot_queryset
from tests.conftest import approve_set, build_tree
from tests.factories import CsfFactory, GoalFactory, KpiFactory, StrategyFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def decided(kpi):
    """The `kpi` fixture's strategy with one approved and one rejected KPI."""
    kpi.status = "approved"
    kpi.owner = UserFactory(first_name="Pieter", last_name="Jansen")
    kpi.save()
    KpiFactory(csf=kpi.csf, name="Wachttijd", status="rejected")
    return kpi.csf.goal.strategy


def make_template(slug: str) -> KpiTemplate:
    return KpiTemplate.objects.create(
        slug=slug,
        area="customers",
        name_nl="Oplostijd",
        name_en="Resolution time",
        definition_nl="Gemiddelde tijd tot een vraag is opgelost.",
        definition_en="Average time until a question is resolved.",
        unit="hours",
        direction="lower",
        frequency="monthly",
        indicator_type="lagging",
    )


def review(client, strategy, **headers):
    return client.get(reverse("reviews:strategy_review", args=[strategy.pk]), headers=headers)


def approve(client, strategy, *, htmx=False):
    return approve_set(client, strategy, headers=HTMX if htmx else {})


def panel(html: str) -> str:
    return html.split('id="set-panel"')[1].split("</section>")[0]


def approve_button(html: str) -> str:
    """The panel's approve control: a link to the confirmation page, or a disabled button."""
    part = panel(html)
    start = part.index('class="btn btn-success')
    return part[start : part.index(">", start)]


def kpi_items(snapshot: dict, kpi=None) -> list[dict]:
    """The snapshot's KPI items (the live dicts, to edit), or only `kpi`'s."""
    items = [k for g in snapshot["goals"] for c in g["csfs"] for k in c["kpis"]]
    return [k for k in items if kpi is None or k["id"] == str(kpi.pk)]


# --- nothing changed since the last version ------------------------------------------------


def test_button_is_offered_for_a_decided_set_without_version(client, members, decided):
    client.force_login(members["manager"])
    html = review(client, decided).content.decode()
    assert "disabled" not in approve_button(html)
    assert "Goedkeuren als versie 1" in panel(html)


def test_unchanged_set_disables_the_button_and_says_why(client, members, decided):
    kpi_set_approve(strategy=decided, approver=members["manager"])
    client.force_login(members["manager"])
    html = review(client, decided).content.decode()
    assert "disabled" in approve_button(html)
    assert 'aria-describedby="set-panel-state"' in approve_button(html)
    assert "Geen wijzigingen sinds versie 1." in panel(html)
    assert "Goedkeuren als versie 2" in panel(html)


def test_every_role_reads_that_nothing_changed_only_approvers_get_the_button(
    client, members, decided
):
    kpi_set_approve(strategy=decided, approver=members["manager"])
    client.force_login(members["participant"])
    html = review(client, decided).content.decode()
    assert "Geen wijzigingen sinds versie 1." in panel(html)
    assert "<button" not in panel(html)


@pytest.mark.parametrize(
    "change",
    [
        "name",
        "milestone",
        "owner",
        "template",
        "csf_title",
        "goal_period",
        "strategy_mission",
        "retired",
        "new_rejected_kpi",
        "deleted_kpi",
    ],
)
def test_any_change_to_the_set_enables_the_next_version(client, members, decided, kpi, change):
    kpi_set_approve(strategy=decided, approver=members["manager"])
    approved = Kpi.objects.filter(pk=kpi.pk)
    if change == "name":
        approved.update(name="Oplostijd in uren")  # a bulk update: no timestamp moves
    elif change == "milestone":
        KpiMilestone.objects.create(kpi=kpi, due_date="2027-06-30", value=Decimal("12"))
    elif change == "owner":
        approved.update(owner=UserFactory())
    elif change == "template":
        approved.update(template=make_template("oplostijd"))
    elif change == "csf_title":
        CriticalSuccessFactor.objects.filter(pk=kpi.csf_id).update(title="Snel oplossen")
    elif change == "goal_period":
        kpi.csf.goal.period_end = datetime.date(2027, 12, 31)
        kpi.csf.goal.save()
    elif change == "strategy_mission":
        Strategy.objects.filter(pk=decided.pk).update(mission="Anders")
    elif change == "retired":
        Kpi.objects.filter(name="Wachttijd").update(status=KpiStatus.RETIRED)
    elif change == "new_rejected_kpi":
        KpiFactory(csf=CsfFactory(goal=GoalFactory(strategy=decided)), status="rejected")
    elif change == "deleted_kpi":
        Kpi.objects.filter(name="Wachttijd").delete()
    client.force_login(members["manager"])
    html = review(client, decided).content.decode()
    assert "disabled" not in approve_button(html), change
    assert "Geen wijzigingen" not in panel(html)
    assert approve(client, decided).status_code == 302
    assert KpiSetVersion.objects.filter(strategy=decided).count() == 2


# The KPI's deadline is 31 March 2027: judged after it, T is no longer met, though nobody edited.
AFTER_THE_DEADLINE = datetime.date(2027, 4, 15)


def test_verdicts_that_moved_with_the_date_are_no_change(client, members, decided, kpi):
    version = kpi_set_approve(strategy=decided, approver=members["manager"])
    client.force_login(members["manager"])
    with mock.patch("django.utils.timezone.localdate", return_value=AFTER_THE_DEADLINE):
        now = build_snapshot(snapshot_queryset().get(pk=decided.pk))
        [judged_then] = kpi_items(version.snapshot, kpi)
        [judged_now] = kpi_items(now, kpi)
        assert judged_now["smart"]["T"] != judged_then["smart"]["T"]  # what this test is about
        assert judged_now["smart_score"] != judged_then["smart_score"]
        html = review(client, decided).content.decode()
        assert "Geen wijzigingen sinds versie 1." in panel(html)
        assert "disabled" in approve_button(html)
        with pytest.raises(ReviewError, match="versie 1"):
            kpi_set_approve(strategy=decided, approver=members["manager"])
    assert KpiSetVersion.objects.filter(strategy=decided).count() == 1


def test_other_verdicts_on_the_same_tree_are_no_change_but_an_edit_is(client, members, decided):
    """Whatever moved the verdicts (the day, the approver's language, a new engine), the set
    is the same as long as nobody edited it."""
    snapshot = build_snapshot(snapshot_queryset().get(pk=decided.pk))
    for item in kpi_items(snapshot):
        item["smart"] = {letter: "missing" for letter in "SMART"}
        item["smart_score"] = 0
    KpiSetVersion.objects.create(
        strategy=decided,
        number=1,
        snapshot=snapshot,
        approved_by=members["manager"],
        approved_at=timezone.now(),
    )
    client.force_login(members["manager"])
    assert "Geen wijzigingen sinds versie 1." in panel(review(client, decided).content.decode())
    with pytest.raises(ReviewError, match="versie 1"):
        kpi_set_approve(strategy=decided, approver=members["manager"])
    Kpi.objects.filter(name="Wachttijd").update(rationale="Klanten haken af als ze wachten.")
    assert "Geen wijzigingen" not in panel(review(client, decided).content.decode())
    assert kpi_set_approve(strategy=decided, approver=members["manager"]).number == 2


def test_page_and_server_agree_on_what_is_unchanged(members, decided, kpi):
    """The snapshot the page compares (its tree and verdicts, from the cache) is the one the
    server approves (loaded for it, every KPI judged again), with every kind of field filled."""
    template = make_template("nps")
    parent = GoalFactory(strategy=decided, title="Meerjarendoel")
    goal = GoalFactory(
        strategy=decided,
        parent=parent,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        description="Jaardoel",
    )
    other = KpiFactory(
        csf=CsfFactory(goal=goal, description="Waarom"),
        template=template,
        status="approved",
        direction="range",
        target_value=Decimal("8.5"),
        target_max=Decimal("9.5"),
        owner=UserFactory(first_name="", last_name=""),
        owner_accepted=True,
        customer_facing=True,
        indicator_type="leading",
    )
    KpiMilestone.objects.create(kpi=other, due_date="2026-06-30", value=Decimal("7.5"))
    Kpi.objects.filter(pk=kpi.pk).update(  # lower is better
        on_track_threshold=Decimal("10"), off_track_threshold=Decimal("12.25")
    )
    CsfFactory(goal=parent)  # a CSF without KPIs
    strategy = review_queryset().get(pk=decided.pk)
    goals = list(strategy.goals.all())
    kpis = [k for g in goals for c in g.csfs.all() for k in c.kpis.all()]
    prefetch_related_objects(kpis, "milestones")
    evaluations = tree_health(strategy, goals)[1]
    expected = build_snapshot(snapshot_queryset().get(pk=decided.pk))
    assert build_snapshot(strategy, evaluations=evaluations) == expected


def test_approving_reuses_the_verdicts_the_page_judged(client, members, decided):
    client.force_login(members["manager"])
    review(client, decided)
    before = judge.cache_info()
    version = kpi_set_approve(strategy=decided, approver=members["manager"])
    after = judge.cache_info()
    assert (after.hits - before.hits, after.misses - before.misses) == (2, 0)  # both KPIs
    expected = build_snapshot(snapshot_queryset().get(pk=decided.pk))
    assert version.snapshot == {**expected, "approval": version.snapshot["approval"]}


# --- approving with htmx and without ---------------------------------------------------------


def test_htmx_confirmation_goes_to_the_new_version(client, members, decided):
    client.force_login(members["manager"])
    response = approve(client, decided, htmx=True)
    version = KpiSetVersion.objects.get(strategy=decided)
    assert version.number == 1 and version.approved_by == members["manager"]
    assert response.status_code == 200
    assert response["HX-Redirect"] == version.get_absolute_url()


def test_the_panel_links_to_the_confirmation_without_approving(client, members, decided):
    client.force_login(members["manager"])
    control = approve_button(review(client, decided).content.decode())
    url = reverse("reviews:set_approve", args=[decided.pk])
    assert control.startswith('class="btn btn-success set-approve"') and f'href="{url}"' in control
    assert not KpiSetVersion.objects.exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_a_post_without_the_confirmation_only_shows_it(client, members, decided, htmx):
    """The review page's old button (a tab opened before) posts nothing to confirm."""
    client.force_login(members["manager"])
    url = reverse("reviews:set_approve", args=[decided.pk])
    response = client.post(url, headers=HTMX if htmx else {})
    if htmx:
        assert response["HX-Redirect"] == url
    else:
        assert response.status_code == 302 and response.url == url
    assert not KpiSetVersion.objects.exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_unchanged_set_is_refused_by_the_server_with_a_clear_message(
    client, members, decided, htmx
):
    kpi_set_approve(strategy=decided, approver=members["manager"])
    client.force_login(members["manager"])
    response = approve(client, decided, htmx=htmx)
    assert response.status_code == 200
    assert "Er is niets veranderd sinds versie 1" in response.content.decode()
    assert KpiSetVersion.objects.filter(strategy=decided).count() == 1


def test_refusal_for_undecided_kpis_is_shown_on_the_confirmation(client, members, decided, kpi):
    KpiFactory(csf=kpi.csf, status="proposed")
    client.force_login(members["manager"])
    html = approve(client, decided).content.decode()
    assert 'role="alert"' in html and "wacht nog op een besluit" in html
    assert not KpiSetVersion.objects.exists()


@pytest.mark.parametrize(
    ("role", "code"),
    [("admin", 200), ("manager", 200), ("facilitator", 403), ("participant", 403), ("viewer", 403)],
)
def test_htmx_approve_permission_matrix(client, members, decided, role, code):
    client.force_login(members[role])
    url = reverse("reviews:set_approve", args=[decided.pk])
    response = client.post(url, {"basis": "x", "note": ""}, headers=HTMX)
    assert response.status_code == code
    assert approve(client, decided, htmx=True).status_code == code
    assert KpiSetVersion.objects.exists() == (code == 200)


def test_htmx_approve_by_outsider_or_anonymous(client, outsider, decided):
    assert approve(client, decided, htmx=True).status_code == 302
    client.force_login(outsider)
    assert approve(client, decided, htmx=True).status_code == 404
    assert not KpiSetVersion.objects.exists()


def test_deciding_the_last_kpi_in_the_tree_updates_the_panel(client, members, decided, kpi):
    kpi_set_approve(strategy=decided, approver=members["manager"])
    new = KpiFactory(csf=kpi.csf, status="proposed")
    client.force_login(members["manager"])
    html = client.post(
        reverse("reviews:kpi_status", args=[new.pk]),
        {"to_status": "approved", "version": new.version, "next": "review"},
        headers=HTMX,
    ).content.decode()
    assert 'hx-swap-oob="true"' in html
    assert "disabled" not in approve_button(html) and "Goedkeuren als versie 2" in html


# --- query count -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [10, 300])
def test_query_count_with_a_version_does_not_grow(
    client, members, organisation, django_assert_num_queries, size
):
    strategy = build_tree(StrategyFactory(organisation=organisation), kpis=size)
    kpis = Kpi.objects.filter(csf__goal__strategy=strategy)
    kpis.update(owner=UserFactory(), status=KpiStatus.APPROVED)
    for kpi in kpis[:3]:
        KpiMilestone.objects.create(kpi=kpi, due_date="2027-03-31", value=Decimal(5))
    kpi_set_approve(strategy=strategy, approver=members["manager"])
    client.force_login(members["manager"])
    # session, user, memberships, strategy, goals, CSFs, KPIs with owners and templates,
    # comments, last version, milestones (to compare the tree with the version)
    with django_assert_num_queries(12):  # with the header's count of what waits
        response = review(client, strategy)
    assert "Geen wijzigingen sinds versie 1." in response.content.decode()


def test_the_panel_counts_a_draft_as_waiting_and_says_so(client, members, decided, kpi):
    """A draft blocks the set as a proposal does, but a manager cannot decide on it, so the
    panel's count ("2 KPI's wachten…") would not match the manager's "Voor jou 1" without it."""
    KpiFactory(csf=kpi.csf, status="draft")
    KpiFactory(csf=kpi.csf, status="proposed")
    client.force_login(members["manager"])
    text = panel(review(client, decided).content.decode())
    assert "2 KPI's wachten nog op een besluit (of zijn concepten)." in text
