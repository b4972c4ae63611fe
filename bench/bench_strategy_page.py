"""The read-only strategy tree page: server time and query count at 100 and 1,000 KPIs."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.timing import logged_in_client, measure_ms, summary
from goals.models import Strategy
from kpiplanner.demo.data import seed_demo


def run() -> dict[str, float]:
    figures = {}
    for size in (100, 1000):
        seed_demo(password="bench-pass", kpis=size)
        strategy = Strategy.objects.get(name__startswith="Benchmark", name__contains=f"({size} ")
        client = logged_in_client("viewer")
        url = strategy.get_absolute_url()

        def get(client=client, url=url):
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        with CaptureQueriesContext(connection) as queries:
            get()
        figures[f"strategy_page_{size}_kpis_queries"] = len(queries)
        figures.update(summary(f"strategy_page_{size}_kpis", measure_ms(get, repeat=20)))
    return figures
