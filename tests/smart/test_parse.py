"""Statement parsing: number notation, units, comparators, deadlines and the known traps."""

import datetime as dt
from decimal import Decimal

import pytest

from indicators.smart.parse import analyse

TODAY = dt.date(2026, 2, 10)


def values(text, lang="nl"):
    return [n.value for n in analyse(text, lang, TODAY).numbers]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("omzet van 1.000,5 euro", "nl", Decimal("1000.5")),
        ("revenue of 1,000.5 dollars", "en", Decimal("1000.5")),
        ("10.000 bezoekers", "nl", Decimal("10000")),
        ("10,000 visitors", "en", Decimal("10000")),
        ("uitval van 4,8%", "nl", Decimal("4.8")),
        ("rapportcijfer 7.1", "nl", Decimal("7.1")),
        ("1.250.000 transacties", "nl", Decimal("1250000")),
    ],
)
def test_dutch_and_english_number_notation(text, lang, expected):
    assert values(text, lang) == [expected]


def test_currency_with_million_suffix_is_euros():
    num = analyse("Extra omzet van € 1M", "nl").numbers[0]
    assert (num.value, num.unit) == (Decimal("1000000"), "eur")


def test_k_suffix_and_multiplier():
    nums = analyse("Reach 80k followers and grow 3x", "en").numbers
    assert [(n.value, n.unit) for n in nums] == [(Decimal("80000"), "count"), (3, "ratio")]


def test_range_sets_target_and_target_max():
    ext = analyse("Marge tussen 15-20%", "nl").extraction
    assert (ext.target, ext.target_max, ext.comparator, ext.unit) == (15, 20, "range", "percent")


@pytest.mark.parametrize(
    ("text", "lang", "comparator"),
    [
        ("≥ 95% van de orders op tijd", "nl", ">="),
        ("minimaal 250 deelnemers", "nl", ">="),
        ("ten minste 12 trainingen", "nl", ">="),
        ("at least 40 demos", "en", ">="),
        ("10 hours or less", "en", "<="),
        ("maximaal 3% retouren", "nl", "<="),
        ("churn below 2%", "en", "<"),
        ("2+ new contributors", "en", ">="),
    ],
)
def test_comparators_in_both_languages(text, lang, comparator):
    assert analyse(text, lang).extraction.comparator == comparator


def test_from_to_gives_baseline_and_target():
    ext = analyse("Verlaag de doorlooptijd van 14 naar 10 dagen", "nl").extraction
    assert (ext.baseline, ext.target, ext.direction) == (14, 10, "lower")


def test_relative_change_is_not_a_target_level():
    ext = analyse("Reduce churn by 30%", "en").extraction
    assert ext.target is None and ext.change == 30 and ext.direction == "lower"


@pytest.mark.parametrize(
    ("text", "lang", "label", "deadline"),
    [
        ("500 leads in Q3", "nl", "Q3", dt.date(2026, 9, 30)),
        ("500 leads by the end of Q1 2027", "en", "Q1 2027", dt.date(2027, 3, 31)),
        ("eind 2026 klaar", "nl", "2026", dt.date(2026, 12, 31)),
        ("live in FY26", "en", "FY26", dt.date(2026, 12, 31)),
        ("opgeleverd vóór 1 juli", "nl", "1 juli", dt.date(2026, 7, 1)),
        ("klaar op 15-03-2027", "nl", "2027-03-15", dt.date(2027, 3, 15)),
        ("done by 2026-11-30", "en", "2026-11-30", dt.date(2026, 11, 30)),
        ("in het derde kwartaal van 2026", "nl", "Q3 2026", dt.date(2026, 9, 30)),
        ("before 1 March 2027", "en", "1 march 2027", dt.date(2027, 3, 1)),
        ("uiterlijk in september 2026", "nl", "september 2026", dt.date(2026, 9, 30)),
    ],
)
def test_deadlines_and_periods(text, lang, label, deadline):
    ext = analyse(text, lang, TODAY).extraction
    assert (ext.period_label, ext.deadline) == (label, deadline)


def test_relative_horizon_uses_today_passed_in():
    ext = analyse("binnen 6 maanden 20 nieuwe klanten", "nl", TODAY).extraction
    assert ext.deadline == dt.date(2026, 8, 10)


def test_relative_horizon_without_today_has_no_date_but_still_counts():
    res = analyse("within six months", "en", None)
    assert res.deadlines and res.extraction.deadline is None


@pytest.mark.parametrize(
    ("text", "lang", "frequency"),
    [
        ("rapportage per kwartaal", "nl", "quarterly"),
        ("jaarlijks 5% minder papier", "nl", "yearly"),
        ("measured monthly", "en", "monthly"),
        ("twee blogs per week", "nl", "weekly"),
        ("every year 3 audits", "en", "yearly"),
    ],
)
def test_cadences_become_a_frequency(text, lang, frequency):
    assert analyse(text, lang).extraction.frequency == frequency


def test_quarter_that_names_the_baseline_is_not_a_deadline():
    res = analyse("Hosting costs 8% lower than in Q2 2025", "en")
    assert not res.deadlines and res.baseline_refs


def test_year_after_ten_opzichte_van_is_a_baseline():
    res = analyse("In 2030 40% minder uitstoot ten opzichte van 2019", "nl")
    assert [r.label for r in res.deadlines] == ["2030"]
    assert any("2019" in ref for ref in res.baseline_refs)


def test_iso_standard_number_is_not_a_quantity():
    res = analyse("Certificering ISO 9001 en NEN 7510 behalen", "nl")
    assert res.numbers == [] and {why for _raw, why in res.excluded} == {"name"}


def test_tier_and_glued_names_are_not_quantities():
    assert values("Support all Tier 2 customers on CO2 reporting", "en") == []


def test_scope_amount_is_not_a_quantity():
    assert values("Onboard accounts over $5m to the new portal", "en") == []


def test_age_range_is_neither_quantity_nor_period():
    res = analyse("Meer leden in de leeftijdsgroep 20 - 35 jaar", "nl")
    assert res.numbers == [] and not res.time_refs


def test_duration_that_is_the_metric_value_is_not_a_deadline():
    res = analyse("Wachttijd van 20 minuten naar 12 minuten", "nl")
    assert not res.time_refs and [n.unit for n in res.numbers] == ["minutes", "minutes"]


def test_plan_horizon_in_brackets_is_neither_quantity_nor_deadline():
    res = analyse("Een gedragen productvisie (24-36 maanden) per team", "nl")
    assert res.numbers == [] and not res.time_refs


@pytest.mark.parametrize("text", ["Increase retention from X to Y", "verhoog de marge met x%"])
def test_placeholders_are_not_values(text):
    res = analyse(text, "en")
    assert res.numbers == [] and res.placeholders


def test_sla_window_counts_as_time_bound_and_norm():
    res = analyse("Meldingen afgehandeld binnen 8 uur", "nl")
    assert [r.kind for r in res.time_refs] == ["window"] and res.numbers[0].unit == "hours"


def test_number_word_een_counts_only_with_accents():
    assert values("Binnen één jaar één nieuwe vestiging", "nl") == [1]
    assert values("Een nieuwe vestiging openen", "nl") == []


def test_form_initial_uses_model_field_names():
    ext = analyse("Verhoog de NPS van 30 naar 42 voor eind Q4 2026", "nl", TODAY).extraction
    assert ext.as_form_initial() == {
        "baseline_value": Decimal(30),
        "target_value": Decimal(42),
        "target_date": dt.date(2026, 12, 31),
        "unit": "score",  # the NPS is a score (issue 21), not a count
        "direction": "higher",
    }


@pytest.mark.parametrize(
    ("text", "year"), [("26", 2026), ("'26", 2026), ("2026", 2026), ("²⁶", None)]
)
def test_full_year_refuses_digits_int_cannot_read(text, year):
    from indicators.smart.dates import full_year

    assert full_year(text) == year
