"""Sheets of KPI values for the import tests, and the KPIs they are for."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.utils import timezone

from indicators import tracking
from tests.factories import CsfFactory, GoalFactory, KpiFactory


def month(back: int) -> datetime.date:
    """The first day of the month `back` months before this one."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - back
    return datetime.date(index // 12, index % 12 + 1, 1)


def day(back: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=back)


def this_quarter() -> datetime.date:
    return tracking.period_start(timezone.localdate(), "quarterly")


def csv_bytes(rows: list[list], *, sep: str = ";", encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def make_kpis(strategy, owner=None) -> dict:
    """A monthly "lower is better" KPI (14 → 10 hours), owned by `owner`; a quarterly "higher"
    one (20 → 40 points, no owner); a daily one (like the monthly) for long files."""
    goal = GoalFactory(strategy=strategy, title="Minder klantverloop")
    csf = CsfFactory(goal=goal, title="Snel oplossen")
    return {
        "time": KpiFactory(csf=csf, name="Gemiddelde oplostijd", owner=owner),
        "nps": KpiFactory(
            csf=csf,
            name="Klanttevredenheid (NPS)",
            unit="score",
            direction="higher",
            baseline_value=20,
            target_value=40,
            frequency="quarterly",
        ),
        "daily": KpiFactory(csf=csf, name="Open tickets", frequency="daily", unit=""),
    }


@pytest.fixture
def real_sqlite_limit(monkeypatch):
    """Django 5.2 assumes SQLite takes 999 parameters per statement (old builds); this one takes
    far more, as Django 6.0 reads it. With the real limit a bulk write is one statement here as
    it is on PostgreSQL, so query counts compare at any size."""
    if connection.vendor == "sqlite":
        import sqlite3

        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        monkeypatch.setattr(connection.features, "max_query_params", limit)
