"""Which periods of a KPI still want a value, and which reminders they call for: plain functions."""

import datetime
import itertools

from hypothesis import given
from hypothesis import strategies as st

from indicators.tracking import (
    DUE,
    DUE_SOON,
    GRACE_DAYS,
    OPEN,
    OVERDUE,
    next_period,
    open_periods,
    overdue_from,
    period_start,
    reminders,
)

day = datetime.date


def kinds(periods):
    return [(p.start, p.kind) for p in periods]


def test_a_monthly_kpi_lists_the_running_month_the_month_in_grace_and_older_gaps():
    found = open_periods("monthly", day(2026, 9, 1), day(2026, 12, 5))
    assert kinds(found) == [
        (day(2026, 9, 1), OVERDUE),
        (day(2026, 10, 1), OVERDUE),
        (day(2026, 11, 1), DUE),  # ended on 30 November, overdue from 10 December
        (day(2026, 12, 1), OPEN),
    ]
    assert found[2].end == day(2026, 11, 30)
    assert found[2].overdue_from == day(2026, 12, 10)


def test_filled_periods_are_left_out():
    found = open_periods(
        "monthly", day(2026, 9, 1), day(2026, 12, 5), filled={day(2026, 9, 1), day(2026, 11, 1)}
    )
    assert kinds(found) == [(day(2026, 10, 1), OVERDUE), (day(2026, 12, 1), OPEN)]


def test_periods_that_begin_before_the_baseline_date_are_never_asked_for():
    found = open_periods("monthly", day(2026, 9, 30), day(2026, 11, 5))
    assert [p.start for p in found] == [day(2026, 10, 1), day(2026, 11, 1)]


def test_nothing_is_asked_before_the_baseline_period_starts():
    assert open_periods("quarterly", day(2027, 1, 1), day(2026, 11, 5)) == []


def test_without_a_baseline_date_the_backlog_stops_at_the_latest_overdue_period():
    found = open_periods("monthly", None, day(2026, 12, 20))
    assert kinds(found) == [(day(2026, 11, 1), OVERDUE), (day(2026, 12, 1), OPEN)]


def test_the_grace_days_decide_when_a_period_turns_overdue():
    the_day_before = open_periods("monthly", day(2026, 11, 1), day(2026, 12, 9))
    the_day = open_periods("monthly", day(2026, 11, 1), day(2026, 12, 10))
    assert kinds(the_day_before)[0] == (day(2026, 11, 1), DUE)
    assert kinds(the_day)[0] == (day(2026, 11, 1), OVERDUE)


def test_weekly_and_yearly_periods():
    weekly = open_periods("weekly", day(2026, 11, 30), day(2026, 12, 8))  # a Tuesday
    assert kinds(weekly) == [(day(2026, 11, 30), DUE), (day(2026, 12, 7), OPEN)]
    yearly = open_periods("yearly", day(2025, 1, 1), day(2026, 1, 20))
    assert kinds(yearly) == [(day(2025, 1, 1), DUE), (day(2026, 1, 1), OPEN)]


def test_no_frequency_means_no_periods():
    assert open_periods("", day(2026, 1, 1), day(2026, 12, 5)) == []


def test_a_long_backlog_is_capped_to_the_latest_periods():
    found = open_periods("daily", day(2020, 1, 1), day(2026, 12, 5), limit=10)
    assert len(found) == 10
    assert found[-1].start == day(2026, 12, 5)


def test_reminders_due_soon_from_n_days_before_the_end_then_overdue():
    def on(date):
        return reminders(open_periods("monthly", day(2026, 11, 1), date), date, days_before=3)

    assert on(day(2026, 11, 26)) == []
    assert on(day(2026, 11, 27)) == [(day(2026, 11, 1), DUE_SOON)]
    # After the end, within the grace days: still "due soon" (the job may have missed a day).
    assert on(day(2026, 12, 2)) == [(day(2026, 11, 1), DUE_SOON)]
    assert on(day(2026, 12, 10)) == [(day(2026, 11, 1), OVERDUE)]


@given(
    frequency=st.sampled_from(sorted(GRACE_DAYS)),
    today=st.dates(min_value=day(2020, 1, 1), max_value=day(2030, 12, 31)),
    back=st.integers(min_value=0, max_value=800),
)
def test_open_periods_are_consecutive_period_starts_up_to_the_running_one(frequency, today, back):
    baseline = today - datetime.timedelta(days=back)
    found = open_periods(frequency, baseline, today)
    if period_start(today, frequency) < baseline:
        assert found == []  # the first period to fill has not begun yet
        return
    assert found[-1].start == period_start(today, frequency)
    assert found[-1].kind == OPEN
    for earlier, later in itertools.pairwise(found):
        assert next_period(earlier.start, frequency) == later.start
    for period in found:
        assert period.start >= baseline
        assert period_start(period.start, frequency) == period.start
        assert period.overdue_from == overdue_from(period.start, frequency)
        assert (period.kind == OVERDUE) == (today >= period.overdue_from)
