"""Progress and status of a KPI, and their roll-up: plain Python, no Django.

Plain data in (`Course`: the KPI's plan; `Reading`s: its measurements), plain data out (`Track`,
`RollUp`), so the rules are fast to test and the same for the pages, the handbook and an API.
The rules in a manager's words are in docs/TRACKING.md; keep the two alike.

- progress = (actual − baseline) / (target − baseline), kept raw (below 0 when worse than the
  baseline, above 1 when past the target) and shown clamped to 0–100 %. The direction follows from
  the sign of target − baseline. A range KPI has progress 1 inside its band; outside it, progress
  runs from its baseline to the nearest edge of the band.
- expected progress at a date: along the planned course, straight from the baseline to the
  target, or through the milestones; 1 when the course has no dates.
- status: the KPI's own thresholds where it has them, else progress against expected progress
  (≥ 95 % of it: on track, ≥ 85 %: at risk, else off track). "no data" (no value yet, or nothing
  to compare it with) and "overdue" (a value is due by the frequency and missing) are states of
  their own.
"""

import datetime
import functools
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
NO_DATA = "no_data"
OVERDUE = "overdue"
STATUSES = (ON_TRACK, AT_RISK, OFF_TRACK, OVERDUE, NO_DATA)

ON_TRACK_SHARE = Decimal("0.95")  # of expected progress
AT_RISK_SHARE = Decimal("0.85")

# How many days after a period ends its value counts as overdue, per frequency.
GRACE_DAYS = {"daily": 1, "weekly": 3, "monthly": 10, "quarterly": 15, "yearly": 30}

# Which status is worse, for "the worst status below": a red KPI is never hidden by a green one;
# a missing value is counted apart ("3 of 5 measured") and is worst only when nothing is judged.
SEVERITY = {NO_DATA: 0, ON_TRACK: 1, OVERDUE: 2, AT_RISK: 3, OFF_TRACK: 4}


@dataclass(frozen=True)
class Course:
    """What the rules need of a KPI's plan."""

    direction: str = "higher"  # higher, lower or range (thresholds only read it)
    baseline_value: Decimal | None = None
    baseline_date: datetime.date | None = None
    target_value: Decimal | None = None
    target_max: Decimal | None = None  # a range's upper edge
    target_date: datetime.date | None = None
    on_track: Decimal | None = None
    off_track: Decimal | None = None
    milestones: tuple[tuple[datetime.date, Decimal], ...] = ()
    frequency: str = ""

    @property
    def is_range(self) -> bool:
        return self.direction == "range" and self.target_value is not None


@dataclass(frozen=True)
class Track:
    """Where a KPI stands on a day."""

    status: str
    progress: Decimal | None = None  # raw
    expected: Decimal | None = None
    latest_period: datetime.date | None = None
    latest_value: Decimal | None = None

    @property
    def capped(self) -> Decimal | None:
        return clamp(self.progress)

    @property
    def percent(self) -> int | None:
        """The progress shown: a whole percentage from 0 to 100."""
        return None if self.progress is None else round(clamp(self.progress) * 100)


def clamp(progress: Decimal | None) -> Decimal | None:
    if progress is None:
        return None
    return min(max(progress, Decimal(0)), Decimal(1))


def progress(course: Course, actual: Decimal | None) -> Decimal | None:
    """(actual − baseline) / (target − baseline), raw; None when it cannot be computed."""
    if actual is None or course.target_value is None:
        return None
    if course.is_range:
        return _range_progress(course, actual)
    if course.baseline_value is None or course.target_value == course.baseline_value:
        return None
    return (actual - course.baseline_value) / (course.target_value - course.baseline_value)


def _range_progress(course: Course, actual: Decimal) -> Decimal:
    low = course.target_value
    high = course.target_max if course.target_max is not None else low
    if low <= actual <= high:
        return Decimal(1)
    edge = low if actual < low else high
    gap = abs(edge - actual)
    baseline = course.baseline_value
    # From the baseline when it lies outside the band on the same side; else the band's width
    # (or, for a band of one value, the value itself) sets the scale.
    if baseline is not None and (baseline < low if actual < low else baseline > high):
        scale = abs(edge - baseline)
    else:
        scale = (high - low) or abs(edge) or Decimal(1)
    return 1 - gap / scale


def _planned_points(course: Course) -> list[tuple[datetime.date, Decimal]]:
    if course.baseline_date is None or course.target_date is None:
        return []
    if course.baseline_value is None and not course.is_range:
        return []
    start = course.baseline_value
    if start is None:  # a range without a baseline: the course starts in the band
        start = course.target_value
    points = [(course.baseline_date, start)]
    points += [
        (day, value)
        for day, value in sorted(course.milestones)
        if course.baseline_date < day < course.target_date
    ]
    points.append((course.target_date, course.target_value))
    return points


def expected_value(course: Course, on: datetime.date) -> Decimal | None:
    """The value the plan expects on `on` (None when the plan has no dated course)."""
    points = _planned_points(course)
    if not points:
        return None
    if on <= points[0][0]:
        return points[0][1]
    for (day0, value0), (day1, value1) in itertools.pairwise(points):
        if on <= day1:
            share = Decimal((on - day0).days) / Decimal((day1 - day0).days)
            return value0 + (value1 - value0) * share
    return points[-1][1]


def expected_progress(course: Course, on: datetime.date) -> Decimal | None:
    """The progress the plan expects on `on`: 0 at the baseline date, 1 at the target date."""
    if course.target_value is None:
        return None
    value = expected_value(course, on)
    if value is None:
        return Decimal(1)  # no dated course: the target itself is what counts
    if on >= course.target_date:
        return Decimal(1)
    if on <= course.baseline_date:
        return Decimal(0)
    return progress(course, value)


def period_end(start: datetime.date, frequency: str) -> datetime.date:
    """The last day of the period that begins on `start`."""
    if frequency == "daily":
        return start
    if frequency == "weekly":
        return start + datetime.timedelta(days=6)
    months = {"monthly": 1, "quarterly": 3, "yearly": 12}.get(frequency)
    if months is None:
        return start
    index = start.year * 12 + start.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1) - datetime.timedelta(days=1)


def period_start(day: datetime.date, frequency: str) -> datetime.date:
    """The first day of the period of `frequency` that `day` falls in."""
    if frequency == "weekly":
        return day - datetime.timedelta(days=day.weekday())
    if frequency == "monthly":
        return day.replace(day=1)
    if frequency == "quarterly":
        return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    if frequency == "yearly":
        return datetime.date(day.year, 1, 1)
    return day


def due_period(frequency: str, on: datetime.date) -> datetime.date | None:
    """The latest period whose value is overdue on `on` if it is missing (None: nothing is due)."""
    if frequency not in GRACE_DAYS:
        return None
    # The period that ended at least the grace days ago.
    last_day = on - datetime.timedelta(days=GRACE_DAYS[frequency])
    start = period_start(last_day, frequency)
    if period_end(start, frequency) > last_day:
        start = period_start(start - datetime.timedelta(days=1), frequency)
    return start


# The periods of a KPI that still want a value, in the order they fall.
OPEN = "open"  # the period is running; its value is due when it ends
DUE = "due"  # the period has ended; its value is due within the grace days
OPEN_KINDS = (OPEN, DUE, OVERDUE)
# At most this many of the latest periods are listed (a daily KPI measured since long ago would
# otherwise list hundreds); older gaps stay visible on the KPI's own page.
MAX_OPEN_PERIODS = 24


@dataclass(frozen=True)
class OpenPeriod:
    """A period without a value: when it starts and ends, and from which day it is overdue."""

    start: datetime.date
    end: datetime.date
    overdue_from: datetime.date
    kind: str  # OPEN, DUE or OVERDUE, on the day asked about


def next_period(start: datetime.date, frequency: str) -> datetime.date:
    """The first day of the period after the one that begins on `start`."""
    return period_end(start, frequency) + datetime.timedelta(days=1)


def overdue_from(start: datetime.date, frequency: str) -> datetime.date:
    """The first day on which the value of the period that begins on `start` is overdue."""
    return period_end(start, frequency) + datetime.timedelta(days=GRACE_DAYS.get(frequency, 0))


def open_periods(
    frequency: str,
    baseline_date: datetime.date | None,
    on: datetime.date,
    filled: Iterable[datetime.date] = (),
    limit: int = MAX_OPEN_PERIODS,
) -> list[OpenPeriod]:
    """The periods up to the running one on `on` that have no value, oldest first: the running
    period (OPEN), ended ones within their grace days (DUE) and older ones (OVERDUE).

    Periods that begin before the baseline date are never asked for (as in `track`); without
    a baseline date the backlog stops at the latest overdue period, so none is invented. At
    most the latest `limit` periods are looked at.
    """
    if frequency not in GRACE_DAYS:
        return []
    filled = set(filled)
    current = period_start(on, frequency)
    starts = [current]
    while len(starts) < limit:
        previous = period_start(starts[-1] - datetime.timedelta(days=1), frequency)
        if baseline_date is not None and previous < baseline_date:
            break
        starts.append(previous)
        if baseline_date is None and overdue_from(previous, frequency) <= on:
            break  # the latest overdue one, and no backlog before it
    found = []
    for start in reversed(starts):
        if start in filled or (baseline_date is not None and start < baseline_date):
            continue
        end = period_end(start, frequency)
        late = overdue_from(start, frequency)
        kind = OVERDUE if on >= late else DUE if on > end else OPEN
        found.append(OpenPeriod(start, end, late, kind))
    return found


# Kinds of reminder an owner gets about a period without a value.
DUE_SOON = "due_soon"
REMINDER_KINDS = (DUE_SOON, OVERDUE)


def reminders(periods: Iterable[OpenPeriod], on: datetime.date, days_before: int):
    """(period start, kind) of the reminders `periods` call for on `on`: "due soon" from
    `days_before` days before a period ends until it is overdue, then "overdue"."""
    found = []
    for period in periods:
        if period.kind == OVERDUE:
            found.append((period.start, OVERDUE))
        elif on >= period.end - datetime.timedelta(days=days_before):
            found.append((period.start, DUE_SOON))
    return found


def _by_thresholds(course: Course, actual: Decimal, fallback: str | None) -> str | None:
    """The status the thresholds give; a threshold that is not set leaves its side to
    `fallback` (the expected-progress rule), which may then not cross the set line."""
    on, off = course.on_track, course.off_track
    if course.direction not in ("higher", "lower") or (on is None and off is None):
        return fallback

    def better_or_equal(value, line):
        return value >= line if course.direction == "higher" else value <= line

    if on is not None and better_or_equal(actual, on):
        return ON_TRACK
    if off is not None and not better_or_equal(actual, off):
        return OFF_TRACK
    if on is not None and off is not None:
        return AT_RISK
    if on is not None:  # below the on-track line, no off-track line: never on track
        return AT_RISK if fallback in (None, ON_TRACK) else fallback
    return AT_RISK if fallback == OFF_TRACK else (fallback or ON_TRACK)


def _by_expected(actual_progress: Decimal | None, expected: Decimal | None) -> str | None:
    if actual_progress is None or expected is None:
        return None
    if actual_progress >= 1 or actual_progress >= ON_TRACK_SHARE * expected:
        return ON_TRACK
    if actual_progress >= AT_RISK_SHARE * expected:
        return AT_RISK
    return OFF_TRACK


def track(
    course: Course,
    readings: Iterable[tuple[datetime.date, Decimal]],
    on: datetime.date,
) -> Track:
    """Where the KPI stands on `on`, from its (period, value) readings up to that day."""
    readings = sorted((p, v) for p, v in readings if p <= on and v is not None)
    if not readings:
        return Track(NO_DATA)
    period, value = readings[-1]
    actual_progress = progress(course, value)
    measured_on = min(period_end(period, course.frequency), on)
    expected = expected_progress(course, measured_on)
    due = due_period(course.frequency, on)
    started = course.baseline_date is None or (due is not None and due >= course.baseline_date)
    if due is not None and period < due and started:
        status = OVERDUE
    elif course.is_range and actual_progress == 1:
        status = ON_TRACK
    else:
        status = _by_thresholds(course, value, _by_expected(actual_progress, expected)) or NO_DATA
    return Track(status, actual_progress, expected, period, value)


@dataclass(frozen=True)
class RollUp:
    """The roll-up of the KPIs below a node."""

    progress: Decimal | None  # weighted mean of capped progress, 0–1; None when none measured
    measured: int
    total: int
    worst: str

    @property
    def percent(self) -> int | None:
        return None if self.progress is None else round(self.progress * 100)


def roll_up(items: Sequence[tuple[Track, int | float | Decimal]] | Iterable) -> RollUp:
    """Roll (track, weight) pairs up: the weighted mean of capped progress over the KPIs that
    have one (the others are skipped and counted), and the worst status of them all."""
    total = measured = 0
    weighted = Decimal(0)
    weights = Decimal(0)
    worst = NO_DATA
    for item, weight in items:
        total += 1
        if SEVERITY[item.status] > SEVERITY[worst]:
            worst = item.status
        if item.progress is None:
            continue
        measured += 1
        weight = Decimal(str(weight))
        weighted += clamp(item.progress) * weight
        weights += weight
    mean = weighted / weights if weights > 0 else None
    return RollUp(mean, measured, total, worst)


# How many of the latest values a sparkline draws.
SPARKLINE_VALUES = 12


def sparkline(values: Sequence[Decimal], *, width: int = 80, height: int = 20) -> str:
    """SVG polyline points of the last values, scaled into width × height (empty: no line)."""
    values = [float(v) for v in values]
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    pad = 2
    inner = height - 2 * pad
    # "%.1f" writes a number as round(number, 1) does, at a fraction of the cost: a strategy
    # page draws hundreds of these.
    return " ".join(
        [
            x + "%.1f" % (pad + (high - v) / span * inner)
            for x, v in zip(_sparkline_xs(len(values), width), values, strict=True)
        ]
    )


@functools.lru_cache(maxsize=64)
def _sparkline_xs(count: int, width: int) -> tuple[str, ...]:
    """ "x," of each of `count` points spread over `width`: the same for every line as long."""
    step = width / (count - 1)
    return tuple(f"{round(i * step, 1)}," for i in range(count))
