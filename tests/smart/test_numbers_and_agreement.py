"""Numbers people write, and a statement that agrees with its fields (issue 21).

Every example is written for this file, in both languages.
"""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.smart import (
    KpiContext,
    Status,
    TreeCsf,
    TreeGoal,
    TreeKpi,
    TreeStrategy,
    check_health,
    evaluate,
)
from indicators.smart.parse import analyse

TODAY = dt.date(2026, 3, 1)


def judge(text, lang="nl", **fields):
    return evaluate(KpiContext(statement=text, lang=lang, today=TODAY, **fields))


# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "lang", "target", "unit"),
    [
        ("90% van de meldingen binnen 48 uur opgelost", "nl", 90, "percent"),
        ("Answer 85% of chats within 2 minutes", "en", 85, "percent"),
        ("Minimaal 300 aanvragen per maand binnen 5 werkdagen afgehandeld", "nl", 300, "count"),
    ],
)
def test_a_window_is_the_condition_and_the_share_is_the_target(text, lang, target, unit):
    ext = analyse(text, lang).extraction
    assert (ext.target, ext.unit) == (target, unit)
    assert judge(text, lang).criteria["T"].status is Status.MET  # the window still bounds time


def test_a_window_alone_is_still_the_norm():
    ext = analyse("Storingen binnen 4 uur verholpen", "nl").extraction
    assert (ext.target, ext.unit) == (4, "hours")


@pytest.mark.parametrize(
    ("text", "lang", "baseline", "target"),
    [
        ("eNPS van +8 naar +20 in 2027", "nl", 8, 20),
        ("NPS van -12 naar +5 vóór eind 2027", "nl", -12, 5),
        ("Lift the NPS from -4 to +10 by Q4 2026", "en", -4, 10),
    ],
)
def test_signed_numbers_keep_their_sign(text, lang, baseline, target):
    ext = analyse(text, lang).extraction
    assert (ext.baseline, ext.target, ext.unit, ext.direction) == (
        baseline,
        target,
        "score",
        "higher",
    )


def test_a_dash_between_numbers_is_still_a_range():
    ext = analyse("Bezettingsgraad tussen 85-90%", "nl").extraction
    assert (ext.target, ext.target_max, ext.comparator) == (85, 90, "range")


@pytest.mark.parametrize(
    ("text", "lang", "values"),
    [
        ("Klantwaardering van 6,9 naar 7,6", "nl", (Decimal("6.9"), Decimal("7.6"))),
        ("Rapportcijfer van de balie van 7 naar 8", "nl", (7, 8)),
        ("Raise the CES score from 3.1 to 3.8", "en", (Decimal("3.1"), Decimal("3.8"))),
    ],
)
def test_scores_get_the_unit_score(text, lang, values):
    ext = analyse(text, lang).extraction
    assert (ext.baseline, ext.target) == values
    if "waardering" not in text:
        assert ext.unit == "score"


@pytest.mark.parametrize(
    ("text", "lang", "shown"),
    [
        ("Marge tussen 12–18 % in 2027", "nl", "12–18 %"),
        ("Gross margin of 30-35% by FY27", "en", "30-35%"),
    ],
)
def test_a_range_is_shown_as_one_quantity(text, lang, shown):
    ext = analyse(text, lang).extraction
    assert ext.comparator == "range"
    assert f"\u201c{shown}\u201d" in judge(text, lang).criteria["M"].reason


def test_a_dutch_decimal_list_reads_as_a_list_not_a_range():
    text = "Wachttijd kassa en loket naar 4,5 en 3 minuten"
    ext = analyse(text, "nl").extraction
    assert ext.comparator != "range" and ext.target == Decimal("4.5") and ext.unit == "minutes"
    assert "\u201c4,5 en 3 minuten\u201d" in judge(text).criteria["M"].reason
    english = judge("Queue time at desk and phone to 4.5 and 3 minutes", "en")
    assert "\u201c4.5 and 3 minutes\u201d" in english.criteria["M"].reason


@settings(max_examples=60, deadline=None)
@given(first=st.integers(-99, 99), second=st.integers(-99, 99))
def test_any_signed_pair_round_trips(first, second):
    text = f"NPS van {first:+d} naar {second:+d} in 2027"
    ext = analyse(text, "nl").extraction
    assert (ext.baseline, ext.target) == (first, second)


@settings(max_examples=60, deadline=None)
@given(whole=st.integers(1, 99), tenth=st.integers(1, 9), other=st.integers(1, 99))
def test_any_dutch_decimal_list_is_never_read_as_a_range(whole, tenth, other):
    text = f"Doorlooptijd van aanvraag en bezwaar naar {whole},{tenth} en {other} dagen"
    ext = analyse(text, "nl").extraction
    assert ext.comparator != "range"
    assert ext.target == Decimal(f"{whole}.{tenth}")


# ----------------------------------------------------------------------------- agreement

STATEMENT = "Gemiddelde belwachttijd naar 2 minuten vóór eind 2027"
CARD = dict(
    has_context=True,
    unit="minutes",
    baseline_value=Decimal(4),
    target_value=Decimal(2),
    target_date=dt.date(2027, 12, 31),
    data_source="Telefooncentrale",
    frequency="monthly",
)


def test_statement_and_fields_that_agree_raise_nothing():
    result = judge(STATEMENT, **CARD)
    assert result.disagreements == []
    assert result.criteria["M"].status is Status.MET
    assert result.criteria["T"].status is Status.MET


@pytest.mark.parametrize(
    ("lang", "reason"),
    [
        ("nl", "De zin mikt op 2 minuten, maar bij de streefwaarde staat 2,5 minuten."),
        ("en", "The statement aims for 2 minutes, but the target field says 2.5 minutes."),
    ],
)
def test_a_target_field_that_differs_makes_m_weak_and_says_which(lang, reason):
    result = judge(STATEMENT, lang, **{**CARD, "target_value": Decimal("2.5")})
    m = result.criteria["M"]
    assert m.status is Status.WEAK and m.reason == reason
    assert m.suggestion  # decide which one is right
    assert result.disagreements == [("value", Decimal(2), Decimal("2.5"))]


def test_a_baseline_field_that_differs_is_named():
    result = judge("Belwachttijd van 5 naar 2 minuten vóór eind 2027", "en", **CARD)
    assert result.criteria["M"].status is Status.WEAK
    assert (
        "starts from 5 minutes, but the baseline field says 4 minutes"
        in result.criteria["M"].reason
    )


@pytest.mark.parametrize(
    ("statement", "typed", "differs"),
    [
        (STATEMENT, dt.date(2028, 6, 30), True),
        (STATEMENT, dt.date(2027, 9, 30), False),  # inside 2027: "vóór eind 2027" holds
        ("Belwachttijd naar 2 minuten in Q2 2027", dt.date(2027, 9, 30), True),
        ("Belwachttijd naar 2 minuten in Q2 2027", dt.date(2027, 5, 31), False),
        ("Belwachttijd naar 2 minuten vóór 1 juli 2027", dt.date(2027, 7, 15), True),
        ("Belwachttijd naar 2 minuten binnen 6 maanden", dt.date(2030, 1, 1), False),  # no year
    ],
)
def test_a_target_date_that_differs_makes_t_weak(statement, typed, differs):
    result = judge(statement, **{**CARD, "target_date": typed})
    t = result.criteria["T"]
    if differs:
        assert t.status is Status.WEAK
        assert "maar bij de streefdatum staat" in t.reason
        assert any(kind == "date" for kind, _s, _f in result.disagreements)
    else:
        assert not any(kind == "date" for kind, _s, _f in result.disagreements)


def test_a_bare_statement_has_nothing_to_disagree_with():
    assert judge(STATEMENT).disagreements == []


def _tree(evaluation):
    kpi = TreeKpi(
        id=7,
        name="Belwachttijd",
        statement=STATEMENT,
        owner="Noor",
        data_source="Telefooncentrale",
        customer_facing=True,
        evaluation=evaluation,
    )
    csf = TreeCsf(id=3, title="Snel geholpen", kpis=[kpi])
    return TreeStrategy(
        id=1, name="Dienstverlening", goals=[TreeGoal(id=2, title="Tevreden", csfs=[csf])]
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_health_lists_a_statement_that_disagrees_with_its_fields(lang):
    evaluation = evaluate(
        KpiContext(
            statement=STATEMENT,
            lang=lang,
            today=TODAY,
            **{**CARD, "target_value": Decimal("2.5"), "target_date": dt.date(2028, 6, 30)},
        )
    )
    found = [
        f for f in check_health(_tree(evaluation), lang=lang) if f.code == "statement_disagrees"
    ]
    assert len(found) == 1
    finding = found[0]
    assert (finding.node_kind, finding.node_id, finding.severity) == ("kpi", 7, "warning")
    if lang == "nl":
        assert (
            finding.message
            == "De zin en de velden van KPI \u201cBelwachttijd\u201d zeggen iets anders."
        )
        assert "2,5 minuten" in finding.suggestion and "30-6-2028" in finding.suggestion
    else:
        assert "disagree" in finding.message and "2.5 minutes" in finding.suggestion


def test_health_is_quiet_when_statement_and_fields_agree():
    evaluation = evaluate(KpiContext(statement=STATEMENT, today=TODAY, **CARD))
    assert "statement_disagrees" not in [f.code for f in check_health(_tree(evaluation))]


# ----------------------------------------------------------------------------- quoted reasons


def test_every_met_criterion_quotes_what_it_found():
    result = judge("Verlaag de gemiddelde oplostijd van 14 naar 10 uur vóór eind 2027")
    reasons = {letter: c.reason for letter, c in result.criteria.items() if c is not None}
    assert "\u201cgemiddelde oplostijd\u201d" in reasons["S"]
    assert "\u201c14, 10 uur\u201d" in reasons["M"] or "\u201c14 en 10 uur\u201d" in reasons["M"]
    assert "\u201cvóór eind 2027\u201d" in reasons["T"] or "2027\u201d" in reasons["T"]
    assert "\u201c14\u201d" in reasons["A"]
