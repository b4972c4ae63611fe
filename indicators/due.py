"""What KPI owners still have to enter: the periods without a value, for "My KPIs", the count
on "Voor mij" and the reminder e-mails (indicators/reminders.py)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, IntegerField, Prefetch, Value, When

from . import tracking
from .models import Kpi, KpiStatus, Measurement

DEFAULT_REMINDER_DAYS = 3


def reminder_days() -> int:
    """How many days before a period ends its value is "due soon" (REMINDER_DAYS_BEFORE)."""
    return getattr(settings, "REMINDER_DAYS_BEFORE", DEFAULT_REMINDER_DAYS)


def owned_kpis(user, organisation_ids):
    """The KPIs `user` owns in `organisation_ids` that take part in tracking, approved ones
    first, then by strategy and their place in its tree; with what tracking reads prefetched."""
    measurements = Measurement.objects.only("id", "kpi_id", "period", "value")
    return (
        Kpi.objects.filter(
            owner=user,
            csf__goal__strategy__organisation_id__in=list(organisation_ids),
            status__in=Kpi.TRACKED_STATUSES,
        )
        .select_related("csf__goal__strategy__organisation")
        .prefetch_related("milestones", Prefetch("measurements", queryset=measurements))
        .order_by(
            Case(
                When(status=KpiStatus.APPROVED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            "csf__goal__strategy__name",
            "csf__goal__order",
            "csf__order",
            "order",
            "created_at",
        )
    )


@dataclass(frozen=True)
class ToEnter:
    """How many values wait: overdue ones, and ones due soon (the reminders' two kinds)."""

    overdue: int = 0
    due: int = 0

    @property
    def total(self) -> int:
        return self.overdue + self.due


def count_to_enter(kpis, day: datetime.date) -> ToEnter:
    """Count the values `kpis` (with measurements prefetched) wait for on `day`."""
    overdue = due = 0
    days = reminder_days()
    for kpi in kpis:
        for _start, kind in tracking.reminders(kpi.open_periods(day), day, days):
            if kind == tracking.OVERDUE:
                overdue += 1
            else:
                due += 1
    return ToEnter(overdue, due)


def to_enter_for(user, organisation_ids, day: datetime.date) -> ToEnter:
    """`count_to_enter` of the KPIs `user` owns, in two queries (the KPIs with only what
    tracking reads, and their filled periods): for the count in every page's header."""
    kpis = Kpi.objects.filter(
        owner=user,
        csf__goal__strategy__organisation_id__in=list(organisation_ids),
        status__in=Kpi.TRACKED_STATUSES,
    ).only("id", "frequency", "baseline_date")
    measurements = Measurement.objects.only("id", "kpi_id", "period")
    return count_to_enter(kpis.prefetch_related(Prefetch("measurements", measurements)), day)
