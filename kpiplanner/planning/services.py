"""Writes of the planning wizard that touch several models (see CONVENTIONS.md, services)."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_manager_for_model

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Strategy, goal_and_below
from indicators.models import Kpi, KpiStatus
from kpiplanner.core.models import hold_against_delete
from kpiplanner.notifications.services import notify_review
from kpiplanner.reviews.approval import kpi_definition_edit, kpi_removal
from kpiplanner.reviews.models import KpiTransition

from .models import DeletedItem, Plan
from .wizard import Step, first_open_step

# How long a deletion in the wizard can be undone.
UNDO_WINDOW = datetime.timedelta(minutes=10)

# The kind of item a wizard deletion records, and the field that points at an item's parent.
KIND_OF = {Goal: "goal", CriticalSuccessFactor: "csf", Kpi: "kpi"}
PARENT_FIELD = {Goal: "strategy", CriticalSuccessFactor: "goal", Kpi: "csf"}


@transaction.atomic
def plan_start(*, strategy: Strategy, user) -> Plan:
    """Save a new strategy and the plan that guides it, positioned on the goals step."""
    strategy.save()
    return Plan.objects.create(strategy=strategy, current_step=Step.GOALS)


def plan_move_to(*, strategy: Strategy, step: Step) -> None:
    """Remember `step` as where this plan resumes (creating the plan for older strategies)."""
    Plan.objects.update_or_create(strategy=strategy, defaults={"current_step": step})


@dataclass(frozen=True)
class Submission:
    """What one submission proposed: KPIs that were drafts, and rejected KPIs proposed again;
    `again` when the plan had been submitted before."""

    drafts: int
    rejected: int
    again: bool

    @property
    def count(self) -> int:
        return self.drafts + self.rejected


@transaction.atomic
def plan_submit(*, strategy: Strategy, user) -> Submission:
    """Send the plan to review: every draft or rejected KPI becomes proposed, and each change
    is recorded (who, when, from which status) in the KPI's history of decisions.

    Refuses (ValidationError) while a step before submission is unfinished, for example a KPI
    without an owner. Returns what was proposed.
    """
    goals = list(Strategy.objects.with_tree().get(pk=strategy.pk).goals.all())
    if first_open_step(goals) != Step.SUBMIT:
        raise ValidationError(_("The plan is not complete yet; finish the validation step first."))
    kpis = list(
        Kpi.objects.select_for_update().filter(
            csf__goal__strategy=strategy, status__in=[KpiStatus.DRAFT, KpiStatus.REJECTED]
        )
    )
    transitions = []
    for kpi in kpis:
        transitions.append(
            KpiTransition(kpi=kpi, from_status=kpi.status, to_status=KpiStatus.PROPOSED, by=user)
        )
        # One save per KPI (not .update()) so the history records who proposed it.
        kpi.status = KpiStatus.PROPOSED
        kpi.version += 1  # the row is locked, so this cannot race with an edit
        kpi._history_user = user
        kpi.save(update_fields=["status", "version", "updated_at"])
    KpiTransition.objects.bulk_create(transitions)
    notify_review(strategy=strategy, kpis=kpis, actor=user)
    plan, created = Plan.objects.select_for_update().get_or_create(strategy=strategy)
    again = not created and plan.submitted_at is not None
    plan.current_step = Step.SUBMIT
    plan.submitted_at = timezone.now()
    plan.submitted_by = user
    plan.save()
    rejected = sum(t.from_status == KpiStatus.REJECTED for t in transitions)
    return Submission(drafts=len(transitions) - rejected, rejected=rejected, again=again)


@transaction.atomic
def items_save(*, strategy: Strategy, goals: list, edits: list, add_form=None) -> bool:
    """Save the goals or CSFs step at once: every open inline edit form and the new item.

    `edits` are valid versioned forms of goals or CSFs; `add_form` a valid form of a new goal
    or CSF (or None), placed last among its siblings. All or nothing: when someone else saved
    one of the edited items meanwhile, or deleted what one is put under, nothing is saved,
    that form carries the message, and the answer is False.
    """
    forms = [*edits, *([add_form] if add_form is not None else [])]
    if not _parents_held(*forms):
        transaction.set_rollback(True)
        return False
    for form in edits:
        if not form.save_versioned():
            transaction.set_rollback(True)
            return False
    if add_form is not None:
        new = add_form.save(commit=False)
        if isinstance(new, Goal):
            new.strategy = strategy
            new.order = len(goals)
        else:
            new.order = len(new.goal.csfs.all())
        new.save()
    return True


@transaction.atomic
def kpi_save(*, form, milestones, actor) -> bool:
    """Save a valid KPI form with its milestones (when the formset came with the POST).

    A new KPI goes last under its CSF. An approved KPI whose definition this changes goes
    back to "proposed" for a manager (`reviews.approval.kpi_definition_edit`). On an edit
    conflict nothing is saved, the form carries the conflict, and the answer is False.
    """
    if not _parents_held(form):
        transaction.set_rollback(True)
        return False
    if form.instance._state.adding:
        form.instance.order = len(form.cleaned_data["csf"].kpis.all())
    form.instance._history_user = actor
    with kpi_definition_edit(kpi=form.instance, actor=actor):
        if not form.save_versioned():
            transaction.set_rollback(True)
            return False
        if milestones.is_bound:
            milestones.instance = form.instance
            milestones.save()
    return True


# The fields of the wizard's forms that name what an item hangs under.
PARENT_FIELDS = ("goal", "csf", "parent")


def _parents_held(*forms) -> bool:
    """Hold what each valid form's item is put under (its goal, CSF or parent goal) against a
    deletion at the same moment (`hold_against_delete`); when one was deleted meanwhile, say
    so on that field and answer False, instead of failing on the foreign key at commit.

    The rows are held in one order (by id), so two saves holding the same goals never wait
    for each other the other way round.
    """
    wanted = [
        (str(parent.pk), form, name, parent)
        for form in forms
        for name in PARENT_FIELDS
        if (parent := form.cleaned_data.get(name)) is not None
    ]
    held = True
    for _key, form, name, parent in sorted(wanted, key=lambda row: row[0]):
        if not hold_against_delete(parent):
            form.add_error(
                name,
                _("“%(name)s” was deleted a moment ago; choose another.") % {"name": parent},
            )
            held = False
    return held


@transaction.atomic
def item_move(*, item, direction: str) -> bool:
    """Swap a goal, CSF or KPI with its neighbour among its siblings; False at either end.

    Orders are renumbered 0..n first, because items made elsewhere may share an order value.
    """
    parent_field = PARENT_FIELD[type(item)]
    siblings = list(
        type(item)
        .objects.select_for_update()
        .filter(**{f"{parent_field}_id": getattr(item, f"{parent_field}_id")})
        .order_by("order", "created_at")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.order != position:
            type(item).objects.filter(pk=sibling.pk).update(order=position)
    return True


class AlreadyDeleted(Exception):
    """The item was deleted by someone else (or in another tab) a moment before."""


@transaction.atomic
def item_delete(*, item, user) -> DeletedItem | None:
    """Delete a goal, CSF or KPI with everything that goes with it, keeping a copy to undo.

    What a manager approved is not deleted here (`reviews.approval.kpi_removal`): for an
    approved KPI a manager is asked to retire it and the answer is None; a goal or CSF with
    approved KPIs under it is refused (ValidationError).

    The copy is every row Django's cascade removes (collected the way `Model.delete` does),
    serialized with their ids, so `item_restore` puts back exactly what was there. Copies
    older than UNDO_WINDOW are purged here, on the next deletion.

    The item and every goal, CSF and KPI under it are locked first (see `_lock_subtree`), so
    a comment, edit or decision made at the same moment either lands before the copy is taken
    (and comes back with Undo) or waits and finds the item gone. Raises AlreadyDeleted when
    the item was deleted meanwhile (two tabs, two people): the first deletion's Undo stays.
    """
    strategy = item.strategy
    # The copy is of the rows as they are now, locked: a change saved a moment ago included.
    item = _lock_subtree(item)
    if item is None:
        raise AlreadyDeleted
    if not kpi_removal(item=item, actor=user):
        return None
    collector = Collector(using=router.db_for_write(type(item)), origin=item)
    collector.collect([item])
    rows = [obj for instances in collector.data.values() for obj in instances]
    for queryset in collector.fast_deletes:
        rows.extend(queryset)
    counts = Counter(type(row) for row in rows)
    deleted = DeletedItem.objects.create(
        strategy=strategy,
        kind=KIND_OF[type(item)],
        item_id=item.pk,
        label=str(item)[:200],
        # What went along with the item, the item itself not counted.
        csf_count=counts[CriticalSuccessFactor] if isinstance(item, Goal) else 0,
        kpi_count=counts[Kpi] if not isinstance(item, Kpi) else 0,
        payload=serializers.serialize("json", rows),
        deleted_by=user,
    )
    item.delete()
    DeletedItem.objects.filter(deleted_at__lt=timezone.now() - UNDO_WINDOW).delete()
    return deleted


def _lock_subtree(item):
    """Lock `item` and every goal, CSF and KPI under it (top down, as every writer that locks
    more than one node does, so no two wait for each other). Answers the item as it is now,
    or None when it is gone.

    Writers of a node's rows take its row lock before writing: an edit or a decision by its
    UPDATE, an addition under it by `core.models.hold_against_delete`. A sub-goal
    (`Goal.parent`) goes with its parent goal, so it is locked too.
    """
    item = type(item)._base_manager.select_for_update().filter(pk=item.pk).first()
    if item is None:
        return None
    goal_ids = goal_and_below(item.pk, lock=True) if isinstance(item, Goal) else []
    csf_ids = [item.pk] if isinstance(item, CriticalSuccessFactor) else []
    if goal_ids:
        csf_ids = list(
            CriticalSuccessFactor.objects.select_for_update()
            .filter(goal_id__in=goal_ids)
            .values_list("pk", flat=True)
        )
    if csf_ids:
        list(Kpi.objects.select_for_update().filter(csf_id__in=csf_ids).values_list("pk"))
    return item


def undoable(*, strategy, kinds) -> list[DeletedItem]:
    """The deletions in `strategy` of the given kinds that can still be undone, newest first."""
    since = timezone.now() - UNDO_WINDOW
    return list(
        DeletedItem.objects.filter(strategy=strategy, kind__in=kinds, deleted_at__gte=since)
        .defer("payload")
        .order_by("-deleted_at")[:3]
    )


def item_restore(*, deleted: DeletedItem, user) -> None:
    """Put back what `item_delete` removed: the same rows with the same ids.

    Refuses (ValidationError) once UNDO_WINDOW has passed, when it was restored already, and
    when something it hangs under was deleted since (undo that deletion first).
    """
    if deleted.deleted_at < timezone.now() - UNDO_WINDOW:
        raise ValidationError(_("It is too late to undo this deletion."))
    rows = list(serializers.deserialize("json", deleted.payload))
    if _any_exists(row.object for row in rows):
        # Another copy of the same deletion (two people deleted it at once) was undone: a raw
        # save would overwrite whatever was changed since. This copy is of no use any more.
        DeletedItem.objects.filter(pk=deleted.pk).delete()
        raise ValidationError(_("This deletion was undone already."))
    try:
        with transaction.atomic():
            if not DeletedItem.objects.filter(pk=deleted.pk).delete()[0]:
                raise ValidationError(_("This deletion was undone already."))
            restored = []
            for row in rows:
                # A raw save, as loaddata does: the rows come back exactly as they were.
                row.save()
                restored.append(row.object)
            # Foreign keys are checked at commit; check now, so a missing parent is an error
            # here instead of at the end of some outer transaction.
            tables = {type(obj)._meta.db_table for obj in restored}
            connection.check_constraints(table_names=sorted(tables))
            _record_history(restored, user)
    except IntegrityError as exc:
        raise ValidationError(
            _(
                "This cannot be put back, because what it belonged to was deleted too. "
                "Undo that deletion first."
            )
        ) from exc


def _any_exists(objects) -> bool:
    """Whether a row with the id of one of `objects` exists (one query per model)."""
    by_model: dict[type, list] = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj.pk)
    return any(model._base_manager.filter(pk__in=pks).exists() for model, pks in by_model.items())


def _record_history(objects, user) -> None:
    """Give restored rows of a model with history a "created" entry, as a new save would."""
    by_model: dict[type, list] = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj)
    for model, instances in by_model.items():
        try:
            manager = get_history_manager_for_model(model)
        except NotHistoricalModelError:
            continue
        manager.bulk_history_create(instances, default_user=user, default_change_reason="restored")
