"""Numbers typed in the KPI form: a thousands separator is only taken as one where it can be."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from indicators.forms import LocalDecimalField


@pytest.mark.parametrize(
    ("lang", "typed", "expected"),
    [
        ("nl", "1.250", Decimal("1250")),
        ("nl", "12.500.000", Decimal("12500000")),
        ("nl", "1.250,5", Decimal("1250.5")),
        ("nl", "1.5", Decimal("1.5")),
        # No number is written with a thousands separator after a leading zero.
        ("nl", "0.250", Decimal("0.25")),
        ("nl", "-0.500", Decimal("-0.5")),
        ("en", "1,250", Decimal("1250")),
        ("en", "0.250", Decimal("0.25")),
    ],
)
def test_typed_numbers_are_read_as_meant(lang, typed, expected):
    with translation.override(lang):
        assert LocalDecimalField(required=False).clean(typed) == expected


def test_leading_zero_with_a_comma_in_english_is_refused_not_read_as_thousands():
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            LocalDecimalField(required=False).clean("0,250")
        assert caught.value.messages == ["Enter a number, for example 12.5 or 1,250."]


@pytest.mark.parametrize(
    ("lang", "typed", "wanted"),
    [
        ("nl", "1,250.5", "1.250,5"),
        ("nl", "12,500,000", "1.250,5"),
        ("nl", "1,2,5", "1.250,5"),
        ("en", "1.250,5", "1,250.5"),
        ("en", "12.500.000", "1,250.5"),
    ],
)
def test_the_other_notation_is_refused_never_read_a_thousand_times_off(lang, typed, wanted):
    with translation.override(lang):
        with pytest.raises(ValidationError) as caught:
            LocalDecimalField(required=False).clean(typed)
        assert caught.value.code == "notation"
        assert wanted in caught.value.messages[0]  # read in the page's language


@pytest.mark.parametrize(
    ("lang", "typed", "expected"),
    [
        ("nl", ",5", Decimal("0.5")),
        ("nl", "-1.250,75", Decimal("-1250.75")),
        ("en", "1250.5", Decimal("1250.5")),
    ],
)
def test_ordinary_numbers_still_pass(lang, typed, expected):
    with translation.override(lang):
        assert LocalDecimalField(required=False).clean(typed) == expected
