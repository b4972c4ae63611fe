"""Showing snapshot values (codes and ISO strings) the way the live pages show them."""

import datetime

from django import template

from indicators.models import KpiStatus
from indicators.templatetags.kpi_tags import STATUS_STYLES

register = template.Library()


@register.filter
def status_label(code: str) -> str:
    try:
        return KpiStatus(code).label
    except ValueError:
        return code


@register.filter
def status_style(code: str) -> str:
    return STATUS_STYLES.get(code, "text-bg-light")


@register.filter
def iso_date(value: str | None):
    """An ISO date string from a snapshot as a date, for the `date` filter."""
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None
