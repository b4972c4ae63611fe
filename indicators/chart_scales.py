"""The scales and words of a progress chart: round ticks on the value axis, month ticks on the
time axis, numbers and dates written short as the reader writes them, and the chart in words
for screen readers (see `charts.progress_chart`)."""

import datetime
import math
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indicators.models import Direction
from indicators.templatetags.kpi_tags import kpi_value

if TYPE_CHECKING:
    from .charts import ChartData


def _nice_step(span: float, count: int = 4) -> float:
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _value_range(values: list[float]) -> tuple[float, float, float]:
    """(low, high, step) of a y axis with round ticks that holds every value."""
    if not values:
        return 0.0, 1.0, 0.25
    low, high = min(values), max(values)
    if high - low < 1e-9:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    step = _nice_step(high - low)
    low_tick = math.floor(low / step + 1e-9) * step
    high_tick = math.ceil(high / step - 1e-9) * step
    # Keep a little room above and below the outermost values, so markers aren't clipped.
    if high - high_tick > -step * 0.08:
        high_tick += step
    if low - low_tick < step * 0.08:
        low_tick -= step
    # A percentage or a count below zero makes no sense: don't draw an axis there.
    if low_tick < 0 <= low:
        low_tick = 0.0
    return low_tick, high_tick, step


def _month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def _date_ticks(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    first, last = _month_index(start) + 1, _month_index(end)
    months = max(1, last - first + 1)
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60) if months / s <= 6), 120)
    ticks = []
    for index in range(first, last + 1):
        if index % step == 0:  # steps divide 12 or are whole years: ticks fall on January
            ticks.append(datetime.date(index // 12, index % 12 + 1, 1))
    return ticks


# Languages that write month names in lower case ("1 mei 2026"); Django's "M" title-cases them.
LOWERCASE_MONTHS = {"nl"}


def _month_format(with_day: bool) -> str:
    language = (get_language() or "").split("-")[0]
    month = "b" if language in LOWERCASE_MONTHS else "M"
    return f"j {month} Y" if with_day else f"{month} Y"


def short_date(day: datetime.date) -> str:
    """A date with its month abbreviated as the reader writes it: "1 mei 2026", "1 May 2026"."""
    return date_format(day, _month_format(with_day=True))


def short_month(day: datetime.date) -> str:
    """Month and year for an axis: "jul 2026" in Dutch, "Jul 2026" in English."""
    return date_format(day, _month_format(with_day=False))


def _decimals(value: Decimal | None) -> int:
    """The decimals `value` really has: 2 for 92.25, 0 for 10.00."""
    if value is None or not value.is_finite():
        return 0
    return max(0, -value.normalize().as_tuple().exponent)


def reading_places(data: "ChartData") -> int:
    """Decimals a measured value needs on the chart: as many as the KPI's own baseline, target
    and thresholds have, at least 1 (so 12.3333 hours against a target of 10 reads 12.3)."""
    own = (data.baseline_value, data.target_value, data.target_max, data.on_track, data.off_track)
    return max(1, *(_decimals(v) for v in own))


def rounded_value(value: Decimal, places: int, unit: str = "") -> str:
    """`value` rounded to `places` decimals (trailing zeros dropped), with its unit."""
    value = Decimal(value)
    if value.is_finite() and _decimals(value) > places:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return kpi_value(value, unit)


def _short_number(value: float, step: float, unit: str) -> str:
    places = 0 if step >= 1 else min(4, max(0, -math.floor(math.log10(step) + 1e-9)))
    amount = Decimal(str(round(value, places)))
    if unit in {"percent", "eur"}:
        return kpi_value(amount, unit)
    return kpi_value(amount)


def describe(data: "ChartData", unit: str) -> str:
    """The chart in words, for screen readers and for the PDF's text layer."""
    parts = []
    if data.measurements:
        (first_day, _first), (last_day, last_value) = data.measurements[0], data.measurements[-1]
        latest = rounded_value(last_value, reading_places(data), unit)
        parts.append(
            _("%(count)s measurements from %(start)s to %(end)s; the latest is %(value)s.")
            % {
                "count": len(data.measurements),
                "start": short_date(first_day),
                "end": short_date(last_day),
                "value": latest,
            }
            if len(data.measurements) > 1
            else _("One measurement, %(value)s on %(date)s.")
            % {"value": latest, "date": short_date(last_day)}
        )
    else:
        parts.append(_("No measurements yet."))
    if data.baseline_value is not None:
        parts.append(_("Baseline: %(value)s.") % {"value": kpi_value(data.baseline_value, unit)})
    if data.target_value is not None:
        target = kpi_value(data.target_value, unit)
        if data.target_max is not None:
            target = f"{target} – {kpi_value(data.target_max, unit)}"
        if data.target_date:
            parts.append(
                _("Target: %(value)s by %(date)s.")
                % {"value": target, "date": short_date(data.target_date)}
            )
        else:
            parts.append(_("Target: %(value)s.") % {"value": target})
    if data.direction in Direction.values:
        parts.append(f"{Direction(data.direction).label}.")
    return " ".join(parts)
