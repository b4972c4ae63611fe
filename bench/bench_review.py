"""The review page of a strategy with 500 KPIs, seen by a manager: server time and queries.

The manager sees the most: every KPI of the benchmark strategy is proposed, so each node carries
its SMART badge and decision buttons, and the waiting list holds all 500. Repeated views reuse
the SMART verdicts of an unchanged tree; "after_change" is the first view after an edit.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.timing import logged_in_client, measure_ms, summary
from kpiplanner.core.demo import seed_demo
from kpiplanner.reviews.queries import _HEALTH_MEMO

KPIS = 500


def run() -> dict[str, float]:
    demo = seed_demo(password="bench-pass", kpis=KPIS)
    client = logged_in_client("manager")
    url = reverse("reviews:strategy_review", args=[demo.large_strategy.pk])

    def get():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    with CaptureQueriesContext(connection) as queries:
        get()
    figures = {f"review_page_{KPIS}_kpis_queries": len(queries)}
    figures.update(summary(f"review_page_{KPIS}_kpis", measure_ms(get, repeat=20)))

    # The first view after the tree changed judges every KPI again (see queries.tree_health).
    def get_cold():
        _HEALTH_MEMO.clear()
        get()

    cold = summary(f"review_page_{KPIS}_kpis_after_change", measure_ms(get_cold, repeat=5))
    figures.update(cold)
    return figures
