"""Two scripts entering the same period at once, on PostgreSQL (several connections, as several
workers have): one creates the value (201), the other corrects it (200), both in the history."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from indicators.models import Measurement

needs_postgres = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database locks whole tables between threads",
)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_period_posted_at_once_is_one_value_and_one_correction(tokens, kpi, last_month):
    people = ["admin", "facilitator"]
    barrier = threading.Barrier(len(people))
    statuses, crashed = [], []
    lock = threading.Lock()

    def post(role, value):
        try:
            client = Client(headers={"Authorization": f"Bearer {tokens[role]}"})
            barrier.wait(10)
            response = client.post(
                f"/api/v1/kpis/{kpi.pk}/measurements",
                {"period": str(last_month), "value": value},
                content_type="application/json",
            )
            with lock:
                statuses.append(response.status_code)
        except Exception as error:  # pragma: no cover - what the test must never see
            with lock:
                crashed.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(role, 12 + n)) for n, role in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert crashed == []
    assert sorted(statuses) == [200, 201]
    stored = Measurement.objects.get(kpi=kpi)
    assert stored.history.count() == 2
    assert {h.history_user.username for h in stored.history.all()} == set(people)
