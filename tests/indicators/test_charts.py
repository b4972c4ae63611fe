"""Progress charts: layout for 0, 1 and many measurements, both directions, and the SVG partial."""

import datetime
import xml.etree.ElementTree as ET
from dataclasses import replace
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.charts import (
    PLOT_BOTTOM,
    PLOT_LEFT,
    PLOT_RIGHT,
    PLOT_TOP,
    ChartData,
    progress_chart,
)
from tests.factories import KpiFactory, MeasurementFactory

SVG = "{http://www.w3.org/2000/svg}"
D = Decimal


def months(values, start=datetime.date(2026, 1, 1)):
    return tuple(
        (
            datetime.date(
                start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1
            ),
            D(v),
        )
        for i, v in enumerate(values)
    )


def resolution_time(measurements=()) -> ChartData:
    """Lower is better: from 14 to 10 hours, on track from 11, off track beyond 13."""
    return ChartData(
        unit="hours",
        direction="lower",
        baseline_value=D(14),
        baseline_date=datetime.date(2025, 12, 31),
        target_value=D(10),
        target_date=datetime.date(2026, 12, 31),
        on_track=D(11),
        off_track=D(13),
        milestones=((datetime.date(2026, 6, 30), D(12)),),
        measurements=measurements,
    )


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def svg_of(chart) -> ET.Element:
    html = render_to_string("indicators/_progress_chart.html", {"chart": chart})
    figure = ET.fromstring(html.replace("&nbsp;", " "))
    return figure.find(f"{SVG}svg")


def test_no_measurements_draws_the_plan_and_says_so():
    chart = progress_chart(resolution_time(), chart_id="k")
    assert chart.points == [] and chart.line == "" and chart.last is None
    assert chart.empty_message
    assert chart.target is not None and chart.baseline is not None
    assert chart.plan.count(",") == 3  # baseline → milestone → target
    assert "No measurements yet." in chart.desc


def test_one_measurement_is_one_labelled_point():
    chart = progress_chart(resolution_time(months(["13.5"])), chart_id="k")
    assert len(chart.points) == 1 and chart.last.label == "13.5\u00a0hours"
    assert not chart.empty_message
    assert "One measurement, 13.5\u00a0hours on 1 Jan 2026." in chart.desc


def test_many_measurements_run_left_to_right_in_date_order():
    values = ["14", "13.4", "12.8", "12.1"]
    shuffled = tuple(reversed(months(values)))
    chart = progress_chart(resolution_time(shuffled), chart_id="k")
    xs = [p.x for p in chart.points]
    assert xs == sorted(xs)
    assert [p.label.split(": ")[1] for p in chart.points] == [
        "14\u00a0hours",
        "13.4\u00a0hours",
        "12.8\u00a0hours",
        "12.1\u00a0hours",
    ]
    # Lower values are drawn lower: 12.1 hours sits below 14 hours.
    assert chart.points[-1].y > chart.points[0].y
    assert (
        "4 measurements from 1 Jan 2026 to 1 Apr 2026; the latest is 12.1\u00a0hours." in chart.desc
    )


@pytest.mark.parametrize(
    ("direction", "on", "off"),
    [("lower", D(11), D(13)), ("higher", D(72), D(65))],
)
def test_on_track_band_is_on_the_good_side_for_the_direction(direction, on, off):
    data = ChartData(
        unit="percent",
        direction=direction,
        baseline_value=D(62) if direction == "higher" else D(14),
        target_value=D(75) if direction == "higher" else D(10),
        on_track=on,
        off_track=off,
        measurements=months(["66"] if direction == "higher" else ["12"]),
    )
    bands = {band.kind: band for band in progress_chart(data).bands}
    assert set(bands) == {"on_track", "at_risk", "off_track"}
    on_band, off_band = bands["on_track"], bands["off_track"]
    if direction == "higher":  # good values are high: drawn at the top (small y)
        assert on_band.y < bands["at_risk"].y < off_band.y
    else:
        assert off_band.y < bands["at_risk"].y < on_band.y


def test_a_range_target_is_a_band_not_a_line():
    data = ChartData(
        unit="days",
        direction="range",
        target_value=D(3),
        target_max=D(5),
        measurements=months(["6", "4"]),
    )
    chart = progress_chart(data)
    assert chart.target_band is not None and chart.target_band.height > 0
    assert chart.target.solid is False
    assert "3\u00a0days – 5\u00a0days" in chart.target.label
    assert [item.kind for item in chart.legend] == ["measured", "target_band"]


def test_snapshot_values_are_read_and_garbage_is_ignored():
    item = {
        "unit": "percent",
        "direction": "higher",
        "baseline_value": "62",
        "baseline_date": "2026-01-31",
        "target_value": "75",
        "target_date": "not a date",
        "on_track_threshold": "abc",
        "milestones": [{"due_date": "2026-06-30", "value": "70"}, {"due_date": None, "value": "1"}],
    }
    data = ChartData.from_snapshot(item, [("2026-02-01", "64.5"), (None, "1"), ("2026-03-01", "x")])
    assert data.baseline_value == D(62) and data.target_date is None and data.on_track is None
    assert data.milestones == ((datetime.date(2026, 6, 30), D(70)),)
    assert data.measurements == ((datetime.date(2026, 2, 1), D("64.5")),)


def test_a_live_kpi_gives_its_measurements_and_milestones(db):
    kpi = KpiFactory()
    MeasurementFactory(kpi=kpi, period=datetime.date(2026, 11, 1), value=D("12"))
    MeasurementFactory(kpi=kpi, period=datetime.date(2026, 10, 1), value=D("13"))
    data = ChartData.from_kpi(kpi)
    assert [v for _d, v in data.measurements] == [D(13), D(12)]
    assert data.baseline_value == D(14) and data.direction == "lower"


def test_labels_follow_the_readers_language():
    data = resolution_time(months(["12.5"]))
    with translation.override("nl"):
        dutch = progress_chart(data)
    with translation.override("en"):
        english = progress_chart(data)
    assert dutch.last.label == "12,5\u00a0uur" and english.last.label == "12.5\u00a0hours"
    assert dutch.target.label.startswith("Streefwaarde 10\u00a0uur")
    assert english.target.label.startswith("Target 10\u00a0hours")


def test_dutch_month_names_are_lower_case_english_ones_capitalised():
    data = resolution_time(months(["13", "12"], start=datetime.date(2026, 5, 1)))
    with translation.override("nl"):
        dutch = progress_chart(data)
    with translation.override("en"):
        english = progress_chart(data)
    assert dutch.points[0].label.startswith("1 mei 2026: ")
    assert english.points[0].label.startswith("1 May 2026: ")
    assert dutch.target.label == "Streefwaarde 10\u00a0uur op 31 dec 2026"
    assert english.target.label == "Target 10\u00a0hours by 31 Dec 2026"
    assert "jul 2026" in [tick.label for tick in dutch.x_ticks]
    assert "Jul 2026" in [tick.label for tick in english.x_ticks]
    assert "1 mei 2026" in dutch.desc and "Mei" not in dutch.desc and "Dec" not in dutch.desc
    with translation.override("nl"):
        svg = render_to_string("indicators/_progress_chart.html", {"chart": dutch, "print": True})
    assert "jul 2026" in svg and "Jul" not in svg and "Dec" not in svg


@pytest.mark.parametrize(
    "own, latest, shown",
    [
        ({}, "12.3333", "12.3\u00a0hours"),  # the KPI's own values are whole: 1 decimal
        ({}, "12.25", "12.3\u00a0hours"),
        ({}, "12", "12\u00a0hours"),  # no decimals added
        ({"target_value": D("10.25")}, "12.3333", "12.33\u00a0hours"),  # as precise as the target
        ({"baseline_value": D("14.125")}, "12.3333", "12.333\u00a0hours"),
    ],
)
def test_the_latest_value_is_rounded_to_the_kpis_own_precision(own, latest, shown):
    data = replace(resolution_time(months(["13", latest])), **own)
    chart = progress_chart(data)
    assert chart.last.label == shown
    assert chart.points[-1].label.endswith(shown)
    assert f"the latest is {shown}" in chart.desc
    assert chart.table[-1][1] == f"{latest}\u00a0hours"  # the data table keeps the exact value


def test_rounding_writes_dutch_decimals():
    with translation.override("nl"):
        chart = progress_chart(resolution_time(months(["13", "1234.56789"])))
    assert chart.last.label == "1.234,6\u00a0uur"


def test_svg_is_accessible_and_its_coordinates_are_never_localised():
    with translation.override("nl"):  # Dutch writes 12,5: coordinates must stay 12.5
        svg = svg_of(progress_chart(resolution_time(months(["14", "13.4", "12.1"])), chart_id="A1"))
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert (
        "Streefwaarde" in svg.find(f"{SVG}desc").text
        and svg.find(f"{SVG}desc").get("id") == desc_id
    )
    for element in svg.iter():
        if element.tag == f"{SVG}svg":
            continue  # width="100%" is the layout's, not a coordinate
        for name in ("x", "y", "x1", "y1", "cx", "cy", "width", "height", "points"):
            value = element.get(name)
            if value is not None:
                assert "," not in value.replace(" ", "") or name == "points", (name, value)
                if name == "points":
                    for pair in value.split():
                        float(pair.split(",")[0]), float(pair.split(",")[1])
                else:
                    float(value)
    assert len(svg.findall(f"{SVG}circle")) == 3


def test_a_kpi_name_cannot_inject_markup():
    chart = progress_chart(resolution_time(), name='<script>alert("x")</script>')
    html = render_to_string("indicators/_progress_chart.html", {"chart": chart})
    assert "<script>" not in html and "&lt;script&gt;" in html


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(
        st.decimals(min_value=-1000, max_value=100000, places=2, allow_nan=False),
        min_size=0,
        max_size=24,
    ),
    baseline=st.one_of(st.none(), st.decimals(min_value=0, max_value=1000, places=1)),
    target=st.one_of(st.none(), st.decimals(min_value=0, max_value=1000, places=1)),
    direction=st.sampled_from(["higher", "lower", "range"]),
    target_day=st.one_of(st.none(), st.dates(datetime.date(2020, 1, 1), datetime.date(2035, 1, 1))),
)
def test_everything_drawn_stays_inside_the_plot(values, baseline, target, direction, target_day):
    data = ChartData(
        unit="count",
        direction=direction,
        baseline_value=baseline,
        target_value=target,
        target_date=target_day,
        measurements=months(values, start=datetime.date(2024, 1, 1)),
    )
    chart = progress_chart(data)
    for mark in [*chart.points, *chart.milestones]:
        assert PLOT_LEFT <= mark.x <= PLOT_RIGHT
        assert PLOT_TOP - 0.01 <= mark.y <= PLOT_BOTTOM + 0.01
    for line in (chart.baseline, chart.target):
        if line is not None:
            assert PLOT_TOP - 0.01 <= line.y <= PLOT_BOTTOM + 0.01
    ticks = [tick.at for tick in chart.y_ticks]
    assert ticks == sorted(ticks, reverse=True) and len(ticks) >= 2
