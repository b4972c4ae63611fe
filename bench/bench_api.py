"""The strategy page and the REST API's progress tree at 500 KPIs with 24 values each: server
time (median, p95) and query count.

The demo's benchmark strategy (500 approved monthly KPIs) gets two years of values per KPI
(12,000 measurements) for the run; they are removed afterwards, so the modules after this one
measure the strategy as the demo left it. Both answers track every KPI and roll the tree up; the
query count must not grow with the tree. "cpu_median_ms" is the request's own CPU time, as the
machine is shared.

Where the time goes (CPU, SQLite, December 2026, a quiet machine: page ~105 ms, API ~60 ms):
loading the tree (`goals.tree.load_tree`: goals, CSFs, 500 KPIs with their owners, milestones,
one query per level and the children put in place without a queryset per node) about 30 ms; the
latest 12 values per KPI (6,000 rows: each KPI's cut-off period looked up once in the index, then
its values from there on) about 25 ms, of which SQLite's own work is ~15 ms; tracking and roll-up
about 15 ms; the tree's HTML (the `strategy_tree` tag) with the rest of the page about 35 ms. The
API reads the latest value only (~8 ms) and sends its tree without ninja validating it again.
A full garbage collection of the process (~190,000 objects here) lands in about one request in
five and adds ~100 ms: that is the p95. Before issue #18's work the page took ~270 ms of CPU: a
window function over every value (~50 ms), prefetch_related building a queryset per node
(~60 ms), template loops over the goals and CSFs; the API ~180 ms, a fifth of it in validation.
"""

import datetime
import statistics
import time
from decimal import Decimal

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.timing import logged_in_client, measure_ms, summary
from indicators import tracking
from indicators.models import Kpi, Measurement
from kpiplanner.accounts.models import Membership
from kpiplanner.api.services import token_create
from kpiplanner.demo.data import seed_demo

KPIS = 500
VALUES = 24


def _months_back(count: int) -> list[datetime.date]:
    month = tracking.period_start(timezone.localdate(), "monthly")
    months = []
    for _ in range(count):
        months.append(month)
        month = tracking.period_start(month - datetime.timedelta(days=1), "monthly")
    return months[::-1]


def run() -> dict[str, float]:
    demo = seed_demo(password="bench-pass", kpis=KPIS)
    strategy = demo.large_strategy
    kpis = list(Kpi.objects.filter(csf__goal__strategy=strategy).values_list("pk", flat=True))
    months = _months_back(VALUES)
    added = Measurement.objects.bulk_create(
        (
            Measurement(kpi_id=pk, period=month, value=Decimal(20) - Decimal(i) / 5)
            for pk in kpis
            for i, month in enumerate(months)
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )
    try:
        with override_settings(API_RATE_LIMIT="100000/min"):
            return _measure(strategy, len(kpis))
    finally:
        Measurement.objects.filter(kpi__in=kpis, period__in=months).delete()
        del added


def _measure(strategy, count: int) -> dict[str, float]:
    figures: dict[str, float] = {"api_bench_kpis": count, "api_bench_values": count * VALUES}
    page = logged_in_client("viewer")
    membership = Membership.objects.get(
        user__username="viewer", organisation_id=strategy.organisation_id
    )
    _token, secret = token_create(membership=membership, name="bench")
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    targets = {
        f"strategy_page_{count}_kpis_{VALUES}_values": (page, strategy.get_absolute_url()),
        f"api_progress_{count}_kpis_{VALUES}_values": (
            api,
            f"/api/v1/strategies/{strategy.pk}/progress",
        ),
    }
    for name, (client, url) in targets.items():

        def get(client=client, url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        get()  # the token's "last used" is written once a minute: not in the count
        with CaptureQueriesContext(connection) as queries:
            get()
        figures[f"{name}_queries"] = len(queries)
        figures.update(summary(name, measure_ms(get, repeat=15)))
        # The process's own CPU time (on SQLite the database's work too): the machine is shared,
        # so wall time also holds the waits for a core.
        cpu = []
        for _ in range(5):
            started = time.process_time()
            get()
            cpu.append((time.process_time() - started) * 1000)
        figures[f"{name}_cpu_median_ms"] = statistics.median(cpu)
    return figures
