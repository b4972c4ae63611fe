"""Kpi.progress() and Kpi.status_on(): the tracking rules read from a KPI's own rows."""

import datetime
from decimal import Decimal

import pytest

from indicators.models import KpiMilestone
from tests.factories import KpiFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


def test_status_and_progress_read_the_measurements_up_to_the_day():
    kpi = KpiFactory()  # 14 hours down to 10, Sept 2026 → March 2027, monthly
    MeasurementFactory(kpi=kpi, period=datetime.date(2026, 10, 1), value=Decimal("13"))
    MeasurementFactory(kpi=kpi, period=datetime.date(2026, 11, 1), value=Decimal("15"))
    assert kpi.status_on(datetime.date(2026, 9, 15)) == "no_data"
    assert kpi.progress(datetime.date(2026, 10, 20)) == Decimal("0.25")
    assert kpi.status_on(datetime.date(2026, 10, 20)) == "on_track"
    assert kpi.progress(datetime.date(2026, 12, 5)) == Decimal("-0.25")
    assert kpi.status_on(datetime.date(2026, 12, 5)) == "off_track"
    assert kpi.status_on(datetime.date(2027, 1, 20)) == "overdue"  # December is missing


def test_milestones_set_the_expected_course():
    kpi = KpiFactory()
    MeasurementFactory(kpi=kpi, period=datetime.date(2026, 11, 1), value=Decimal("12.5"))
    day = datetime.date(2026, 12, 5)
    assert kpi.status_on(day) == "on_track"  # 37.5 % of the way, a third expected
    KpiMilestone.objects.create(kpi=kpi, due_date=datetime.date(2026, 11, 30), value=11)
    assert kpi.status_on(day) == "off_track"  # the milestone asked for three quarters


def test_own_thresholds_decide_when_set():
    kpi = KpiFactory(on_track_threshold=Decimal("12"), off_track_threshold=Decimal("13"))
    MeasurementFactory(kpi=kpi, period=datetime.date(2026, 11, 1), value=Decimal("12.5"))
    assert kpi.status_on(datetime.date(2026, 12, 5)) == "at_risk"


def test_sparkline_draws_the_last_values_in_order():
    kpi = KpiFactory()
    for month, value in ((11, 12), (9, 14), (10, 13)):
        MeasurementFactory(kpi=kpi, period=datetime.date(2026, month, 1), value=value)
    assert kpi.sparkline() == "0.0,2.0 40.0,10.0 80.0,18.0"
