"""Writes of the planning wizard that touch several models (see CONVENTIONS.md, services)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from goals.models import Strategy
from indicators.models import Kpi, KpiStatus

from .models import Plan
from .wizard import Step, first_open_step


@transaction.atomic
def plan_start(*, strategy: Strategy, user) -> Plan:
    """Save a new strategy and the plan that guides it, positioned on the goals step."""
    strategy.save()
    return Plan.objects.create(strategy=strategy, current_step=Step.GOALS)


def plan_move_to(*, strategy: Strategy, step: Step) -> None:
    """Remember `step` as where this plan resumes (creating the plan for older strategies)."""
    Plan.objects.update_or_create(strategy=strategy, defaults={"current_step": step})


@transaction.atomic
def plan_submit(*, strategy: Strategy, user) -> int:
    """Send the plan to review: every draft or rejected KPI becomes proposed.

    Refuses (ValidationError) while a step before submission is unfinished, for example a KPI
    without an owner. Returns how many KPIs were proposed.
    """
    goals = list(Strategy.objects.with_tree().get(pk=strategy.pk).goals.all())
    if first_open_step(goals) != Step.SUBMIT:
        raise ValidationError(_("The plan is not complete yet; finish the validation step first."))
    kpis = list(
        Kpi.objects.select_for_update().filter(
            csf__goal__strategy=strategy, status__in=[KpiStatus.DRAFT, KpiStatus.REJECTED]
        )
    )
    for kpi in kpis:
        # One save per KPI (not .update()) so the history records who proposed it.
        kpi.status = KpiStatus.PROPOSED
        kpi.version += 1  # the row is locked, so this cannot race with an edit
        kpi.save(update_fields=["status", "version", "updated_at"])
    Plan.objects.update_or_create(
        strategy=strategy,
        defaults={
            "current_step": Step.SUBMIT,
            "submitted_at": timezone.now(),
            "submitted_by": user,
        },
    )
    return len(kpis)


@transaction.atomic
def item_move(*, item, direction: str) -> bool:
    """Swap a goal, CSF or KPI with its neighbour among its siblings; False at either end.

    Orders are renumbered 0..n first, because items made elsewhere may share an order value.
    """
    parent_field = {"Goal": "strategy", "CriticalSuccessFactor": "goal", "Kpi": "csf"}[
        type(item).__name__
    ]
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
