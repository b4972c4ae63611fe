"""Small calendar helpers for turning parsed periods into deadline dates."""

from __future__ import annotations

import calendar
import datetime as dt

MONTHS = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "february": 2, "feb": 2,
    "maart": 3, "march": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "augustus": 8, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

# Longest first so that "juni" wins over "jun" in the regex alternation.
MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> dt.date:
    return month_end(year, quarter * 3)


def half_end(year: int, half: int) -> dt.date:
    return month_end(year, 6 if half == 1 else 12)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def full_year(two_or_four: str) -> int | None:
    """'26' -> 2026, '2026' -> 2026; None for anything else."""
    digits = two_or_four.strip("'")
    # isdecimal(), not isdigit(): "²" is a digit that int() refuses.
    if not digits.isdecimal():
        return None
    if len(digits) == 2:
        return 2000 + int(digits)
    if len(digits) == 4:
        return int(digits)
    return None


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def next_occurrence(today: dt.date | None, make) -> dt.date | None:
    """The first date ``make(year)`` on or after today (this year or next); None without today."""
    if today is None:
        return None
    for year in (today.year, today.year + 1):
        day = make(year)
        if day is not None and day >= today:
            return day
    return None
