"""Tracking on top of the models: a KPI's track and a tree's roll-up (`KpiTracking`, mixed into
`Kpi`), and the latest values of many KPIs in one query (`MeasurementQuerySet.readings`).

The rules are plain functions in indicators/tracking.py; this module reads the KPI's milestones
and values for them (prefetch them for a list: no query per KPI).
"""

import datetime
import uuid

from django.db.models import CharField, F, QuerySet, Window
from django.db.models.functions import Cast, RowNumber
from django.utils import timezone

from . import tracking


class KpiTracking:
    """The tracking methods of `Kpi` (which names `TRACKED_STATUSES`, the statuses whose KPIs
    take part in tracking and roll-ups)."""

    # How many of its latest values `track_tree(latest=…)` reads for a KPI's sparkline.
    SPARKLINE_VALUES = tracking.SPARKLINE_VALUES

    def course(self) -> tracking.Course:
        """The KPI's plan as the tracking rules read it."""
        return tracking.Course(
            direction=self.direction,
            baseline_value=self.baseline_value,
            baseline_date=self.baseline_date,
            target_value=self.target_value,
            target_max=self.target_max,
            target_date=self.target_date,
            on_track=self.on_track_threshold,
            off_track=self.off_track_threshold,
            milestones=tuple((m.due_date, m.value) for m in self.milestones.all()),
            frequency=self.frequency,
        )

    def track_on(self, day: datetime.date | None = None, readings=None) -> tracking.Track:
        """Status, progress and latest value on `day` (today when not given), from the KPI's
        (prefetched) measurements, or from `readings`: its (period, value) pairs."""
        day = day or timezone.localdate()
        if readings is None:
            readings = [(m.period, m.value) for m in self.measurements.all()]
        return tracking.track(self.course(), readings, day)

    def status_on(self, day: datetime.date | None = None) -> str:
        """on_track, at_risk, off_track, no_data or overdue on `day`."""
        return self.track_on(day).status

    def progress(self, day: datetime.date | None = None):
        """The raw progress of the latest value up to `day` (None: nothing to compute)."""
        return self.track_on(day).progress

    @classmethod
    def track_tree(
        cls,
        goals,
        day: datetime.date | None = None,
        readings: dict | None = None,
        *,
        latest: int = 1,
    ) -> tracking.RollUp:
        """Track every KPI under `goals` (a tree loaded with `Strategy.with_tracking()`) and roll
        up: sets `kpi.track`, `kpi.recent` (its latest `latest` (period, value) pairs, oldest
        first), `csf.rollup` and `goal.rollup`, and returns the strategy's roll-up. Rejected and
        retired KPIs are shown with no status and left out of the roll-ups.

        The values are read in one query (`Measurement.objects.readings()`), unless `readings`
        brings them (a page of several trees reads them all at once)."""
        day = day or timezone.localdate()
        if readings is None:
            measurements = cls._meta.get_field("measurements").related_model.objects
            under = measurements.filter(
                kpi__csf__goal__in=[goal.pk for goal in goals],
                kpi__status__in=cls.TRACKED_STATUSES,
            )
            readings = under.readings(day=day, latest=latest)
        everything = []
        for goal in goals:
            below_goal = []
            for csf in goal.csfs.all():
                below_csf = []
                for kpi in csf.kpis.all():
                    kpi.track = None
                    kpi.recent = readings.get(kpi.pk, ())
                    if kpi.status in cls.TRACKED_STATUSES:
                        kpi.track = kpi.track_on(day, kpi.recent)
                    if kpi.track is not None:
                        below_csf.append((kpi.track, kpi.weight))
                csf.rollup = tracking.roll_up(below_csf)
                below_goal += below_csf
            goal.rollup = tracking.roll_up(below_goal)
            everything += below_goal
        return tracking.roll_up(everything)

    def open_periods(self, day: datetime.date | None = None) -> list[tracking.OpenPeriod]:
        """The periods up to `day` that still want a value (running, due, overdue), oldest
        first; reads the prefetched measurements."""
        day = day or timezone.localdate()
        filled = {m.period for m in self.measurements.all()}
        return tracking.open_periods(self.frequency, self.baseline_date, day, filled)

    def sparkline(self) -> str:
        """SVG polyline points of the latest values read by `track_tree(latest=…)`."""
        return tracking.sparkline([value for _period, value in self.recent])


class MeasurementQuerySet(QuerySet):
    def readings(self, *, day: datetime.date, latest: int = 1) -> dict:
        """The latest `latest` (period, value) pairs up to `day` of each KPI, oldest first,
        keyed by KPI id: what `Kpi.track_tree()` reads.

        One query, and plain tuples rather than model rows: a tree of 500 KPIs with years of
        values would otherwise turn thousands of rows into objects. Status and progress read
        the latest value only; a sparkline the last few (`tracking.SPARKLINE_VALUES`)."""
        ranked = (
            self.filter(period__lte=day)
            .annotate(
                recent=Window(RowNumber(), partition_by=F("kpi_id"), order_by=F("period").desc())
            )
            .filter(recent__lte=latest)
            .order_by("period")
            # The KPI's id as text, made a UUID once per KPI rather than once per value.
            .values_list(Cast("kpi_id", CharField()), "period", "value")
        )
        found: dict = {}
        for kpi_id, period, value in ranked:
            found.setdefault(kpi_id, []).append((period, value))
        return {uuid.UUID(kpi_id): pairs for kpi_id, pairs in found.items()}
