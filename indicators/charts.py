"""Progress charts of a KPI as server-side SVG: the measurements over time against the plan.

`progress_chart()` lays a chart out from plain values (dates and Decimals in a `ChartData`) and
returns a `Chart` whose every coordinate and label is ready to draw;
`templates/indicators/_progress_chart.html` draws it as inline SVG. The web pages and the PDF
handbook (Typst places the same SVG) use the same chart, so what a manager sees on screen is
what the printed handbook shows.

What it draws, each only when the KPI has it: the on track / at risk / off track bands of the
thresholds, the baseline, the target (a band for "within a range"), the planned path from the
baseline through the milestones to the target on its date, and the measurements.
"""

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from indicators.templatetags.kpi_tags import kpi_value

from .chart_scales import (  # noqa: F401 (short_date and reading_places are used from here)
    _date_ticks,
    _month_index,
    _short_number,
    _value_range,
    describe,
    reading_places,
    rounded_value,
    short_date,
    short_month,
)

WIDTH = 560
PLOT_LEFT, PLOT_RIGHT = 54, 544
PLOT_TOP, PLOT_BOTTOM = 20, 170
LEGEND_TOP = 202
LEGEND_ROW = 16
FONT_SIZE = 10
CHAR_WIDTH = 0.6 * FONT_SIZE  # DejaVu Sans, a little generous so labels never collide

COLOURS = {
    "measured": "#0b5ed7",
    "target": "#146c43",
    "baseline": "#6c757d",
    "on_track": "#d1e7dd",
    "at_risk": "#fff3cd",
    "off_track": "#f8d7da",
    "grid": "#e9ecef",
    "axis": "#adb5bd",
    "text": "#495057",
}


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


def _date(value) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class ChartData:
    """What a chart needs of a KPI, from a live KPI or from a snapshot item alike."""

    unit: str = ""
    direction: str = "higher"
    baseline_value: Decimal | None = None
    baseline_date: datetime.date | None = None
    target_value: Decimal | None = None
    target_max: Decimal | None = None
    target_date: datetime.date | None = None
    on_track: Decimal | None = None
    off_track: Decimal | None = None
    milestones: tuple[tuple[datetime.date, Decimal], ...] = ()
    measurements: tuple[tuple[datetime.date, Decimal], ...] = ()

    @classmethod
    def from_kpi(cls, kpi, measurements: Iterable | None = None) -> "ChartData":
        """From a `Kpi`; `measurements` are (period, value) pairs or `Measurement` rows."""
        if measurements is None:
            measurements = kpi.measurements.all()
        return cls(
            unit=kpi.unit,
            direction=kpi.direction,
            baseline_value=kpi.baseline_value,
            baseline_date=kpi.baseline_date,
            target_value=kpi.target_value,
            target_max=kpi.target_max,
            target_date=kpi.target_date,
            on_track=kpi.on_track_threshold,
            off_track=kpi.off_track_threshold,
            milestones=tuple((m.due_date, m.value) for m in kpi.milestones.all()),
            measurements=_pairs(measurements),
        )

    @classmethod
    def from_snapshot(cls, item: Mapping, measurements: Iterable = ()) -> "ChartData":
        """From a KPI of an approved version's snapshot (ISO dates, decimal strings)."""
        milestones = []
        for m in item.get("milestones") or ():
            day, value = _date(m.get("due_date")), _decimal(m.get("value"))
            if day is not None and value is not None:
                milestones.append((day, value))
        return cls(
            unit=item.get("unit") or "",
            direction=item.get("direction") or "higher",
            baseline_value=_decimal(item.get("baseline_value")),
            baseline_date=_date(item.get("baseline_date")),
            target_value=_decimal(item.get("target_value")),
            target_max=_decimal(item.get("target_max")),
            target_date=_date(item.get("target_date")),
            on_track=_decimal(item.get("on_track_threshold")),
            off_track=_decimal(item.get("off_track_threshold")),
            milestones=tuple(sorted(milestones)),
            measurements=_pairs(measurements),
        )


def _pairs(measurements: Iterable) -> tuple[tuple[datetime.date, Decimal], ...]:
    pairs = []
    for m in measurements:
        day, value = (m.period, m.value) if hasattr(m, "period") else m
        day, value = _date(day), _decimal(value)
        if day is not None and value is not None:
            pairs.append((day, value))
    return tuple(sorted(pairs))


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    label: str = ""
    anchor: str = "middle"

    @property
    def diamond(self) -> str:
        """SVG path of a diamond centred on the mark (milestones)."""
        return f"M{self.x} {round(self.y - 5, 2)} l5 5 l-5 5 l-5 -5 z"


@dataclass(frozen=True)
class Band:
    kind: str
    y: float
    height: float
    colour: str


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class LegendItem:
    kind: str
    label: str
    x: float
    y: float

    @property
    def band_colour(self) -> str:
        """The fill of a band's key (on track, at risk, off track)."""
        if self.kind in ("on_track", "target_band"):
            return COLOURS["on_track"]
        return COLOURS["at_risk"] if self.kind == "at_risk" else COLOURS["off_track"]


@dataclass(frozen=True)
class HLine:
    """A horizontal reference line (baseline, target) from x1 to x2 with a label above it."""

    y: float
    x1: float
    x2: float
    label: str
    label_x: float
    label_y: float
    anchor: str
    solid: bool = True


@dataclass
class Chart:
    """Everything the template draws; coordinates are in the SVG's own units (viewBox)."""

    id: str
    title: str
    desc: str
    width: int = WIDTH
    height: int = LEGEND_TOP + LEGEND_ROW
    left: float = PLOT_LEFT
    right: float = PLOT_RIGHT
    top: float = PLOT_TOP
    bottom: float = PLOT_BOTTOM
    unit_caption: str = ""
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    target_band: Band | None = None
    baseline: HLine | None = None
    target: HLine | None = None
    target_date: Tick | None = None  # the deadline as a vertical line
    plan: str = ""  # polyline points: baseline → milestones → target
    milestones: list[Mark] = field(default_factory=list)
    line: str = ""  # polyline points of the measurements
    points: list[Mark] = field(default_factory=list)
    last: Mark | None = None  # where the latest value's label goes
    empty_message: str = ""
    legend: list[LegendItem] = field(default_factory=list)
    table: list[tuple[str, str]] = field(default_factory=list)  # (period, value) for the text
    colours: dict = field(default_factory=lambda: COLOURS)

    @property
    def has_points(self) -> bool:
        return bool(self.points)

    @property
    def grid_path(self) -> str:
        """The y axis's gridlines as one SVG path (one element draws faster than many)."""
        return " ".join(f"M{self.left} {tick.at}H{self.right}" for tick in self.y_ticks)

    @property
    def tick_path(self) -> str:
        """The x axis's tick marks as one SVG path."""
        return " ".join(f"M{tick.at} {self.bottom}v4" for tick in self.x_ticks)

    @property
    def points_path(self) -> str:
        """Every measurement's dot as one SVG path of circles (the PDF: no hover titles)."""
        return " ".join(
            f"M{round(p.x - 3.2, 2)} {p.y}a3.2 3.2 0 1 0 6.4 0a3.2 3.2 0 1 0 -6.4 0"
            for p in self.points
        )

    @property
    def drawing_height(self) -> int:
        """Height of the drawing without its legend (the PDF writes the legend as text)."""
        return int(self.bottom + 22)

    @property
    def plot_width(self) -> float:
        return self.right - self.left

    @property
    def plot_height(self) -> float:
        return self.bottom - self.top


UNIT_CAPTIONS = {
    "hours": lambda: _("hours"),
    "days": lambda: _("days"),
    "minutes": lambda: _("minutes"),
    "score": lambda: _("points"),
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9-]", "", str(text).lower())[:40] or "kpi"


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def progress_chart(data: ChartData, *, chart_id: str = "kpi", name: str = "") -> Chart:
    """Lay out the progress chart of one KPI (0, 1 or many measurements)."""
    data = replace(
        data,
        measurements=tuple(sorted(data.measurements)),
        milestones=tuple(sorted(data.milestones)),
    )
    unit = data.unit
    title = _("Progress of %(name)s") % {"name": name} if name else _("Progress against the target")
    chart = Chart(id=f"chart-{_slug(chart_id)}", title=title, desc="")
    chart.unit_caption = UNIT_CAPTIONS[unit]() if unit in UNIT_CAPTIONS else ""

    # The y axis holds every value the chart draws.
    values = [float(v) for _d, v in data.measurements]
    values += [float(v) for _d, v in data.milestones]
    for v in (data.baseline_value, data.target_value, data.target_max):
        if v is not None:
            values.append(float(v))
    thresholds = [v for v in (data.on_track, data.off_track) if v is not None]
    values += [float(v) for v in thresholds]
    low, high, step = _value_range(values)

    def y_of(value) -> float:
        return round(
            PLOT_BOTTOM - (float(value) - low) / (high - low) * (PLOT_BOTTOM - PLOT_TOP), 2
        )

    tick = low
    while tick <= high + step * 1e-6:
        chart.y_ticks.append(Tick(y_of(tick), _short_number(tick, step, unit)))
        tick += step
    if len(chart.y_ticks) > 5:  # every gridline, but a label on every other one is enough
        chart.y_ticks = [
            tick if index % 2 == 0 else replace(tick, label="")
            for index, tick in enumerate(chart.y_ticks)
        ]

    # The x axis spans every date the chart draws, with a little room on both sides.
    days = [d for d, _v in data.measurements] + [d for d, _v in data.milestones]
    days += [d for d in (data.baseline_date, data.target_date) if d is not None]
    if days:
        start, end = min(days), max(days)
        if (end - start).days < 60:
            start, end = start - datetime.timedelta(days=30), end + datetime.timedelta(days=30)
        pad = (end - start).days * 0.03
        start_ord, end_ord = start.toordinal() - pad, end.toordinal() + pad

        def x_of(day: datetime.date) -> float:
            share = (day.toordinal() - start_ord) / (end_ord - start_ord)
            return round(PLOT_LEFT + share * (PLOT_RIGHT - PLOT_LEFT), 2)

        for day in _date_ticks(start, end):
            chart.x_ticks.append(Tick(x_of(day), short_month(day)))
    else:

        def x_of(day: datetime.date) -> float:  # pragma: no cover - never called without dates
            return PLOT_LEFT

    chart.bands = _threshold_bands(data, y_of, low, high)
    if data.direction == "range" and data.target_value is not None and data.target_max is not None:
        top, bottom = y_of(data.target_max), y_of(data.target_value)
        chart.target_band = Band("target", top, max(bottom - top, 1.5), COLOURS["on_track"])

    # Labels go on the outer sides of the two lines, where the measurements seldom are, and
    # left of the deadline's vertical line when they fit there.
    target_above = (
        data.baseline_value is None
        or data.target_value is None
        or data.target_value >= data.baseline_value
    )
    if data.target_date is not None:
        chart.target_date = Tick(x_of(data.target_date), short_date(data.target_date))
    if data.baseline_value is not None:
        label = _("Baseline %(value)s") % {"value": kpi_value(data.baseline_value, unit)}
        chart.baseline = _hline(
            chart,
            y_of(data.baseline_value),
            label,
            above=not target_above or data.target_value is None,
        )
    if data.target_value is not None:
        value = kpi_value(data.target_value, unit)
        is_range = data.target_max is not None
        if is_range:
            value = f"{value} – {kpi_value(data.target_max, unit)}"
        label = _("Target %(value)s") % {"value": value}
        if data.target_date:
            label = _("Target %(value)s by %(date)s") % {
                "value": value,
                "date": short_date(data.target_date),
            }
        # A range is drawn as a band: its label sits on the band's outer edge.
        edge = data.target_max if is_range and target_above else data.target_value
        chart.target = _hline(chart, y_of(edge), label, above=target_above, solid=not is_range)

    # The plan: from the baseline through the milestones to the target, on their dates.
    plan = []
    if data.baseline_value is not None and data.baseline_date is not None:
        plan.append((x_of(data.baseline_date), y_of(data.baseline_value)))
    for day, value in data.milestones:
        mark = Mark(x_of(day), y_of(value), f"{short_date(day)}: {kpi_value(value, unit)}")
        chart.milestones.append(mark)
        plan.append((mark.x, mark.y))
    if data.target_value is not None and data.target_date is not None:
        plan.append((x_of(data.target_date), y_of(data.target_value)))
    if len(plan) >= 2:
        chart.plan = " ".join(f"{x},{y}" for x, y in plan)

    places = reading_places(data)
    for day, value in data.measurements:
        label = f"{short_date(day)}: {rounded_value(value, places, unit)}"
        chart.points.append(Mark(x_of(day), y_of(value), label))
        chart.table.append((short_date(day), kpi_value(value, unit)))
    if chart.points:
        chart.line = " ".join(f"{p.x},{p.y}" for p in chart.points)
        latest = chart.points[-1]
        text = rounded_value(data.measurements[-1][1], places, unit)
        # Right of the point, where no measurement is yet; above it when the plot ends there.
        width = _text_width(text)
        if latest.x + 6 + width <= PLOT_RIGHT:
            chart.last = Mark(latest.x + 6, round(latest.y + 3.5, 2), text, "start")
        else:
            label_y = latest.y - 8 if latest.y - 8 > PLOT_TOP + FONT_SIZE else latest.y + 16
            chart.last = Mark(min(latest.x, PLOT_RIGHT - width / 2), label_y, text, "middle")
    else:
        chart.empty_message = _("No measurements yet")

    chart.desc = describe(data, unit)
    chart.legend = _legend(chart, data)
    chart.height = int(max(item.y for item in chart.legend) + 8) if chart.legend else 192
    return chart


def _threshold_bands(data: ChartData, y_of, low: float, high: float) -> list[Band]:
    """On track / at risk / off track as coloured bands, on the right side for the direction."""
    if data.direction not in {"higher", "lower"} or (
        data.on_track is None and data.off_track is None
    ):
        return []
    higher = data.direction == "higher"
    on, off = data.on_track, data.off_track
    edges = []  # (from, to, kind) in values
    if on is not None:
        edges.append((float(on), high, "on_track") if higher else (low, float(on), "on_track"))
    if off is not None:
        edges.append((low, float(off), "off_track") if higher else (float(off), high, "off_track"))
    if on is not None and off is not None and on != off:
        edges.append((float(min(on, off)), float(max(on, off)), "at_risk"))
    bands = []
    for start, end, kind in edges:
        start, end = max(start, low), min(end, high)
        if end <= start:
            continue
        top, bottom = y_of(end), y_of(start)
        bands.append(Band(kind, top, round(bottom - top, 2), COLOURS[kind]))
    return bands


def _hline(chart: Chart, y: float, label: str, *, above: bool, solid: bool = True) -> HLine:
    """A reference line across the plot, its label right-aligned above or below it."""
    label_y = y - 4 if above else y + FONT_SIZE + 2
    if label_y < PLOT_TOP + FONT_SIZE:
        label_y = y + FONT_SIZE + 2
    elif label_y > PLOT_BOTTOM - 2:
        label_y = y - 4
    label_x = PLOT_RIGHT - 4
    if chart.target_date is not None:
        left_of_deadline = chart.target_date.at - 4
        if left_of_deadline - _text_width(label) >= PLOT_LEFT:
            label_x = min(label_x, left_of_deadline)
    return HLine(
        round(y, 2), PLOT_LEFT, PLOT_RIGHT, label, label_x, round(label_y, 2), "end", solid
    )


def _legend(chart: Chart, data: ChartData) -> list[LegendItem]:
    items = []
    if chart.points:
        items.append(("measured", _("Measured")))
    if chart.plan:
        items.append(("plan", _("Planned path")))
    if chart.target_band:
        items.append(("target_band", _("Target")))
    elif chart.target:
        items.append(("target", _("Target")))
    if chart.baseline:
        items.append(("baseline", _("Baseline")))
    if chart.milestones:
        items.append(("milestone", _("Milestone")))
    kinds = {band.kind for band in chart.bands}
    labels = {"on_track": _("On track"), "at_risk": _("At risk"), "off_track": _("Off track")}
    items += [
        (kind, labels[kind]) for kind in ("on_track", "at_risk", "off_track") if kind in kinds
    ]
    placed, x, row = [], float(PLOT_LEFT), 0
    for kind, label in items:
        width = 22 + _text_width(label) + 14
        if x + width > WIDTH and x > PLOT_LEFT:
            x, row = float(PLOT_LEFT), row + 1
        placed.append(LegendItem(kind, label, x, LEGEND_TOP + row * LEGEND_ROW))
        x += width
    return placed
