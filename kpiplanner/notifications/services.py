"""Who hears about what: each write of the review flow that leaves work for someone records a
`Notification` per recipient (in its transaction) and, once it commits, queues the digest task.

- KPIs wait for review (a submission, a KPI proposed again, an approved KPI changed): the
  approvers (managers and admins) of the strategy's organisation.
- A KPI was rejected: the editor(s) who last proposed it, with the reason.
- A KPI set was approved: the editors who proposed its KPIs since the previous version.

Nobody hears about their own step; people who turned the e-mails off on their account page, or
have no address, get no rows at all; another organisation's members never do.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from indicators.models import KpiStatus
from kpiplanner.accounts.models import APPROVER_ROLES, EDITOR_ROLES
from kpiplanner.reviews.models import KpiSetVersion, KpiTransition

from .models import Notification


def _recipients(organisation_id, roles, *, actor, among=None) -> list[int]:
    """The ids of the active members with `roles` in the organisation who want the e-mails."""
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__role__in=list(roles),
        )
        .exclude(email="")
        .exclude(profile__email_notifications=False)
    )
    if actor is not None:
        users = users.exclude(pk=actor.pk)
    if among is not None:
        users = users.filter(pk__in=among)
    return list(users.values_list("pk", flat=True).distinct())


def _record(rows: list[Notification]) -> None:
    if not rows:
        return
    Notification.objects.bulk_create(rows)
    from .tasks import send_notifications_task

    transaction.on_commit(lambda: send_notifications_task.enqueue())


def notify_review(*, strategy, kpis, actor) -> None:
    """`kpis` of `strategy` (just proposed) wait for an approver's decision."""
    kpis = list(kpis)
    if not kpis:
        return
    recipients = _recipients(strategy.organisation_id, APPROVER_ROLES, actor=actor)
    _record(
        [
            Notification(
                recipient_id=user_id,
                kind=Notification.Kind.REVIEW,
                strategy_id=strategy.pk,
                kpi=kpi,
                kpi_name=kpi.name,
                actor=actor,
            )
            for user_id in recipients
            for kpi in kpis
        ]
    )


def notify_rejected(*, strategy, kpi, actor, reason: str) -> None:
    """`kpi` was rejected: the editor who last proposed it hears why."""
    proposer = (
        KpiTransition.objects.filter(kpi=kpi, to_status=KpiStatus.PROPOSED)
        .order_by("-at", "-pk")
        .values_list("by_id", flat=True)
        .first()
    )
    if proposer is None:
        return
    recipients = _recipients(strategy.organisation_id, EDITOR_ROLES, actor=actor, among=[proposer])
    _record(
        [
            Notification(
                recipient_id=user_id,
                kind=Notification.Kind.REJECTED,
                strategy_id=strategy.pk,
                kpi=kpi,
                kpi_name=kpi.name,
                reason=reason,
                actor=actor,
            )
            for user_id in recipients
        ]
    )


def notify_set_approved(*, version: KpiSetVersion, actor) -> None:
    """`version` was approved: the editors who proposed its KPIs since the version before."""
    strategy = version.strategy
    proposals = KpiTransition.objects.filter(
        kpi__csf__goal__strategy_id=strategy.pk, to_status=KpiStatus.PROPOSED
    )
    previous = (
        KpiSetVersion.objects.filter(strategy_id=strategy.pk, number__lt=version.number)
        .order_by("-number")
        .values_list("approved_at", flat=True)
        .first()
    )
    if previous is not None:
        proposals = proposals.filter(at__gt=previous)
    proposers = proposals.values_list("by_id", flat=True)
    recipients = _recipients(strategy.organisation_id, EDITOR_ROLES, actor=actor, among=proposers)
    _record(
        [
            Notification(
                recipient_id=user_id,
                kind=Notification.Kind.APPROVED,
                strategy_id=strategy.pk,
                number=version.number,
                actor=actor,
            )
            for user_id in recipients
        ]
    )
