"""KPI values are shown in the reader's notation."""

from decimal import Decimal

import pytest
from django.utils import translation

from indicators.templatetags.kpi_tags import kpi_value, threshold_text


@pytest.mark.parametrize(
    ("language", "value", "unit", "expected"),
    [
        ("nl", Decimal("2.5000"), "percent", "2,5%"),
        ("en", Decimal("2.5000"), "percent", "2.5%"),
        ("nl", Decimal("1250.00"), "eur", "€\u00a01.250"),
        ("en", Decimal("1250.00"), "eur", "€\u00a01,250"),
        ("nl", Decimal("10"), "hours", "10\u00a0uur"),
        ("en", Decimal("1"), "hours", "1\u00a0hour"),
        ("en", Decimal("12"), "count", "12"),
        ("nl", None, "count", "–"),
    ],
)
def test_value_uses_the_notation_of_the_language(language, value, unit, expected):
    with translation.override(language):
        assert kpi_value(value, unit) == expected


@pytest.mark.parametrize(
    ("language", "direction", "expected"),
    [
        ("nl", "lower", "op koers bij 11\u00a0uur of minder · uit koers boven 13\u00a0uur"),
        ("nl", "higher", "op koers bij 11\u00a0uur of meer · uit koers onder 13\u00a0uur"),
        ("en", "lower", "on track at 11\u00a0hours or less · off track above 13\u00a0hours"),
        ("en", "higher", "on track at 11\u00a0hours or more · off track below 13\u00a0hours"),
    ],
)
def test_thresholds_read_the_way_round_the_direction_makes_them(language, direction, expected):
    """ "From 11" reads as "11 or more", the opposite of what a lower-is-better KPI means."""
    with translation.override(language):
        assert threshold_text(direction, "hours", Decimal(11), Decimal(13)) == expected


def test_thresholds_leave_out_what_is_not_set():
    with translation.override("nl"):
        assert threshold_text("lower", "percent", None, Decimal("4.5")) == "uit koers boven 4,5%"
        assert threshold_text("lower", "percent", None, None) == ""


def test_one_point_is_singular():
    with translation.override("nl"):
        assert (kpi_value(Decimal(1), "score"), kpi_value(Decimal(8), "score")) == (
            "1\u00a0punt",
            "8\u00a0punten",
        )
