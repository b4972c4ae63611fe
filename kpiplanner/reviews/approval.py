"""What an approval covers, and what happens when an approved KPI is changed or removed.

A manager approves a KPI's definition: its definition card (`KPI_DEFINITION_FIELDS`), owner,
milestones and place in the tree. Every write of a KPI's definition goes through
`kpi_definition_edit` (the wizard's KPI form and inline edit via `planning.services.kpi_save`,
the card's fix form), and every removal through `kpi_removal`, so no path can change the
approved set without a manager deciding:

- a change to an approved KPI moves it back to "proposed", records the transition (who, when)
  and marks it "changed since version N" (`Kpi.changed_since_version`), N being the latest
  approved version that holds it as approved; the review page compares it with that version;
- removing an approved KPI only asks for its removal (`Kpi.removal_requested_at`): it stays in
  the set until a manager retires it or keeps it; a goal or CSF with approved KPIs under it,
  or a KPI whose change waits for a decision, cannot be deleted.

Imports and workshops only create new KPIs, as drafts, so they have nothing approved to change.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from csf.models import CriticalSuccessFactor
from goals.models import Goal, goal_and_below
from indicators.models import Kpi, KpiStatus
from kpiplanner.notifications.services import notify_review

from .models import KpiSetVersion, KpiTransition
from .snapshot import find_kpi, kpi_changes, kpi_item

# The snapshot's keys of a KPI that an approval does not cover: bookkeeping and verdicts.
_NOT_DEFINITION = {"id", "status", "order", "template_slug", "smart_score", "smart", "owner_name"}


def definition(kpi: Kpi) -> dict:
    """What an approval of `kpi` covers, as plain data (the snapshot's values, plus its CSF)."""
    item = kpi_item(kpi)
    return {
        "csf": str(kpi.csf_id),
        **{key: value for key, value in item.items() if key not in _NOT_DEFINITION},
    }


def _stored(pk, *, lock: bool = False) -> Kpi | None:
    kpis = Kpi.objects.select_related("owner", "template").prefetch_related("milestones")
    if lock:
        kpis = kpis.select_for_update(of=("self",))
    return kpis.filter(pk=pk).first()


def approved_in_version(kpi: Kpi) -> int | None:
    """The number of the latest approved version, when it holds `kpi` as approved."""
    strategy_id = kpi.csf.goal.strategy_id
    last = KpiSetVersion.objects.filter(strategy_id=strategy_id).order_by("-number").first()
    if last is None:
        return None
    for goal in last.snapshot.get("goals", []):
        for csf in goal.get("csfs", []):
            for item in csf.get("kpis", []):
                if item.get("id") == str(kpi.pk):
                    return last.number if item.get("status") == KpiStatus.APPROVED else None
    return None


@contextmanager
def kpi_definition_edit(*, kpi: Kpi, actor):
    """Wrap a write of `kpi`'s definition (fields and milestones): when `kpi` was approved and
    its definition is different afterwards, it goes back to "proposed" for a manager.

    The stored KPI is read (and locked) before the write, because a bound form has already
    put the new values on `kpi`. A write that marks its transaction for rollback (an edit
    conflict) is left alone.
    """
    with transaction.atomic():
        before = None
        if not kpi._state.adding:
            stored = _stored(kpi.pk, lock=True)
            if stored is not None and stored.status == KpiStatus.APPROVED:
                before = definition(stored)
        yield
        if before is None or transaction.get_rollback():
            return
        after = _stored(kpi.pk)
        if after is not None and definition(after) != before:
            _reopen(kpi, actor)


def _reopen(kpi: Kpi, actor) -> KpiTransition:
    """The approved `kpi` was changed: back to "proposed", marked, the transition recorded."""
    kpi.status = KpiStatus.PROPOSED
    kpi.reopened = True  # for the message of the page that saved it
    kpi.changed_since_version = approved_in_version(kpi)
    kpi.removal_requested_at = None
    kpi.removal_requested_by = None
    kpi._history_user = actor
    kpi.save(
        update_fields=[
            "status",
            "changed_since_version",
            "removal_requested_at",
            "removal_requested_by",
            "updated_at",
        ]
    )
    change = KpiTransition.objects.create(
        kpi=kpi, from_status=KpiStatus.APPROVED, to_status=KpiStatus.PROPOSED, by=actor
    )
    notify_review(strategy=kpi.strategy, kpis=[kpi], actor=actor)
    return change


def kpi_removal(*, item, actor) -> bool:
    """Whether `item` (a goal, CSF or KPI) may be deleted now; False when instead its removal
    was asked for (an approved KPI). Raises ValidationError when it must wait for a manager."""
    if isinstance(item, Kpi):
        if item.status == KpiStatus.APPROVED:
            _request_removal(item, actor)
            return False
        if item.changed_since_version is not None:
            raise ValidationError(
                _(
                    "“%(name)s” is part of approved version %(number)s and its change waits "
                    "for a manager's decision; it can be removed once they have decided."
                )
                % {"name": item.name, "number": item.changed_since_version}
            )
        return True
    # A goal takes its sub-goals (`Goal.parent`) with it, and their KPIs.
    below = (
        Q(csf=item)
        if isinstance(item, CriticalSuccessFactor)
        else Q(csf__goal_id__in=goal_and_below(item.pk))
    )
    protected = Kpi.objects.filter(below).filter(
        Q(status=KpiStatus.APPROVED) | Q(changed_since_version__isnull=False)
    )
    count = protected.count()
    if count:
        message = (
            ngettext(
                "“%(name)s” has %(count)d approved KPI under it. Ask a manager to retire it "
                "first (delete the KPI to ask), then delete this goal.",
                "“%(name)s” has %(count)d approved KPIs under it. Ask a manager to retire them "
                "first (delete each KPI to ask), then delete this goal.",
                count,
            )
            if isinstance(item, Goal)
            else ngettext(
                "“%(name)s” has %(count)d approved KPI under it. Ask a manager to retire it "
                "first (delete the KPI to ask), then delete this critical success factor.",
                "“%(name)s” has %(count)d approved KPIs under it. Ask a manager to retire them "
                "first (delete each KPI to ask), then delete this critical success factor.",
                count,
            )
        )
        raise ValidationError(message % {"name": str(item), "count": count})
    return True


def _request_removal(kpi: Kpi, actor) -> None:
    """Ask a manager to remove the approved `kpi`: it stays in the set until they decide."""
    if kpi.removal_requested:
        return
    kpi.removal_requested_at = timezone.now()
    kpi.removal_requested_by = actor
    kpi._history_user = actor
    kpi.save(update_fields=["removal_requested_at", "removal_requested_by", "updated_at"])


def changes_since_version(strategy_id, kpis) -> dict:
    """{kpi id: [FieldChange]} for those of `kpis` changed since an approved version: each
    compared with its item in that version's snapshot. Two queries, whatever the number."""
    changed = [kpi for kpi in kpis if kpi.changed_since_version is not None]
    if not changed:
        return {}
    numbers = {kpi.changed_since_version for kpi in changed}
    snapshots = dict(
        KpiSetVersion.objects.filter(strategy_id=strategy_id, number__in=numbers).values_list(
            "number", "snapshot"
        )
    )
    prefetch_related_objects(changed, "milestones")
    found = {}
    for kpi in changed:
        snapshot = snapshots.get(kpi.changed_since_version)
        where = find_kpi(snapshot, str(kpi.pk)) if snapshot else None
        found[kpi.pk] = kpi_changes(*where, kpi) if where else []
    return found
