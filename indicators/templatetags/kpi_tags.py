"""Showing KPI values the way the reader writes numbers (1.234,5 in Dutch, 1,234.5 in English)."""

import html
from decimal import Decimal

from django import template
from django.template.loader import render_to_string
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

register = template.Library()

# The strategy page draws up to a thousand KPIs: a Django template costs a few microseconds per
# variable and much more per loop and tag. So the fragments here (badges, progress bars, roll-ups)
# are rendered from their partials in indicators/_badges.html once per language and shape, and
# the tree's nodes (tree_tags.py) once per shape with placeholders for each node's values.
_fragments: dict = {}


def _once(key, make, language: str | None = None):
    """`make()`, remembered under `key` and the language (the active one unless given: the
    words depend on it)."""
    key = (language or get_language(), *key)
    try:
        return _fragments[key]
    except KeyError:
        if len(_fragments) > 10_000:  # dates and periods: bounded in practice, kept so
            _fragments.clear()
        value = _fragments[key] = make()
        return value


def _fragment(name: str, **context) -> str:
    """The partial `name` of indicators/_badges.html, which holds these fragments' HTML."""
    return render_to_string(f"indicators/_badges.html#{name}", context)


def _number(value: Decimal) -> str:
    """No trailing zeros: 2.5000 shows as 2,5 and 10.00 as 10."""
    places = 0 if value == value.to_integral() else max(0, -value.normalize().as_tuple().exponent)
    return number_format(value, decimal_pos=min(places, 4), use_l10n=True, force_grouping=True)


@register.filter
def kpi_value(value, unit: str = "") -> str:
    """A value with its unit: "€ 1.250", "92,5%", "10 uur"."""
    return _value_text(value, unit)


def _value_text(value, unit: str, language: str | None = None) -> str:
    """`kpi_value`, in `language` when given (the active one, looked up once for many)."""
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    # Equal values read the same (2.50 and 2.5 both show as 2,5): made once per language.
    return _once(("kpi_value", value, unit), lambda: _kpi_value(value, unit), language)


def _kpi_value(value: Decimal, unit: str) -> str:
    text = _number(value)
    if unit == "percent":
        return f"{text}%"
    if unit == "eur":
        return f"€\u00a0{text}"
    plural = value != 1
    words = {
        "hours": ngettext("hour", "hours", 2 if plural else 1),
        "days": ngettext("day", "days", 2 if plural else 1),
        "minutes": ngettext("minute", "minutes", 2 if plural else 1),
        "score": ngettext("point", "points", 2 if plural else 1),
    }
    return f"{text}\u00a0{words[unit]}" if unit in words else text


def threshold_text(direction: str, unit: str, on_track, off_track) -> str:
    """ "op koers bij 11 uur of minder · uit koers boven 13 uur": the thresholds said the way
    round the direction makes them ("from 11" read as "11 or more" for a lower-is-better KPI)."""
    higher = direction != "lower"
    parts = []
    if on_track not in (None, ""):
        value = kpi_value(on_track, unit)
        parts.append(
            _("on track at %(value)s or more") % {"value": value}
            if higher
            else _("on track at %(value)s or less") % {"value": value}
        )
    if off_track not in (None, ""):
        value = kpi_value(off_track, unit)
        parts.append(
            _("off track below %(value)s") % {"value": value}
            if higher
            else _("off track above %(value)s") % {"value": value}
        )
    return " · ".join(parts)


@register.simple_tag
def kpi_thresholds(kpi) -> str:
    """The KPI's thresholds as a phrase, or "–" when it has none."""
    return (
        threshold_text(kpi.direction, kpi.unit, kpi.on_track_threshold, kpi.off_track_threshold)
        or "–"
    )


STATUS_STYLES = {
    "draft": "text-bg-secondary",
    "proposed": "text-bg-info",
    "approved": "text-bg-success",
    "rejected": "text-bg-danger",
    "retired": "text-bg-dark",
}


@register.simple_tag
def kpi_status_badge(kpi) -> str:
    """A coloured status badge; a simple tag, not an inclusion tag, as trees render hundreds."""
    return _status_badge(kpi)


def _status_badge(kpi, language: str | None = None) -> str:
    status = kpi.status
    return _once(
        ("status_badge", status),
        lambda: _fragment(
            "status-badge",
            style=STATUS_STYLES.get(status, ""),
            label=kpi.get_status_display(),
        ),
        language,
    )


# Tracking states: words, a colour and an icon, so the colour is never the only signal.
TRACK_STYLES = {
    "on_track": ("text-bg-success", "bi-check-circle-fill"),
    "at_risk": ("text-bg-warning", "bi-exclamation-triangle-fill"),
    "off_track": ("text-bg-danger", "bi-x-octagon-fill"),
    "overdue": ("text-bg-light border border-secondary", "bi-clock"),
    "no_data": ("text-bg-light border", "bi-dash-circle"),
}


def track_label(status: str) -> str:
    return {
        "on_track": _("On track"),
        "at_risk": _("At risk"),
        "off_track": _("Off track"),
        "overdue": _("Value overdue"),
        "no_data": _("No data yet"),
    }.get(status, "")


@register.simple_tag
def track_badge(status: str) -> str:
    """A tracking state as a badge with words, colour and icon (data-track-status for tests)."""
    if status not in TRACK_STYLES:
        return ""
    return _once(("track_badge", status), lambda: _track_badge(status))


def _track_badge_in(language: str, status: str) -> str:
    """`track_badge(status)` in `language`, the active one (taken once for many nodes)."""
    return _once(("track_badge", status), lambda: _track_badge(status), language)


def _track_badge(status: str) -> str:
    style, icon = TRACK_STYLES[status]
    return _fragment(
        "track-badge", style=style, status=status, icon=icon, label=track_label(status)
    )


@register.simple_tag
def progress_bar(percent, status: str = "", label: str = "") -> str:
    """A progress bar of 0–100 %, its number written beside it (nothing when unknown)."""
    if percent is None:
        return ""
    return _once(
        ("progress_bar", percent, status, label), lambda: _progress_bar(percent, status, label)
    )


def _progress_bar(percent, status: str, label: str) -> str:
    colour = status if status in ("on_track", "at_risk", "off_track") else "none"
    return _fragment("progress-bar", percent=percent, colour=colour, label=label)


@register.simple_tag
def rollup_summary(rollup) -> str:
    """ "62 % · 3 of 5 KPIs measured · worst: at risk" of a roll-up, with its progress bar."""
    if rollup is None or not rollup.total:
        return ""
    # A tree has hundreds of nodes and few distinct roll-ups to show.
    shown = (rollup.measured, rollup.total, rollup.percent, rollup.worst)
    return _once(("rollup", *shown), lambda: _rollup_summary(rollup))


def _rollup_summary(rollup) -> str:
    measured = ngettext(
        "%(measured)s of %(total)s KPI measured",
        "%(measured)s of %(total)s KPIs measured",
        rollup.total,
    ) % {"measured": rollup.measured, "total": rollup.total}
    return _fragment("rollup", rollup=rollup, measured=measured)


@register.filter
def month_label(day) -> str:
    """Month and year as the reader writes them: "nov 2026" in Dutch, "Nov 2026" in English."""
    from indicators.chart_scales import short_month  # the charts import this module

    return short_month(day) if day else ""


def period_label(start, frequency: str) -> str:
    """A period as the reader names it: "nov 2026", "Q4 2026", "2026", "week of 30 nov 2026"."""
    from indicators.chart_scales import short_date, short_month  # the charts import this module

    if not start:
        return ""
    if frequency == "monthly":
        return short_month(start)
    if frequency == "quarterly":
        return _("Q%(quarter)s %(year)s") % {
            "quarter": (start.month - 1) // 3 + 1,
            "year": start.year,
        }
    if frequency == "yearly":
        return str(start.year)
    if frequency == "weekly":
        return _("week of %(date)s") % {"date": short_date(start)}
    return short_date(start)


@register.filter(name="period_label")
def period_label_filter(start, frequency: str = "") -> str:
    return period_label(start, frequency)


@register.filter
def get_item(mapping, key):
    """`mapping[key]`, or an empty list when it is not there (a dict read in a template)."""
    return mapping.get(key, []) if mapping else []


@register.filter
def day_label(day) -> str:
    """A date with its month abbreviated as the reader writes it: "31 dec 2026"."""
    from indicators.chart_scales import short_date  # the charts import this module

    return short_date(day) if day else ""


def long_date(day, language: str | None = None) -> str:
    """A date as "5 december 2026" (`date:"j F Y"`), formatted once per day and language."""
    return _once(("long_date", day), lambda: html.escape(date_format(day, "j F Y")), language)
