"""The import writes a tree with the same number of queries at any size (bulk writes per level)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goals.models import Goal
from indicators.models import Kpi, KpiMilestone
from kpiplanner.interchange.formats import dumps, version_to_json
from kpiplanner.interchange.reading import read_kpi_set
from kpiplanner.interchange.services import kpi_set_import
from kpiplanner.reviews.services import kpi_set_approve
from tests.conftest import build_tree
from tests.factories import StrategyFactory

pytestmark = pytest.mark.django_db


def exported(organisation, approver, kpis: int) -> bytes:
    strategy = build_tree(StrategyFactory(organisation=organisation), kpis=kpis)
    Kpi.objects.filter(csf__goal__strategy=strategy).update(status="approved")
    version = kpi_set_approve(strategy=strategy, approver=approver)
    data = version_to_json(version)
    # A sub-goal and a milestone per KPI, so every level of the tree is written.
    if len(data["goals"]) > 1:
        data["goals"][1]["parent_id"] = data["goals"][0]["id"]
    for goal in data["goals"]:
        for csf in goal["csfs"]:
            for kpi in csf["kpis"]:
                kpi["milestones"] = [{"due_date": "2027-01-31", "value": "12"}]
                kpi["baseline_date"], kpi["target_date"] = "2026-01-01", "2027-06-30"
    return dumps(data).encode()


def import_queries(raw: bytes, organisation) -> int:
    with CaptureQueriesContext(connection) as queries:
        kpi_set_import(data=read_kpi_set(raw), organisation=organisation)
    return len(queries)


def test_an_import_costs_the_same_queries_at_two_sizes(organisation, other_organisation, members):
    # Within one insert batch on SQLite (999 parameters: about 25 KPIs with their history);
    # PostgreSQL inserts any number in one.
    small = exported(organisation, members["manager"], kpis=12)
    large = exported(organisation, members["manager"], kpis=24)
    assert import_queries(small, other_organisation) == import_queries(large, other_organisation)
    imported = Kpi.objects.filter(csf__goal__strategy__organisation=other_organisation)
    assert imported.count() == 36
    assert KpiMilestone.objects.filter(kpi__in=imported).count() == 36
    assert all(kpi.history.count() == 1 for kpi in imported)
    children = Goal.objects.filter(strategy__organisation=other_organisation, parent__isnull=False)
    assert children.count() == 2  # one per imported file
    assert all(child.parent.strategy_id == child.strategy_id for child in children)


def test_a_row_breaking_a_check_constraint_is_refused_without_the_database(
    organisation, other_organisation, members
):
    data = json.loads(exported(organisation, members["manager"], kpis=3))
    kpi = data["goals"][0]["csfs"][0]["kpis"][0]
    kpi["baseline_date"], kpi["target_date"] = "2027-06-30", "2026-01-01"
    from kpiplanner.interchange.reading import ImportRefused

    with pytest.raises(ImportRefused):
        kpi_set_import(data=read_kpi_set(dumps(data).encode()), organisation=other_organisation)
    assert not Kpi.objects.filter(csf__goal__strategy__organisation=other_organisation).exists()
