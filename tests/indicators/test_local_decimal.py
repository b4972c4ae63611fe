"""Numbers typed in the KPI form: a thousands separator is only taken as one where it can be."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from indicators.fields import LocalDecimalField


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


ENGLISH_WAY = "Write the number the English way, for example 1,250.5 (a point before decimals)."
DUTCH_WAY = "Schrijf het getal op zijn Nederlands, bijvoorbeeld 1.250,5 (een komma voor decimalen)."


def test_leading_zero_with_a_comma_in_english_is_refused_not_read_as_thousands():
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            LocalDecimalField(required=False).clean("0,250")
        assert caught.value.messages == [ENGLISH_WAY]


@pytest.mark.parametrize(
    ("lang", "typed", "expected"),
    [
        ("nl", "1.250,5", Decimal("1250.5")),
        ("nl", "-12.500.000,25", Decimal("-12500000.25")),
        ("nl", "12,5", Decimal("12.5")),
        ("en", "1,250.5", Decimal("1250.5")),
        ("en", "12,500,000.25", Decimal("12500000.25")),
    ],
)
def test_both_separators_in_the_page_language_are_read(lang, typed, expected):
    with translation.override(lang):
        assert LocalDecimalField(required=False).clean(typed) == expected


@pytest.mark.parametrize(
    ("lang", "typed", "message"),
    [
        # The other language's notation: refused with how to write it, never misread as
        # 1,2505 (Dutch) or 1.2505 (English).
        ("nl", "1,250.5", DUTCH_WAY),
        ("nl", "12,500,000.25", DUTCH_WAY),
        ("en", "1.250,5", ENGLISH_WAY),
        ("en", "12,5", ENGLISH_WAY),
        # Separators in an order no language writes.
        ("nl", "1.25,0.5", DUTCH_WAY),
    ],
)
def test_the_other_notation_is_refused_not_misread(lang, typed, message):
    with translation.override(lang):
        with pytest.raises(ValidationError) as caught:
            LocalDecimalField(required=False).clean(typed)
        assert caught.value.messages == [message]
