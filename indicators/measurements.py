"""Entering a KPI's values: the one write path of the KPI page, "My KPIs", the file import and the
API, so each applies the same rules and keeps the same history.

- A value belongs to one period of the KPI's frequency, named by the period's first day; a period
  that has not started yet takes no value.
- Entering a period that already has a value is a correction: the row is updated in place and its
  history (simple-history on `Measurement`) keeps who changed it, when, and the value before.
- A value that puts the KPI off track needs a note that explains it.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import tracking
from .models import Kpi, Measurement


class MeasurementRefused(ValueError):
    """The value cannot be recorded; the message says why, in the user's language."""


@dataclass(frozen=True)
class Recorded:
    measurement: Measurement
    corrected: bool  # the period had a value already; this one replaced it
    previous_value: Decimal | None = None


def period_problem(kpi: Kpi, period: datetime.date, today: datetime.date | None = None):
    """Why `period` cannot hold a value of `kpi`, as a message (None: it can)."""
    today = today or timezone.localdate()
    if not kpi.frequency:
        return _("This KPI has no measurement frequency yet, so it has no periods to fill in.")
    start = tracking.period_start(period, kpi.frequency)
    if start != period:
        return _(
            "%(date)s is not the first day of a period of this KPI (measured: %(frequency)s). "
            "The period it falls in starts on %(start)s."
        ) % {
            "date": formats.date_format(period, "SHORT_DATE_FORMAT"),
            "frequency": kpi.get_frequency_display().lower(),
            "start": formats.date_format(start, "SHORT_DATE_FORMAT"),
        }
    if period > today:
        return _("The period of %(date)s has not started yet.") % {
            "date": formats.date_format(period, "SHORT_DATE_FORMAT")
        }
    return None


def is_off_track(kpi: Kpi, period: datetime.date, value: Decimal) -> bool:
    """Whether `value` for `period` would put the KPI off track (judged at the period's end, or
    today if that is earlier)."""
    day = min(tracking.period_end(period, kpi.frequency), timezone.localdate())
    return tracking.track(kpi.course(), [(period, value)], day).status == tracking.OFF_TRACK


def check(kpi: Kpi, period: datetime.date, value: Decimal, note: str = "") -> None:
    """Raise MeasurementRefused when the value may not be recorded as it is."""
    problem = period_problem(kpi, period)
    if problem:
        raise MeasurementRefused(problem)
    if not note.strip() and is_off_track(kpi, period, value):
        raise MeasurementRefused(
            _("This value is off track: add a note that explains it and what is being done.")
        )


def record(kpi: Kpi, *, period: datetime.date, value: Decimal, note: str = "", user) -> Recorded:
    """Record `value` for `period` of `kpi` as `user`: a new value, or a correction of the value
    the period had. Safe against two people entering the same period at once: one creates the
    row, the other corrects it, and both changes are in the history."""
    check(kpi, period, value, note)
    with transaction.atomic():
        existing = Measurement.objects.select_for_update().filter(kpi=kpi, period=period).first()
        if existing is None:
            created = Measurement(kpi=kpi, period=period, value=value, note=note, entered_by=user)
            created._history_user = user
            try:
                with transaction.atomic():
                    created.save()
                return Recorded(created, corrected=False)
            except IntegrityError:  # entered by someone else a moment ago
                existing = Measurement.objects.select_for_update().get(kpi=kpi, period=period)
        previous = existing.value
        existing.value, existing.note, existing.entered_by = value, note, user
        existing.version = F("version") + 1
        existing._history_user = user
        existing.save()
        existing.refresh_from_db(fields=["version"])
        return Recorded(existing, corrected=True, previous_value=previous)


@dataclass(frozen=True)
class Change:
    """One entry in a value's history."""

    when: datetime.datetime
    who: object  # a user, or None
    value: Decimal
    note: str
    kind: str  # "+" entered, "~" corrected


def history(measurements) -> dict:
    """The changes of each of `measurements`, newest first, keyed by measurement id, in one
    query."""
    ids = [m.pk for m in measurements]
    changes: dict = {pk: [] for pk in ids}
    rows = (
        Measurement.history.filter(id__in=ids)
        .select_related("history_user")
        .order_by("-history_date")
    )
    for row in rows:
        changes[row.id].append(
            Change(row.history_date, row.history_user, row.value, row.note, row.history_type)
        )
    return changes
