"""The progress, status and roll-up rules (indicators/tracking.py): plain functions, no database."""

import datetime
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from indicators.tracking import (
    AT_RISK,
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    OVERDUE,
    Course,
    Track,
    due_period,
    expected_progress,
    progress,
    roll_up,
    sparkline,
    track,
)

day = datetime.date
HIGHER = Course(
    direction="higher",
    baseline_value=D(60),
    baseline_date=day(2026, 1, 1),
    target_value=D(80),
    target_date=day(2027, 1, 1),
    frequency="monthly",
)
LOWER = Course(
    direction="lower",
    baseline_value=D(14),
    baseline_date=day(2026, 1, 1),
    target_value=D(10),
    target_date=day(2027, 1, 1),
    frequency="monthly",
)
RANGE = Course(
    direction="range",
    baseline_value=D(20),
    baseline_date=day(2026, 1, 1),
    target_value=D(40),
    target_max=D(60),
    target_date=day(2027, 1, 1),
    frequency="monthly",
)


def _with(course, **changes):
    return Course(**{**course.__dict__, **changes})


# progress


def test_progress_higher_is_share_of_the_way_from_baseline_to_target():
    assert progress(HIGHER, D(70)) == D("0.5")
    assert progress(HIGHER, D(80)) == 1
    assert progress(HIGHER, D(50)) == D("-0.5")  # raw: worse than the baseline
    assert progress(HIGHER, D(90)) == D("1.5")  # raw: past the target


def test_progress_lower_follows_the_sign():
    assert progress(LOWER, D(12)) == D("0.5")
    assert progress(LOWER, D(16)) == D("-0.5")


def test_progress_shown_is_clamped_to_0_100_percent():
    assert Track(ON_TRACK, D("1.5")).percent == 100
    assert Track(OFF_TRACK, D("-0.5")).percent == 0
    assert Track(AT_RISK, D("0.624")).percent == 62


def test_progress_of_a_range_is_full_inside_the_band_and_partial_outside():
    assert progress(RANGE, D(50)) == 1
    assert progress(RANGE, D(40)) == 1
    assert progress(RANGE, D(30)) == D("0.5")  # half-way from the baseline to the band
    assert progress(RANGE, D(70)) == D("0.5")  # past the band: its width sets the scale


def test_progress_without_baseline_or_target_is_unknown():
    assert progress(_with(HIGHER, baseline_value=None), D(70)) is None
    assert progress(_with(HIGHER, target_value=None), D(70)) is None
    assert progress(_with(HIGHER, target_value=D(60)), D(70)) is None
    assert progress(HIGHER, None) is None


# expected progress


def test_expected_progress_runs_straight_from_baseline_to_target():
    assert expected_progress(HIGHER, day(2025, 6, 1)) == 0
    assert expected_progress(HIGHER, day(2028, 1, 1)) == 1
    halfway = expected_progress(HIGHER, day(2026, 7, 2))
    assert D("0.49") < halfway < D("0.51")


def test_expected_progress_goes_through_the_milestones():
    course = _with(HIGHER, milestones=((day(2026, 4, 1), D(76)),))  # a fast start
    assert expected_progress(course, day(2026, 4, 1)) == D("0.8")
    assert expected_progress(HIGHER, day(2026, 4, 1)) < D("0.3")


def test_expected_progress_without_dates_is_the_target_itself():
    assert expected_progress(_with(HIGHER, baseline_date=None), day(2026, 6, 1)) == 1


# status


def test_no_readings_is_no_data_not_red():
    assert track(HIGHER, [], day(2026, 6, 15)).status == NO_DATA


def test_readings_after_the_day_are_not_read():
    assert track(HIGHER, [(day(2026, 7, 1), D(80))], day(2026, 6, 15)).status == NO_DATA


def test_on_course_is_on_track_behind_is_at_risk_far_behind_is_off_track():
    on = day(2026, 7, 5)  # June is measured: expected about 0.49 at its end
    assert track(HIGHER, [(day(2026, 6, 1), D(70))], on).status == ON_TRACK
    assert track(HIGHER, [(day(2026, 6, 1), D("68.6"))], on).status == AT_RISK
    assert track(HIGHER, [(day(2026, 6, 1), D(62))], on).status == OFF_TRACK


def test_lower_is_better_is_judged_the_same_way():
    on = day(2026, 7, 5)
    assert track(LOWER, [(day(2026, 6, 1), D(12))], on).status == ON_TRACK
    assert track(LOWER, [(day(2026, 6, 1), D(14))], on).status == OFF_TRACK


def test_target_reached_early_is_on_track_with_progress_kept_raw():
    result = track(HIGHER, [(day(2026, 2, 1), D(90))], day(2026, 3, 5))
    assert result.status == ON_TRACK
    assert result.progress == D("1.5")
    assert result.percent == 100


def test_range_inside_the_band_is_on_track_outside_is_judged_on_the_course():
    on = day(2026, 12, 20)
    assert track(RANGE, [(day(2026, 11, 1), D(55))], on).status == ON_TRACK
    assert track(RANGE, [(day(2026, 11, 1), D(22))], on).status == OFF_TRACK


def test_own_thresholds_win_over_expected_progress():
    course = _with(HIGHER, on_track=D(65), off_track=D(62))
    on = day(2026, 7, 5)
    # 66 is behind the course (at risk by expected progress) but above the on-track line.
    assert track(course, [(day(2026, 6, 1), D(66))], on).status == ON_TRACK
    assert track(course, [(day(2026, 6, 1), D(63))], on).status == AT_RISK
    assert track(course, [(day(2026, 6, 1), D(62))], on).status == AT_RISK  # not worse than
    assert track(course, [(day(2026, 6, 1), D(61))], on).status == OFF_TRACK


def test_thresholds_for_lower_is_better():
    course = _with(LOWER, on_track=D(12), off_track=D(13))
    on = day(2026, 7, 5)
    assert track(course, [(day(2026, 6, 1), D(12))], on).status == ON_TRACK
    assert track(course, [(day(2026, 6, 1), D("12.5"))], on).status == AT_RISK
    assert track(course, [(day(2026, 6, 1), D("13.5"))], on).status == OFF_TRACK


def test_only_one_threshold_set_leaves_the_other_side_to_expected_progress():
    on = day(2026, 7, 5)
    only_on = _with(HIGHER, on_track=D(75))
    assert track(only_on, [(day(2026, 6, 1), D(76))], on).status == ON_TRACK
    assert track(only_on, [(day(2026, 6, 1), D(70))], on).status == AT_RISK
    assert track(only_on, [(day(2026, 6, 1), D(62))], on).status == OFF_TRACK
    only_off = _with(HIGHER, off_track=D(61))
    assert track(only_off, [(day(2026, 6, 1), D(60))], on).status == OFF_TRACK
    assert track(only_off, [(day(2026, 6, 1), D(62))], on).status == AT_RISK
    assert track(only_off, [(day(2026, 6, 1), D(70))], on).status == ON_TRACK


def test_a_missing_due_value_is_overdue_not_red():
    readings = [(day(2026, 4, 1), D(80))]
    assert track(HIGHER, readings, day(2026, 5, 5)).status == ON_TRACK  # April not due yet
    result = track(HIGHER, readings, day(2026, 6, 15))  # May ended over 10 days ago
    assert result.status == OVERDUE
    assert result.progress == 1  # the last value still counts


def test_due_period_follows_the_frequency():
    assert due_period("monthly", day(2026, 6, 15)) == day(2026, 5, 1)
    assert due_period("monthly", day(2026, 6, 5)) == day(2026, 4, 1)
    assert due_period("quarterly", day(2026, 7, 20)) == day(2026, 4, 1)
    assert due_period("yearly", day(2026, 3, 1)) == day(2025, 1, 1)
    assert due_period("weekly", day(2026, 6, 18)) == day(2026, 6, 8)  # a Monday
    assert due_period("", day(2026, 6, 15)) is None


def test_nothing_to_compare_with_is_no_data():
    course = _with(HIGHER, target_value=None)
    assert track(course, [(day(2026, 6, 1), D(70))], day(2026, 6, 20)).status == NO_DATA


# roll-up


def test_roll_up_is_the_weighted_mean_of_capped_progress_beside_the_worst_status():
    items = [
        (Track(ON_TRACK, D("1.5")), 1),  # capped at 100 %: cannot hide the red one
        (Track(OFF_TRACK, D("-0.2")), 1),  # capped at 0 %
        (Track(AT_RISK, D("0.5")), 2),
        (Track(NO_DATA), 1),
        (Track(NO_DATA), 1),
    ]
    result = roll_up(items)
    assert result.progress == D(2) / D(4)
    assert result.percent == 50
    assert (result.measured, result.total) == (3, 5)
    assert result.worst == OFF_TRACK


def test_roll_up_of_nothing_measured_has_no_progress():
    result = roll_up([(Track(NO_DATA), 1), (Track(NO_DATA), 1)])
    assert (result.progress, result.measured, result.total, result.worst) == (None, 0, 2, NO_DATA)
    assert roll_up([]).total == 0


def test_overdue_is_worse_than_on_track_but_not_than_at_risk():
    assert roll_up([(Track(ON_TRACK, D(1)), 1), (Track(OVERDUE, D(1)), 1)]).worst == OVERDUE
    assert roll_up([(Track(AT_RISK, D(1)), 1), (Track(OVERDUE, D(1)), 1)]).worst == AT_RISK


def test_sparkline_needs_two_values_and_fits_its_box():
    assert sparkline([D(1)]) == ""
    points = sparkline([D(1), D(3), D(2)], width=80, height=20)
    assert points.split() == ["0.0,18.0", "40.0,2.0", "80.0,10.0"]


# properties

values = st.decimals(min_value=-10_000, max_value=10_000, allow_nan=False, places=2)


@given(baseline=values, target=values, a=values, b=values)
def test_progress_never_falls_when_the_value_improves(baseline, target, a, b):
    if baseline == target:
        return
    course = Course(
        direction="higher" if target > baseline else "lower",
        baseline_value=baseline,
        target_value=target,
    )
    worse, better = (a, b) if (a <= b) == (target > baseline) else (b, a)
    assert progress(course, better) >= progress(course, worse)


@given(low=values, width=st.decimals(0, 1000, places=2), a=values, b=values, baseline=values)
def test_range_progress_never_falls_when_the_value_comes_closer(low, width, a, b, baseline):
    high = low + width
    course = Course(direction="range", baseline_value=baseline, target_value=low, target_max=high)
    for side in (lambda v: v < low, lambda v: v > high):
        if side(a) and side(b):
            closer, farther = (
                (a, b) if abs(a - low) + abs(a - high) <= abs(b - low) + abs(b - high) else (b, a)
            )
            assert progress(course, closer) >= progress(course, farther)


@given(
    readings=st.lists(st.tuples(st.dates(day(2025, 1, 1), day(2027, 12, 1)), values), max_size=6),
    on=st.dates(day(2025, 1, 1), day(2028, 1, 1)),
)
def test_track_always_answers_one_of_the_states(readings, on):
    result = track(_with(HIGHER, on_track=D(70)), readings, on)
    assert result.status in {ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA, OVERDUE}
    assert result.percent is None or 0 <= result.percent <= 100
