"""Tracking on top of the models: a KPI's track and a tree's roll-up (`KpiTracking`, mixed into
`Kpi`), and the latest values of many KPIs in one query (`MeasurementQuerySet.readings`).

The rules are plain functions in indicators/tracking.py; this module reads the KPI's milestones
and values for them (prefetch them for a list: no query per KPI).
"""

import datetime
from itertools import repeat

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, OuterRef, QuerySet, Subquery
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
        """Track every KPI under `goals` (a tree loaded with `Strategy.with_tracking()` or
        `goals.tree.load_tree()`) and roll up: sets `kpi.track`, `kpi.recent` (its latest
        `latest` (period, value) pairs, oldest first), `csf.rollup` and `goal.rollup`, and
        returns the strategy's roll-up. Rejected and retired KPIs are shown with no status and
        left out of the roll-ups.

        The values are read in one query (`Measurement.objects.readings()`), unless `readings`
        brings them (a page of several trees reads them all at once)."""
        day = day or timezone.localdate()
        if readings is None:
            # The tracked KPIs of the goals' strategy, as a subquery: a list of 500 ids took
            # the ORM longer to put into the query than the database to read it.
            tracked = cls._base_manager.filter(
                csf__goal__strategy__in={goal.strategy_id for goal in goals},
                status__in=cls.TRACKED_STATUSES,
            )
            measurements = cls._meta.get_field("measurements").related_model.objects
            readings = measurements.readings(tracked, day=day, latest=latest)
        everything = []
        for goal in goals:
            below_goal = []
            for csf in goal.csfs.all():
                below_csf = []
                for kpi in csf.kpis.all():
                    kpi.track = None
                    kpi.recent = recent = readings.get(kpi.pk, ())
                    if kpi.status in cls.TRACKED_STATUSES:
                        # Status and progress read the latest value up to `day` only: the
                        # others (a sparkline's) need not be sorted through again.
                        if recent and recent[-1][0] <= day:
                            recent = recent[-1:]
                        kpi.track = kpi.track_on(day, recent)
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


def _converted(column: tuple, converters: dict, index: int, connection) -> tuple | list:
    """A column's database values as the ORM converts them (`compiler.get_converters()`)."""
    functions, expression = converters.get(index, ((), None))
    for function in functions:
        column = list(map(function, column, repeat(expression), repeat(connection)))
    return column


class MeasurementQuerySet(QuerySet):
    def readings(self, kpis, *, day: datetime.date, latest: int = 1) -> dict:
        """The latest `latest` (period, value) pairs up to `day` of each of `kpis` (KPI ids, or
        a queryset of KPIs) among these measurements, oldest first, keyed by KPI id: what
        `Kpi.track_tree()` reads.

        One query, and plain tuples rather than model rows: a tree of 500 KPIs with years of
        values would otherwise turn thousands of rows into objects. Status and progress read
        the latest value only; a sparkline the last few (`tracking.SPARKLINE_VALUES`).

        The query finds each KPI's `latest`-th latest period first (one look-up in the index
        per KPI) and then reads the values from there on: a window function numbering every
        value of every KPI (the plain way) took SQLite three times as long.
        """
        kpi_model = self.model._meta.get_field("kpi").related_model
        since = (
            self.model._base_manager.filter(kpi=OuterRef("pk"), period__lte=day)
            .order_by("-period")
            .values("period")[latest - 1 : latest]
        )
        marks = (
            kpi_model._base_manager.filter(pk__in=kpis)
            .order_by()
            .annotate(mark_kpi=F("pk"), mark_since=Subquery(since))
            .values("mark_kpi", "mark_since")
            # A DISTINCT derived table is not merged into the outer query (SQLite would then
            # look the mark up again for every value): one look-up per KPI.
            .distinct()
        )
        rows = (
            self.filter(period__lte=day)
            .order_by()
            .annotate(row_kpi=F("kpi_id"), row_period=F("period"), row_value=F("value"))
            .values("row_kpi", "row_period", "row_value")
        )
        connection = connections[self.db]
        compiler = rows.query.get_compiler(connection=connection)
        try:
            rows_sql, rows_params = compiler.as_sql()
            marks_sql, marks_params = marks.query.get_compiler(connection=connection).as_sql()
        except EmptyResultSet:  # no KPI (or no measurement) to read: no query, as the ORM does
            return {}
        converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
        # The periods as text, made dates here once per distinct period: the database driver
        # would convert every value's.
        sql = (
            f"SELECT r.row_kpi, CAST(r.row_period AS TEXT), r.row_value FROM ({rows_sql}) r "
            f"INNER JOIN ({marks_sql}) m ON r.row_kpi = m.mark_kpi "
            "WHERE m.mark_since IS NULL OR r.row_period >= m.mark_since "
            "ORDER BY r.row_period"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, (*rows_params, *marks_params))
            rows = cursor.fetchall()
        if not rows:
            return {}
        # Converted a column at a time, and each KPI's id once (not once per value).
        kpi_ids, periods, values = zip(*rows, strict=True)
        dates = {period: datetime.date.fromisoformat(period) for period in set(periods)}
        pairs = zip(
            map(dates.__getitem__, periods),
            _converted(values, converters, 2, connection),
            strict=True,
        )
        found: dict = {}
        for kpi_id, pair in zip(kpi_ids, pairs, strict=True):
            found.setdefault(kpi_id, []).append(pair)
        ids = _converted(tuple(found), converters, 0, connection)
        return dict(zip(ids, found.values(), strict=True))
