"""The review page of a strategy with 500 KPIs, seen by a manager: server time and queries.

The manager sees the most: every KPI of the benchmark strategy is proposed, so each node carries
its SMART badge and decision buttons, and the waiting list holds all 500. Figures:

- the page viewed again (nothing changed: every SMART verdict comes from the process's cache);
- "after_change": the first view after one KPI was edited (that KPI is judged again; the edit
  itself is not timed);
- "cold": the first view in a fresh process, or on a new day or in the other language, when
  all 500 KPIs are judged;
- "versioned": every KPI decided and the set approved as version 1, so the page also compares
  the tree with that version to say whether there is anything new to approve;
- "review_approve": approving the set (the service alone, without the request around it) after
  one KPI was edited and the manager viewed the page.
"""

import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.timing import logged_in_client, measure_ms, summary
from indicators.models import Kpi, KpiStatus
from kpiplanner.demo.data import seed_demo
from kpiplanner.reviews.queries import judge
from kpiplanner.reviews.services import kpi_set_approve

KPIS = 500


def run() -> dict[str, float]:
    demo = seed_demo(password="bench-pass", kpis=KPIS)
    client = logged_in_client("manager")
    strategy = demo.large_strategy
    url = reverse("reviews:strategy_review", args=[strategy.pk])

    def get():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    prefix = f"review_page_{KPIS}_kpis"
    with CaptureQueriesContext(connection) as queries:
        get()
    figures = {f"{prefix}_queries": len(queries)}
    figures.update(summary(prefix, measure_ms(get, repeat=20)))

    edited = Kpi.objects.filter(csf__goal__strategy=strategy).order_by("pk").first()
    durations = []
    for n in range(8):
        edited.statement = f"Doorlooptijd van het proces daalt van 20 naar {10 + n} dagen."
        edited.save()
        started = time.perf_counter()
        get()
        durations.append((time.perf_counter() - started) * 1000)
    figures.update(summary(f"{prefix}_after_change", durations))

    def get_cold():
        judge.cache_clear()
        get()

    figures.update(summary(f"{prefix}_cold", measure_ms(get_cold, repeat=5, warmup=1)))

    manager = get_user_model().objects.get(username="manager")
    Kpi.objects.filter(csf__goal__strategy=strategy).update(status=KpiStatus.APPROVED)
    if not strategy.kpi_set_versions.exists():  # seed_demo --kpis approves version 1 itself
        kpi_set_approve(strategy=strategy, approver=manager)
    with CaptureQueriesContext(connection) as queries:
        get()
    figures[f"{prefix}_versioned_queries"] = len(queries)
    figures.update(summary(f"{prefix}_versioned", measure_ms(get, repeat=10)))

    durations = []
    for n in range(5):
        Kpi.objects.filter(pk=edited.pk).update(
            statement=f"Doorlooptijd van het proces daalt van 20 naar {n + 1} dagen."
        )
        get()
        started = time.perf_counter()
        kpi_set_approve(strategy=strategy, approver=manager)
        durations.append((time.perf_counter() - started) * 1000)
    figures.update(summary(f"review_approve_{KPIS}_kpis", durations))
    return figures
