"""Confirms sent at once, on PostgreSQL (several connections, as several workers have): a
double click imports once, and a value entered on screen at the same moment is never lost."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from indicators import measurements
from indicators.models import Measurement
from kpiplanner.interchange.models import MeasurementUpload

from .measurement_helpers import csv_bytes, make_kpis, month

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite's shared in-memory test database locks whole tables between threads",
    ),
]


def at_once(*jobs) -> list:
    """Run each job in its own thread, all released together; what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(10)
            results[index] = job()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads)
    return results


def previewed(strategy, user, kpis) -> tuple[Client, str]:
    client = Client()
    client.force_login(user)
    rows = [["KPI", "Periode", "Waarde"]] + [
        [kpis["time"].pk, month(back).isoformat(), "12"] for back in (1, 2, 3)
    ]
    url = reverse("interchange:measurements_import", args=[strategy.pk])
    raw = csv_bytes(rows)
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert client.post(url, {"file": SimpleUploadedFile("w.csv", raw)}).status_code == 302
    return client, reverse("interchange:measurements_confirm", args=[strategy.pk])


def test_a_double_click_imports_once(strategy, members):
    kpis = make_kpis(strategy)
    client, url = previewed(strategy, members["admin"], kpis)
    upload = str(MeasurementUpload.objects.get().pk)
    answers = at_once(*[lambda: client.post(url, {"upload": upload})] * 2)
    assert not any(isinstance(answer, Exception) for answer in answers), answers
    assert Measurement.objects.count() == 3
    assert Measurement.history.filter(history_type="+").count() == 3


def test_a_value_entered_on_screen_at_the_same_time_is_kept(strategy, members):
    kpis = make_kpis(strategy)
    client, url = previewed(strategy, members["admin"], kpis)
    upload = str(MeasurementUpload.objects.get().pk)
    answers = at_once(
        lambda: client.post(url, {"upload": upload}),
        lambda: measurements.record(
            kpis["time"], period=month(2), value=Decimal("13"), user=members["facilitator"]
        ),
    )
    assert not any(isinstance(answer, Exception) for answer in answers), answers
    stored = Measurement.objects.get(kpi=kpis["time"], period=month(2))
    changes = list(stored.history.order_by("history_date").values_list("value", flat=True))
    if answers[0].status_code == 302:  # the import went first: the screen's value corrects it
        assert stored.value == Decimal("13") and changes == [Decimal("12"), Decimal("13")]
        assert Measurement.objects.count() == 3
    else:  # the screen went first: nothing imported, the new preview shown
        assert "data-import-changed" in answers[0].content.decode()
        assert changes == [Decimal("13")] and Measurement.objects.count() == 1
