"""A varied approved KPI set, and helpers to export, tweak and import it."""

import copy
import datetime
import json
from decimal import Decimal

import pytest
from django.utils import translation

from indicators.models import KpiMilestone, KpiTemplate
from kpiplanner.interchange.formats import dumps, version_to_json
from kpiplanner.reviews.services import kpi_set_approve
from kpiplanner.reviews.snapshot import build_snapshot, snapshot_queryset
from tests.factories import (
    CsfFactory,
    GoalFactory,
    KpiFactory,
    MembershipFactory,
    StrategyFactory,
    UserFactory,
)

ODD = "Zoë’s “KPI” – 日本語 مرحبا e\u0301 👩‍👩‍👧 \u200b tab\there\nnew line"
SCRIPT = "<script>alert('x')</script> & <b>vet</b>"


@pytest.fixture(autouse=True)
def dutch():
    """Messages are checked in Dutch, the default, whatever an earlier test left active."""
    with translation.override("nl"):
        yield


@pytest.fixture
def owner(organisation, other_organisation):
    """A KPI owner who is a member of both organisations."""
    user = UserFactory(username="pieter", first_name="Pieter", last_name="Jansen")
    MembershipFactory(user=user, organisation=organisation, role="participant")
    MembershipFactory(user=user, organisation=other_organisation, role="viewer")
    return user


@pytest.fixture
def varied(organisation, members, owner):
    """An approved version 1 of a tree with nested goals, ties in order, every kind of KPI
    (all approved but one rejected KPI, which the files list apart)."""
    strategy = StrategyFactory(
        organisation=organisation,
        name="Klanten behouden 2026–2028",
        mission=ODD,
        vision="",
        horizon_start_year=2026,
        horizon_end_year=2028,
    )
    top = GoalFactory(
        strategy=strategy,
        title="Minder klanten zeggen op",
        description=SCRIPT,
        perspective="customer",
        term="long",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2028, 12, 31),
        order=0,
    )
    yearly = GoalFactory(
        strategy=strategy, parent=top, title="Verloop 2026 onder 3%", term="short", order=0
    )
    GoalFactory(strategy=strategy, parent=yearly, title="Q1: opzeggers bellen", order=2)
    GoalFactory(strategy=strategy, title="Doel zonder succesfactor", perspective="people", order=1)
    fast = CsfFactory(goal=top, title="Snel oplossen", description=ODD, order=0)
    CsfFactory(goal=top, title="Zonder KPI", order=0)  # same order: creation decides
    lower = KpiFactory(
        csf=fast,
        name="Gemiddelde oplostijd",
        definition="Som van oplostijden / aantal tickets",
        direction="lower",
        baseline_value=Decimal("14"),
        target_value=Decimal("10"),
        on_track_threshold=Decimal("10.5"),
        off_track_threshold=Decimal("12"),
        owner=owner,
        owner_accepted=True,
        indicator_type="leading",
        customer_facing=True,
        rationale=ODD,
        template=KpiTemplate.objects.get(slug="revenue-growth"),
        status="approved",
        order=0,
    )
    KpiMilestone.objects.create(kpi=lower, due_date="2026-12-31", value=Decimal("12.5"))
    KpiMilestone.objects.create(kpi=lower, due_date="2027-01-31", value=Decimal("11.0001"))
    KpiFactory(
        csf=fast,
        name="Tevredenheid binnen de band",
        unit="percent",
        direction="range",
        baseline_value=Decimal("80"),
        target_value=Decimal("90"),
        target_max=Decimal("95.5"),
        frequency="quarterly",
        status="approved",
        order=0,
    )
    KpiFactory(
        csf=fast,
        name="=SUM(A1:A9)",
        statement="-1 is de ondergrens",
        definition="",
        unit="",
        direction="higher",
        baseline_value=None,
        baseline_date=None,
        target_value=None,
        target_date=None,
        frequency="",
        data_source="",
        status="approved",
        order=5,
    )
    # Decided against: in the version, but not in the approved set nor in its files' trees.
    KpiFactory(csf=fast, name="Afgewezen: aantal klachten", status="rejected", order=6)
    people = CsfFactory(goal=yearly, title=SCRIPT, order=1)
    KpiFactory(
        csf=people,
        name=SCRIPT,
        unit="eur",
        direction="higher",
        baseline_value=Decimal("-250.75"),
        target_value=Decimal("12345678901.2345"),
        on_track_threshold=Decimal("100"),
        off_track_threshold=Decimal("-1000"),
        owner=members["facilitator"],  # not a member of the other organisation
        owner_accepted=True,
        status="approved",
        order=1,
    )
    return kpi_set_approve(strategy=strategy, approver=members["manager"])


def export(version) -> dict:
    """The version's JSON file as the importer reads it (through text, like a real file)."""
    return json.loads(dumps(version_to_json(version)))


def file_bytes(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


def first_kpi(data: dict) -> dict:
    return data["goals"][0]["csfs"][0]["kpis"][0]


def last_kpi(data: dict) -> dict:
    for goal in reversed(data["goals"]):
        for csf in reversed(goal["csfs"]):
            if csf["kpis"]:
                return csf["kpis"][-1]
    raise AssertionError("no KPI")


def comparable(snapshot: dict) -> dict:
    """A snapshot without what an import changes on purpose: ids, status and owner ids.

    Parent links become the parent's position in the list of goals, so they compare across
    trees with different ids.
    """
    snapshot = copy.deepcopy(snapshot)
    positions = {goal["id"]: index for index, goal in enumerate(snapshot["goals"])}
    snapshot["strategy"].pop("id")
    # Facts of the approval, not of the tree.
    snapshot.pop("organisation", None)
    snapshot.pop("approval", None)
    snapshot["counts"].pop("approved_kpis")
    for goal in snapshot["goals"]:
        parent = goal.pop("parent_id")
        goal["parent"] = positions[parent] if parent else None
        goal.pop("id")
        for csf in goal["csfs"]:
            csf.pop("id")
            for kpi in csf["kpis"]:
                for key in ("id", "status", "owner_id"):
                    kpi.pop(key)
    return snapshot


def snapshot_of(strategy) -> dict:
    return build_snapshot(snapshot_queryset().get(pk=strategy.pk))
