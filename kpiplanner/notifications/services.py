"""Who hears about what: each write of the review flow that leaves work for someone records a
`Notification` per recipient (in its transaction) and, once it commits, queues the digest task.

- KPIs wait for review (a submission, a KPI proposed again, an approved KPI changed): the
  approvers (managers and admins) of the strategy's organisation.
- A KPI was rejected: the editor(s) who last proposed it, with the reason.
- A KPI set was approved: the editors who proposed its KPIs since the previous version.

The review flow works out who proposed what (its KpiTransitions) and passes it in, so this
package imports none of it. Nobody hears about their own step; people who turned the e-mails
off on their account page, or have no address, get no rows at all; another organisation's
members never do.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from kpiplanner.accounts.models import APPROVER_ROLES, EDITOR_ROLES

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


def _record(kind, *, strategy, actor, recipients, each=({},)) -> None:
    """One `Notification` of `kind` per recipient and per entry of `each` (the fields that
    differ: a KPI, a reason, a version number); the digest task is queued once it commits."""
    rows = [
        Notification(
            recipient_id=user_id, kind=kind, strategy_id=strategy.pk, actor=actor, **fields
        )
        for user_id in recipients
        for fields in each
    ]
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
    _record(
        Notification.Kind.REVIEW,
        strategy=strategy,
        actor=actor,
        recipients=_recipients(strategy.organisation_id, APPROVER_ROLES, actor=actor),
        each=[{"kpi": kpi, "kpi_name": kpi.name} for kpi in kpis],
    )


def notify_rejected(*, strategy, kpi, actor, reason: str, proposer_id) -> None:
    """`kpi` was rejected: the editor who last proposed it (`proposer_id`) hears why."""
    if proposer_id is None:
        return
    _record(
        Notification.Kind.REJECTED,
        strategy=strategy,
        actor=actor,
        recipients=_recipients(
            strategy.organisation_id, EDITOR_ROLES, actor=actor, among=[proposer_id]
        ),
        each=[{"kpi": kpi, "kpi_name": kpi.name, "reason": reason}],
    )


def notify_set_approved(*, strategy, number: int, actor, proposer_ids) -> None:
    """Version `number` of `strategy`'s set was approved: the editors who proposed its KPIs
    (`proposer_ids`, since the version before) hear it."""
    _record(
        Notification.Kind.APPROVED,
        strategy=strategy,
        actor=actor,
        recipients=_recipients(
            strategy.organisation_id, EDITOR_ROLES, actor=actor, among=proposer_ids
        ),
        each=[{"number": number}],
    )
