"""Kpi.progress() and Kpi.status_on(): the tracking rules read from a KPI's own rows."""

import datetime
from decimal import Decimal

import pytest

from indicators.models import Kpi, KpiMilestone
from tests.factories import KpiFactory, MeasurementFactory, StrategyFactory

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


def _tracked(kpi, day, latest=1):
    """`kpi` as `Kpi.track_tree()` leaves it: tracked from the values read for its tree."""
    from goals.models import Strategy, tree_kpis

    goals = Strategy.objects.with_tracking().get(pk=kpi.csf.goal.strategy_id).goals.all()
    Kpi.track_tree(goals, day=day, latest=latest)
    return next(k for k in tree_kpis(goals) if k.pk == kpi.pk)


def test_sparkline_draws_the_last_values_in_order():
    kpi = KpiFactory()
    for month, value in ((11, 12), (9, 14), (10, 13)):
        MeasurementFactory(kpi=kpi, period=datetime.date(2026, month, 1), value=value)
    tracked = _tracked(kpi, datetime.date(2026, 12, 5), latest=Kpi.SPARKLINE_VALUES)
    assert tracked.sparkline() == "0.0,2.0 40.0,10.0 80.0,18.0"


def test_sparkline_draws_the_latest_twelve_values_up_to_the_day():
    kpi = KpiFactory(baseline_date=datetime.date(2024, 1, 1))
    for month in range(24):
        period = datetime.date(2025 + month // 12, month % 12 + 1, 1)
        MeasurementFactory(kpi=kpi, period=period, value=month)
    tracked = _tracked(kpi, datetime.date(2026, 6, 15), latest=Kpi.SPARKLINE_VALUES)
    # June 2025 up to June 2026: the values after the day are not read.
    assert [value for _period, value in tracked.recent] == list(range(6, 18))
    assert len(tracked.sparkline().split()) == 12
    assert tracked.track.latest_period == datetime.date(2026, 6, 1)


def test_the_tree_reads_each_kpi_as_its_own_values_do():
    """`track_tree()` reads the latest value per KPI in one query; each KPI's own `track_on()`
    reads all its values: both give the same status and progress."""
    from goals.models import Strategy, tree_kpis
    from tests.conftest import build_tree

    strategy = StrategyFactory()
    build_tree(strategy, kpis=7)
    day = datetime.date(2026, 5, 20)
    for number, kpi in enumerate(Kpi.objects.filter(csf__goal__strategy=strategy)):
        for month in range(1, 1 + number % 7):
            MeasurementFactory(kpi=kpi, period=f"2026-{month:02d}-01", value=10 + number * month)
    goals = Strategy.objects.with_tracking().get(pk=strategy.pk).goals.all()
    Kpi.track_tree(goals, day=day)
    for kpi in tree_kpis(goals):
        assert kpi.track == Kpi.objects.get(pk=kpi.pk).track_on(day)


def test_readings_are_each_kpis_latest_values_up_to_the_day_oldest_first():
    """`Measurement.objects.readings()` against the plain reading of every KPI's rows: fewer
    values than asked for, more, values after the day, a KPI without values and another
    strategy's KPI (not asked for)."""
    from indicators.models import Measurement
    from tests.conftest import build_tree

    strategy = StrategyFactory()
    build_tree(strategy, kpis=5)
    kpis = list(Kpi.objects.filter(csf__goal__strategy=strategy))
    for number, kpi in enumerate(kpis[:4]):
        for month in range(number * 5):  # 0, 5, 10 and 15 values, from Jan 2026 on
            period = datetime.date(2026 + month // 12, month % 12 + 1, 1)
            MeasurementFactory(kpi=kpi, period=period, value=Decimal(month) + Decimal("0.25"))
    other = KpiFactory()
    MeasurementFactory(kpi=other, period=datetime.date(2026, 1, 1), value=1)
    day = datetime.date(2026, 9, 30)  # the values from October 2026 on are not read
    for latest in (1, 3, 12):
        read = Measurement.objects.readings([kpi.pk for kpi in kpis], day=day, latest=latest)
        expected = {}
        for kpi in kpis:
            rows = kpi.measurements.filter(period__lte=day).order_by("period")
            pairs = [(m.period, m.value) for m in rows][-latest:]
            if pairs:
                expected[kpi.pk] = pairs
        assert read == expected
        assert other.pk not in read
    (period, value), *_ = read[kpis[3].pk]
    assert isinstance(period, datetime.date) and isinstance(value, Decimal)
    assert Measurement.objects.readings([], day=day) == {}


@pytest.mark.parametrize("approved_only", [False, True])
def test_the_tree_as_the_pages_load_it_tracks_each_kpi_as_its_own_rows_do(approved_only):
    """`goals.tree.load_tree()` (the strategy page, the API) gives `track_tree()` the same
    nodes as the prefetches: milestones included, drafts left out for a viewer."""
    from goals.models import tree_kpis
    from goals.tree import load_tree
    from tests.conftest import build_tree

    strategy = StrategyFactory()
    build_tree(strategy, kpis=6)
    day = datetime.date(2026, 12, 5)
    kpis = list(Kpi.objects.filter(csf__goal__strategy=strategy))
    for number, kpi in enumerate(kpis):
        kpi.status = "approved" if number % 3 else "draft"
        kpi.save()
        MeasurementFactory(kpi=kpi, period=datetime.date(2026, 11, 1), value=Decimal("12.5"))
        if number % 2:
            KpiMilestone.objects.create(kpi=kpi, due_date=datetime.date(2026, 11, 30), value=11)
    goals = load_tree(strategy, approved_only=approved_only)
    Kpi.track_tree(goals, day=day)
    loaded = tree_kpis(goals)
    assert len(loaded) == (4 if approved_only else 6)
    for kpi in loaded:
        assert kpi.track == Kpi.objects.get(pk=kpi.pk).track_on(day)
    assert {kpi.track.status for kpi in loaded} == {"on_track", "off_track"}
