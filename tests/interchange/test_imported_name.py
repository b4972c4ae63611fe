"""An imported strategy is told apart from the one it came from by its name."""

import datetime

import pytest
from django.utils import translation

from kpiplanner.interchange.services import imported_name
from tests.factories import StrategyFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 5)


def test_the_name_says_import_and_the_day_in_dutch(organisation):
    assert imported_name("Klanten behouden", organisation, DAY) == (
        "Klanten behouden (import 5 december 2026)"
    )


def test_the_name_says_import_and_the_day_in_english(organisation):
    with translation.override("en"):
        name = imported_name("Keep customers", organisation, DAY)
    assert name == "Keep customers (import 5 Dec 2026)"


def test_a_second_import_on_the_same_day_gets_a_number(organisation, other_organisation):
    StrategyFactory(organisation=organisation, name="Klanten behouden (import 5 december 2026)")
    assert imported_name("Klanten behouden", organisation, DAY) == (
        "Klanten behouden (import 5 december 2026, 2)"
    )
    # Another organisation's strategies do not count.
    assert imported_name("Klanten behouden", other_organisation, DAY) == (
        "Klanten behouden (import 5 december 2026)"
    )


def test_a_long_name_is_shortened_to_fit(organisation):
    name = imported_name("x" * 200, organisation, DAY)
    assert len(name) == 200
    assert name.endswith("… (import 5 december 2026)")
