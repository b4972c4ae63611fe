"""Reminder e-mails to KPI owners: one when a value is due soon (REMINDER_DAYS_BEFORE days
before its period ends), one when it is overdue, and never twice for the same KPI, period and
kind: a `Reminder` row records each, and the database refuses a second.

Each owner gets one e-mail per run that lists only their own KPIs, in their language. Run by
`send_reminders_task` on the task queue (indicators/tasks.py), which `manage.py send_reminders`
queues from cron.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from kpiplanner.accounts.emails import site_url, user_mail

from . import tracking
from .due import reminder_days
from .models import Kpi, Measurement, Reminder
from .templatetags.kpi_tags import period_label

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Item:
    """One line of a reminder: a KPI's period that wants a value."""

    kpi: Kpi
    period: tracking.OpenPeriod
    kind: str  # tracking.DUE_SOON or tracking.OVERDUE

    @property
    def label(self) -> str:
        return period_label(self.period.start, self.kpi.frequency)


def _candidates(day: datetime.date) -> dict:
    """{owner: [Item]} of the reminders due on `day` that have not been sent yet. Only KPIs
    whose owner is still a member of the KPI's organisation and has an e-mail address."""
    measurements = Measurement.objects.only("id", "kpi_id", "period")
    kpis = (
        Kpi.objects.filter(
            status__in=Kpi.TRACKED_STATUSES,
            frequency__in=list(tracking.GRACE_DAYS),
            owner__is_active=True,
            csf__goal__strategy__organisation__memberships__user=F("owner"),
        )
        .exclude(owner__email="")
        .select_related("owner", "csf__goal__strategy")
        .prefetch_related(Prefetch("measurements", queryset=measurements))
        .order_by("csf__goal__strategy__name", "csf__goal__order", "csf__order", "order")
    )
    days = reminder_days()
    wanted = []
    for kpi in kpis:
        periods = {p.start: p for p in kpi.open_periods(day)}
        for start, kind in tracking.reminders(periods.values(), day, days):
            wanted.append(Item(kpi, periods[start], kind))
    if not wanted:
        return {}
    sent = set(
        Reminder.objects.filter(
            kpi_id__in={item.kpi.pk for item in wanted},
            period__gte=min(item.period.start for item in wanted),
        ).values_list("kpi_id", "period", "kind")
    )
    by_owner = defaultdict(list)
    for item in wanted:
        if (item.kpi.pk, item.period.start, item.kind) not in sent:
            by_owner[item.kpi.owner].append(item)
    return by_owner


def _claim(owner, items: list[Item]) -> list[Item]:
    """Record the reminders about to be sent; those another run recorded first are dropped."""
    claimed = []
    for item in items:
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    kpi=item.kpi, period=item.period.start, kind=item.kind, sent_to=owner
                )
        except IntegrityError:
            continue
        claimed.append(item)
    return claimed


def _message(owner, items: list[Item]) -> tuple[str, str]:
    return user_mail(
        owner,
        "indicators/email/reminder.txt",
        {
            "overdue": [i for i in items if i.kind == tracking.OVERDUE],
            "due_soon": [i for i in items if i.kind == tracking.DUE_SOON],
            "url": site_url(reverse("kpis:mine")),
        },
        subject=lambda: (
            ngettext(
                "KPI Planner: %(count)s value waits for you",
                "KPI Planner: %(count)s values wait for you",
                len(items),
            )
            % {"count": len(items)}
        ),
    )


def send_reminders(day: datetime.date | None = None) -> int:
    """Send every owner the reminders that are due on `day` (today) and not sent yet, one
    e-mail each; the number of e-mails sent. A failed e-mail leaves its reminders unrecorded,
    so the next run tries again."""
    day = day or timezone.localdate()
    count = 0
    for owner, items in _candidates(day).items():
        try:
            with transaction.atomic():
                claimed = _claim(owner, items)
                if not claimed:
                    continue
                subject, body = _message(owner, claimed)
                send_mail(subject, body, None, [owner.email])
        except OSError:  # smtplib's errors included: the others still get theirs
            logger.exception("The reminder e-mail to user %s failed", owner.pk)
            continue
        count += 1
    return count
