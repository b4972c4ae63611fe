"""Importing a sheet of 5,000 KPI values (250 monthly KPIs × 20 months): time and queries.

`python -m bench bench_measurement_import` prints the time and query count for 5,000 lines.

The file is read, checked line by line with the one write path's rules (the preview), then
imported in one transaction with bulk writes that keep the history: a fixed number of queries
whatever the number of lines (on SQLite a few more, as Django 5.2 inserts at most 999 values
per statement there; PostgreSQL inserts any number in one). A second run of the same periods
with other values is 5,000 corrections. The goal is under 3 s for the whole import.
"""

import datetime
import io
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Strategy
from indicators import tracking
from indicators.models import Kpi, Measurement
from kpiplanner.accounts.models import Membership, Organisation, Role
from kpiplanner.interchange.measurement_import import plan_entries, read_entries, strategy_kpis
from kpiplanner.interchange.services import measurements_import
from kpiplanner.interchange.sheets import read_sheet

KPIS, MONTHS = 250, 20
ROWS = KPIS * MONTHS


def _strategy():
    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-values", defaults={"name": "Bench values"}
    )
    user, _ = get_user_model().objects.get_or_create(username="bench-values")
    Membership.objects.get_or_create(user=user, organisation=organisation, role=Role.ADMIN)
    strategy = Strategy.objects.create(
        organisation=organisation,
        name="Bench values",
        horizon_start_year=2026,
        horizon_end_year=2028,
    )
    goal = Goal.objects.create(
        strategy=strategy, title="Bench goal", perspective="customer", term="long"
    )
    csfs = CriticalSuccessFactor.objects.bulk_create(
        CriticalSuccessFactor(goal=goal, title=f"CSF {n}", order=n) for n in range(KPIS // 10)
    )
    today = timezone.localdate()
    Kpi.objects.bulk_create(
        Kpi(
            csf=csfs[n // 10],
            name=f"KPI {n}",
            order=n,
            unit="hours",
            direction="lower",
            baseline_value=14,
            baseline_date=today - datetime.timedelta(days=800),
            target_value=10,
            target_date=today + datetime.timedelta(days=365),
            frequency="monthly",
        )
        for n in range(KPIS)
    )
    return strategy, user


def _sheet(kpis, value: str) -> bytes:
    month = tracking.period_start(timezone.localdate(), "monthly")
    periods = []
    for _ in range(MONTHS):
        month = tracking.period_start(month - datetime.timedelta(days=1), "monthly")
        periods.append(month.isoformat())
    out = io.StringIO()
    out.write("KPI;Periode;Waarde;Toelichting\r\n")
    for kpi in kpis:
        for period in periods:
            out.write(f"{kpi.pk};{period};{value};\r\n")
    return out.getvalue().encode()


def _import(raw: bytes, strategy, user):
    entries, read = read_entries(
        read_sheet(raw, max_rows=10_000), strategy_kpis(strategy), dutch=True
    )
    return measurements_import(entries=entries, read=read, user=user, may_enter_all=True)


def run() -> dict[str, float]:
    strategy, user = _strategy()
    kpis = strategy_kpis(strategy)
    first, second = _sheet(kpis, "10"), _sheet(kpis, "10,5")
    figures = {}

    started = time.perf_counter()
    entries, plan = read_entries(read_sheet(first, max_rows=10_000), kpis, dutch=True)
    plan_entries(entries, plan, user=user, may_enter_all=True)
    figures[f"import_{ROWS}_rows_preview_ms"] = (time.perf_counter() - started) * 1000
    assert not plan.problems and len(plan.additions) == ROWS, plan.problems[:3]

    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        done = _import(first, strategy, user)
        figures[f"import_{ROWS}_rows_ms"] = (time.perf_counter() - started) * 1000
        # The machine is shared: the import's own CPU time says more than the clock.
        figures[f"import_{ROWS}_rows_cpu_ms"] = (time.process_time() - cpu) * 1000
    figures[f"import_{ROWS}_rows_queries"] = len(queries)
    assert len(done.additions) == ROWS

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        done = _import(second, strategy, user)
        figures[f"import_{ROWS}_corrections_ms"] = (time.perf_counter() - started) * 1000
    figures[f"import_{ROWS}_corrections_queries"] = len(queries)
    assert len(done.corrections) == ROWS
    Measurement.objects.filter(kpi__csf__goal__strategy=strategy).delete()
    return figures
