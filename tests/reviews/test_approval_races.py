"""Issue 19 on PostgreSQL: a facilitator saves a change to an approved KPI at the moment a manager
approves the next version. Whichever wins, no version publishes the changed text as approved,
and the KPI waits for a decision afterwards."""

import threading

import pytest
from django.db import connection, connections

from indicators.models import Kpi, KpiStatus
from kpiplanner.reviews import services
from kpiplanner.reviews.approval import kpi_definition_edit
from kpiplanner.reviews.models import KpiSetVersion
from kpiplanner.reviews.services import ReviewError, kpi_set_approve
from tests.factories import KpiFactory

needs_postgres = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database locks whole tables between threads",
)

CHANGED = "Oplostijd 6 uur of minder, nooit gezien door een manager."


def at_once(*jobs) -> list[str]:
    """Run each job in its own thread, released together; the unexpected errors, as text."""
    barrier = threading.Barrier(len(jobs))
    crashed = []

    def run(job):
        try:
            barrier.wait(10)
            job()
        except ReviewError:
            pass  # a refusal with a message is a fine outcome
        except Exception as error:  # pragma: no cover - what the test must never see
            crashed.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads)
    return crashed


@needs_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(4))
def test_an_edit_during_the_approval_of_a_version_is_never_published(members, kpi, attempt):
    strategy = kpi.csf.goal.strategy
    Kpi.objects.filter(pk=kpi.pk).update(status=KpiStatus.APPROVED, owner=members["participant"])
    kpi_set_approve(strategy=strategy, approver=members["manager"])
    # Something else was approved since, so a version 2 can be approved.
    KpiFactory(csf=kpi.csf, name="Terugbellen", status=KpiStatus.APPROVED)

    def edit():
        fresh = Kpi.objects.get(pk=kpi.pk)
        with kpi_definition_edit(kpi=fresh, actor=members["facilitator"]):
            fresh.statement = CHANGED
            fresh.save_versioned(expected_version=fresh.version)

    def approve():
        kpi_set_approve(strategy=strategy, approver=members["manager"])

    jobs = (edit, approve) if attempt % 2 else (approve, edit)
    assert at_once(*jobs) == []
    kpi.refresh_from_db()
    assert kpi.statement == CHANGED and kpi.status == KpiStatus.PROPOSED
    assert kpi.changed_since_version in {1, 2}
    for version in KpiSetVersion.objects.filter(strategy=strategy):
        for goal in version.snapshot["goals"]:
            for csf in goal["csfs"]:
                for item in csf["kpis"]:
                    assert not (item["status"] == "approved" and item["statement"] == CHANGED)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_an_edit_saved_while_a_version_is_being_made_keeps_its_mark(members, kpi, monkeypatch):
    """The version's tree is read, then the edit commits, then the version is written: the
    edited KPI is not in the version as changed, so it keeps "changed since version" for the
    manager (clearing every mark at the end once wiped it)."""
    strategy = kpi.csf.goal.strategy
    Kpi.objects.filter(pk=kpi.pk).update(status=KpiStatus.APPROVED, owner=members["participant"])
    kpi_set_approve(strategy=strategy, approver=members["manager"])
    KpiFactory(csf=kpi.csf, name="Terugbellen", status=KpiStatus.APPROVED)
    tree_read, edited = threading.Event(), threading.Event()
    build_snapshot = services.build_snapshot

    def build_then_wait(*args, **kwargs):
        snapshot = build_snapshot(*args, **kwargs)
        tree_read.set()
        edited.wait(10)
        return snapshot

    monkeypatch.setattr(services, "build_snapshot", build_then_wait)

    def edit():
        tree_read.wait(10)
        try:
            fresh = Kpi.objects.get(pk=kpi.pk)
            with kpi_definition_edit(kpi=fresh, actor=members["facilitator"]):
                fresh.statement = CHANGED
                fresh.save_versioned(expected_version=fresh.version)
        finally:
            edited.set()

    def approve():
        kpi_set_approve(strategy=strategy, approver=members["manager"])

    assert at_once(approve, edit) == []
    kpi.refresh_from_db()
    assert kpi.statement == CHANGED and kpi.status == KpiStatus.PROPOSED
    assert kpi.changed_since_version == 1
    assert KpiSetVersion.objects.filter(strategy=strategy).count() == 2
