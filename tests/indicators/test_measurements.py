"""The one write path for a KPI's values: periods, corrections kept, notes when off track."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators import measurements, tracking
from indicators.models import Measurement


def last_month():
    return tracking.period_start(timezone.localdate() - datetime.timedelta(days=40), "monthly")


def test_a_new_value_is_recorded_with_who_entered_it(kpi, members):
    done = measurements.record(
        kpi, period=last_month(), value=Decimal("12.5"), user=members["facilitator"]
    )
    assert not done.corrected
    stored = Measurement.objects.get(kpi=kpi)
    assert (stored.value, stored.entered_by) == (Decimal("12.5"), members["facilitator"])


def test_a_second_value_for_the_period_is_a_correction_that_keeps_the_old_one(kpi, members):
    period = last_month()
    measurements.record(kpi, period=period, value=Decimal("12.5"), user=members["facilitator"])
    done = measurements.record(
        kpi, period=period, value=Decimal("12"), note="Telfout", user=members["admin"]
    )
    assert done.corrected and done.previous_value == Decimal("12.5")
    assert Measurement.objects.filter(kpi=kpi).count() == 1
    changes = measurements.history([done.measurement])[done.measurement.pk]
    assert [(c.value, c.who, c.kind) for c in changes] == [
        (Decimal("12"), members["admin"], "~"),
        (Decimal("12.5"), members["facilitator"], "+"),
    ]
    assert done.measurement.version == 2


def test_history_of_many_values_takes_one_query(kpi, members, django_assert_num_queries):
    month = last_month()
    rows = []
    for back in range(3):
        period = tracking.period_start(month - datetime.timedelta(days=31 * back), "monthly")
        rows.append(measurements.record(kpi, period=period, value=Decimal(12), user=None))
    with django_assert_num_queries(1):
        measurements.history([r.measurement for r in rows])


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (datetime.date(2026, 11, 15), "is niet de eerste dag"),
        (datetime.date(2099, 1, 1), "is nog niet begonnen"),
    ],
)
def test_a_period_that_does_not_fit_is_refused(kpi, period, message):
    with pytest.raises(measurements.MeasurementRefused, match=message):
        measurements.record(kpi, period=period, value=Decimal(12), user=None)
    assert not Measurement.objects.exists()


def test_a_kpi_without_frequency_takes_no_value(kpi):
    kpi.frequency = ""
    with pytest.raises(measurements.MeasurementRefused, match="nog geen meetfrequentie"):
        measurements.record(kpi, period=last_month(), value=Decimal(12), user=None)


def test_an_off_track_value_needs_a_note(kpi):
    worse_than_baseline = Decimal("20")  # lower is better, from 14 to 10
    with pytest.raises(measurements.MeasurementRefused, match="schrijf er een toelichting bij"):
        measurements.record(kpi, period=last_month(), value=worse_than_baseline, user=None)
    done = measurements.record(
        kpi, period=last_month(), value=worse_than_baseline, note="Storing", user=None
    )
    assert done.measurement.note == "Storing"
