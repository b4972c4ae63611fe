"""KPI values are shown in the reader's notation."""

from decimal import Decimal

import pytest
from django.utils import translation

from indicators.templatetags.kpi_tags import kpi_value


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
