"""Deleting in the wizard while others work on the same items, on PostgreSQL: nothing fails and
nothing acknowledged is lost. Each writer runs in its own thread (its own connection, as workers
have), all released together by a barrier; every race is run several times so both orders occur.

An acknowledged comment, edit or new KPI is either in the deletion's copy (Undo brings it back)
or was refused with a message; a second deletion of the same item is told it is gone already.
"""

import datetime
import threading
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import translation

from csf.forms import CsfForm
from csf.models import CriticalSuccessFactor
from goals.models import Goal, Strategy
from indicators.forms import KpiForm, milestone_formset
from indicators.models import Kpi, KpiMilestone, KpiStatus
from kpiplanner.planning import services
from kpiplanner.planning.models import DeletedItem
from kpiplanner.reviews.models import Comment
from kpiplanner.reviews.services import KPI_GONE, ReviewError, comment_add, kpi_status_try
from tests.factories import CsfFactory, GoalFactory, KpiFactory

needs_postgres = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database locks whole tables between threads",
)
pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]

ATTEMPTS = 6
GONE = "zojuist verwijderd"  # "was deleted a moment ago"


def at_once(*calls) -> list:
    """Run each call in its own thread, released together; return each one's outcome:
    ("ok", result) or ("refused", message). Any other exception fails the test."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)
    crashed = []

    def run(index, call):
        try:
            barrier.wait(10)
            with translation.override("nl"):
                outcomes[index] = ("ok", call())
        except (ReviewError, services.AlreadyDeleted, ValidationError) as exc:
            outcomes[index] = ("refused", getattr(exc, "message", None) or repr(exc))
        except Exception as exc:  # pragma: no cover - what the test must never see
            crashed.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads)
    assert crashed == []
    return outcomes


def kpi_with_history(strategy, members, n: int) -> Kpi:
    goal = GoalFactory(strategy=strategy, title=f"Doel {n}")
    kpi = KpiFactory(csf=CsfFactory(goal=goal, title=f"CSF {n}"), name=f"Oplostijd {n}")
    KpiMilestone.objects.create(kpi=kpi, due_date=datetime.date(2027, 1, 31), value="12")
    comment_add(node=kpi, author=members["manager"], role="manager", body="Eerste opmerking")
    return Kpi.objects.select_related("csf__goal__strategy").get(pk=kpi.pk)


def fresh(model, pk):
    return model.objects.select_related(*model_path(model)).get(pk=pk)


def model_path(model) -> list[str]:
    return {Kpi: ["csf__goal__strategy"], CriticalSuccessFactor: ["goal__strategy"]}.get(
        model, ["strategy"]
    )


def test_deleting_a_kpi_while_others_comment_loses_no_acknowledged_comment(strategy, members):
    for n in range(ATTEMPTS):
        kpi = kpi_with_history(strategy, members, n)
        # Each writer loaded the KPI before the others acted, as its request did.
        commenters = [
            partial(
                comment_add,
                node=fresh(Kpi, kpi.pk),
                author=members[who],
                role=who,
                body=f"Opmerking van {who}",
            )
            for who in ("manager", "participant", "admin")
        ]
        deleter = partial(
            services.item_delete, item=fresh(Kpi, kpi.pk), user=members["facilitator"]
        )
        outcomes = at_once(deleter, *commenters)
        assert outcomes[0][0] == "ok"
        acknowledged = [result.pk for kind, result in outcomes[1:] if kind == "ok"]
        refusals = [message for kind, message in outcomes[1:] if kind == "refused"]
        assert all(GONE in message for message in refusals)
        assert not Kpi.objects.filter(pk=kpi.pk).exists()

        services.item_restore(deleted=outcomes[0][1], user=members["facilitator"])
        restored = set(Comment.objects.filter(kpi_id=kpi.pk).values_list("pk", flat=True))
        assert set(acknowledged) <= restored
        assert len(restored) == 1 + len(acknowledged)
        assert KpiMilestone.objects.filter(kpi_id=kpi.pk).count() == 1


def test_deleting_a_goal_while_someone_comments_on_its_kpi(strategy, members):
    for n in range(ATTEMPTS):
        kpi = kpi_with_history(strategy, members, n)
        goal = Goal.objects.select_related("strategy").get(pk=kpi.csf.goal_id)
        node = fresh(Kpi, kpi.pk)
        deletion, comment = at_once(
            lambda goal=goal: services.item_delete(item=goal, user=members["facilitator"]),
            lambda node=node: comment_add(
                node=node, author=members["manager"], role="manager", body="Nog iets"
            ),
        )
        services.item_restore(deleted=deletion[1], user=members["facilitator"])
        count = Comment.objects.filter(kpi_id=kpi.pk).count()
        assert count == (2 if comment[0] == "ok" else 1)


def test_two_tabs_deleting_the_same_kpi_get_no_error_and_one_undo(strategy, members):
    for n in range(ATTEMPTS):
        kpi = kpi_with_history(strategy, members, n)
        url = reverse("planning:item_delete", args=["kpi", kpi.pk])
        tabs = []
        for headers in ({}, {"HX-Request": "true"}):
            client = Client()
            client.force_login(members["facilitator"])
            tabs.append((client, headers))
        responses = at_once(*(partial(client.post, url, headers=h) for client, h in tabs))
        assert [r.status_code for _, r in responses] == [302, 200]
        assert DeletedItem.objects.filter(item_id=kpi.pk).count() == 1
        deleted = DeletedItem.objects.get(item_id=kpi.pk)
        services.item_restore(deleted=deleted, user=members["facilitator"])
        assert Comment.objects.filter(kpi_id=kpi.pk).count() == 1
        assert KpiMilestone.objects.filter(kpi_id=kpi.pk).count() == 1


def test_editing_a_csf_while_its_goal_is_deleted_keeps_the_acknowledged_edit(strategy, members):
    for n in range(ATTEMPTS):
        kpi = kpi_with_history(strategy, members, n)
        csf = fresh(CriticalSuccessFactor, kpi.csf_id)
        goal = Goal.objects.select_related("strategy").get(pk=csf.goal_id)
        data = {
            f"{csf.pk}-goal": str(csf.goal_id),
            f"{csf.pk}-title": "Nieuwe titel",
            f"{csf.pk}-version": str(csf.version),
        }
        form = CsfForm(data, instance=csf, strategy=strategy, prefix=str(csf.pk))
        assert form.is_valid()
        deletion, edit = at_once(
            lambda goal=goal: services.item_delete(item=goal, user=members["facilitator"]),
            lambda form=form: services.items_save(
                strategy=strategy, goals=[], edits=[form], add_form=None
            ),
        )
        services.item_restore(deleted=deletion[1], user=members["facilitator"])
        title = CriticalSuccessFactor.objects.get(pk=csf.pk).title
        assert title == ("Nieuwe titel" if edit == ("ok", True) else f"CSF {n}")


def test_adding_a_kpi_under_a_csf_being_deleted_is_kept_or_refused(strategy, members):
    owner = members["manager"]
    for n in range(ATTEMPTS):
        kpi = kpi_with_history(strategy, members, n)
        csf = fresh(CriticalSuccessFactor, kpi.csf_id)
        loaded = Strategy.objects.get(pk=strategy.pk)
        data = {
            "csf": str(csf.pk),
            "name": "Nieuwe KPI",
            "statement": "Klanttevredenheid (CSAT) van 7 naar 8 vóór eind 2027",
            "direction": "higher",
            "indicator_type": "lagging",
            "owner": str(owner.pk),
        }
        form = KpiForm(data, strategy=loaded)
        assert form.is_valid(), form.errors
        milestones = milestone_formset(None, kpi_form=form)
        deletion, added = at_once(
            lambda csf=csf: services.item_delete(item=csf, user=members["facilitator"]),
            lambda form=form, m=milestones: services.kpi_save(
                form=form, milestones=m, actor=members["facilitator"]
            ),
        )
        if added == ("ok", False):
            assert GONE in str(form.errors["csf"])
        services.item_restore(deleted=deletion[1], user=members["facilitator"])
        names = set(Kpi.objects.filter(csf_id=kpi.csf_id).values_list("name", flat=True))
        kept = {f"Oplostijd {n}", "Nieuwe KPI"} if added == ("ok", True) else {f"Oplostijd {n}"}
        assert names == kept


def test_rejecting_a_kpi_while_it_is_deleted_keeps_the_reason_or_says_it_is_gone(strategy, members):
    for n in range(ATTEMPTS):
        kpi = kpi_with_history(strategy, members, n)
        Kpi.objects.filter(pk=kpi.pk).update(status=KpiStatus.PROPOSED)
        decider, deleter = fresh(Kpi, kpi.pk), fresh(Kpi, kpi.pk)
        deletion, decision = at_once(
            partial(services.item_delete, item=deleter, user=members["facilitator"]),
            partial(
                kpi_status_try,
                kpi=decider,
                to_status=KpiStatus.REJECTED,
                actor=members["manager"],
                role="manager",
                reason="Te vaag",
                expected_version=decider.version,
            ),
        )
        refusal = decision[1]
        assert refusal is None or str(refusal) == str(KPI_GONE)
        services.item_restore(deleted=deletion[1], user=members["facilitator"])
        restored = Kpi.objects.get(pk=kpi.pk)
        reasons = Comment.objects.filter(kpi_id=kpi.pk, transition__isnull=False).count()
        if refusal is None:
            assert (restored.status, reasons) == (KpiStatus.REJECTED, 1)
        else:
            assert (restored.status, reasons) == (KpiStatus.PROPOSED, 0)
