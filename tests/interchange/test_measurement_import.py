"""Reading and checking a sheet of KPI values, and importing it all or nothing in bulk."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from indicators.models import Measurement
from kpiplanner.interchange.measurement_import import (
    Plan,
    plan_entries,
    read_entries,
    strategy_kpis,
    template_csv,
    template_lines,
)
from kpiplanner.interchange.reading import ImportRefused
from kpiplanner.interchange.services import MeasurementsRefused, measurements_import
from kpiplanner.interchange.sheets import (
    CellProblem,
    parse_number,
    parse_period,
    read_sheet,
)
from tests.factories import MeasurementFactory

from .measurement_helpers import (
    csv_bytes,
    day,
    make_kpis,
    month,
    real_sqlite_limit,  # noqa: F401 (a fixture)
    this_quarter,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def check(raw: bytes, strategy, user, *, dutch=True, may_enter_all=True):
    """The entries and the preview's plan of a sheet."""
    kpis = strategy_kpis(strategy)
    entries, plan = read_entries(read_sheet(raw, max_rows=10_000), kpis, dutch=dutch)
    return entries, plan_entries(entries, plan, user=user, may_enter_all=may_enter_all)


def import_file(raw: bytes, strategy, user, **kwargs) -> Plan:
    entries, read = read_entries(
        read_sheet(raw, max_rows=10_000), strategy_kpis(strategy), dutch=True
    )
    return measurements_import(entries=entries, read=read, user=user, may_enter_all=True, **kwargs)


def problems_by_line(plan: Plan) -> dict[int, str]:
    found: dict[int, str] = {}
    for line, message in plan.problems:
        found[line] = f"{found[line]} | {message}" if line in found else message
    return found


# --- cells --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dutch", "value"),
    [
        ("1.250,5", True, Decimal("1250.5")),
        ("12,5", True, Decimal("12.5")),
        ("1.250", True, Decimal("1250")),
        ("-3,25", True, Decimal("-3.25")),
        ("1\u00a0250,5", True, Decimal("1250.5")),
        ("92,5%", True, Decimal("92.5")),
        ("1,250.5", False, Decimal("1250.5")),
        ("12.5", False, Decimal("12.5")),
        ("1,250", False, Decimal("1250")),
        ("12", False, Decimal("12")),
        (12.5, True, Decimal("12.5")),
        (0.1 + 0.2, True, Decimal("0.3")),
        (7, False, Decimal("7")),
    ],
)
def test_numbers_are_read_in_the_readers_notation(text, dutch, value):
    assert parse_number(text, dutch=dutch) == value


@pytest.mark.parametrize(
    ("text", "dutch", "said"),
    [
        ("1,250.5", True, "Engelse notatie"),
        ("12.5", True, "Engelse notatie"),
        ("0.250", True, "Engelse notatie"),
        ("1.250,5", False, "Nederlandse notatie"),
        ("12,5", False, "Nederlandse notatie"),
        ("veel", True, "is geen getal"),
        ("NaN", True, "is geen getal"),
        ("1e5", True, "is geen getal"),
        ("12,34567", True, "meer dan 4 decimalen"),
        ("9" * 20, True, "te groot"),
        (True, True, "is geen getal"),
        (1e30, True, "te groot"),
        (float("nan"), True, "geen getal"),
    ],
)
def test_a_number_in_the_other_notation_or_no_number_is_refused(text, dutch, said):
    with pytest.raises(CellProblem, match=said):
        parse_number(text, dutch=dutch)


@pytest.mark.parametrize(
    ("cell", "date"),
    [
        ("2027-03-01", datetime.date(2027, 3, 1)),
        ("2027-03", datetime.date(2027, 3, 1)),
        ("01-03-2027", datetime.date(2027, 3, 1)),
        ("1-3-2027", datetime.date(2027, 3, 1)),
        ("2027-03-01 00:00:00", datetime.date(2027, 3, 1)),
        (datetime.datetime(2027, 3, 1), datetime.date(2027, 3, 1)),
    ],
)
def test_periods_are_read_in_the_usual_ways(cell, date):
    assert parse_period(cell) == date


@pytest.mark.parametrize("cell", ["31-02-2027", "03/01/2027", "maart", "", "2027-13"])
def test_a_period_that_is_no_date_is_refused(cell):
    with pytest.raises(CellProblem, match="is geen datum"):
        parse_period(cell)


# --- files --------------------------------------------------------------------------------


def test_comma_and_semicolon_sheets_and_windows_1252_are_read():
    rows = [["KPI", "Periode", "Waarde", "Toelichting"], ["Oplostijd", "2026-10-01", "12", "café"]]
    for sep, encoding in ((";", "utf-8-sig"), (",", "utf-8"), (";", "cp1252"), ("\t", "utf-16")):
        sheet = read_sheet(csv_bytes(rows, sep=sep, encoding=encoding), max_rows=10)
        assert sheet.rows[1] == (2, ["Oplostijd", "2026-10-01", "12", "café"]), (sep, encoding)


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (b"", "leeg"),
        (b"  \r\n ", "leeg"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, ".xls"),
        (b"PK\x03\x04 broken", "Excel"),
        (bytes(range(256)) * 400, "geen CSV- of Excel-bestand"),
    ],
)
def test_a_file_that_is_no_sheet_is_refused_with_a_clear_message(raw, said):
    with pytest.raises(ImportRefused) as refused:
        read_sheet(raw, max_rows=10)
    assert said in refused.value.messages[0]


def test_too_many_rows_are_refused():
    rows = [["KPI", "Periode", "Waarde"]] + [["x", "2026-01", "1"]] * 12
    with pytest.raises(ImportRefused, match="meer dan 10 rijen"):
        read_sheet(csv_bytes(rows), max_rows=10)


def test_missing_columns_are_named(strategy, members):
    _entries, plan = check(
        csv_bytes([["KPI", "Datum?", "Bedrag"], ["a", "b", "c"]]), strategy, None
    )
    assert plan.problems == [(1, plan.problems[0][1])]
    assert "Ontbreekt: periode, waarde" in plan.problems[0][1]


# --- lines --------------------------------------------------------------------------------


def test_a_file_with_bad_lines_is_refused_whole_each_line_named(strategy, members):
    kpis = make_kpis(strategy)
    time = kpis["time"]
    rows = [
        ["kpi", "periode", "waarde", "toelichting"],
        [time.pk, month(2).isoformat(), "12,5", ""],  # 2: good
        [time.pk, month(3).isoformat(), "1,250.5", ""],  # 3: English notation
        ["Bestaat niet", month(2).isoformat(), "12", ""],  # 4: unknown KPI
        [time.pk, month(2).replace(day=15).isoformat(), "12", ""],  # 5: not a period start
        [time.name, month(2).isoformat(), "12", ""],  # 6: duplicate of line 2, by name
        [time.pk, "2099-01-01", "12", ""],  # 7: future
        [time.pk, month(4).isoformat(), "veel", ""],  # 8: text as value
        [time.pk, month(1).isoformat(), "30", ""],  # 9: off track without a note
        [time.pk, month(5).isoformat(), "", "alleen een notitie"],  # 10: no value
        [kpis["nps"].pk, this_quarter().isoformat(), "1.250,5", ""],  # 11: good, Dutch
        [time.pk, month(4).isoformat(), "12", ""],  # 12: duplicate of line 8 (itself bad)
    ]
    _entries, plan = check(csv_bytes(rows), strategy, members["admin"])
    found = problems_by_line(plan)
    assert sorted(found) == [3, 4, 5, 6, 7, 8, 9, 10, 12]
    assert "Engelse notatie" in found[3]
    assert "Er is geen KPI “Bestaat niet”" in found[4]
    assert "is niet de eerste dag" in found[5]
    assert "zelfde KPI en periode als regel 2" in found[6]
    assert "nog niet begonnen" in found[7]
    assert "“veel” is geen getal" in found[8]
    assert "toelichting" in found[9]
    assert "waarde ontbreekt" in found[10]
    assert "zelfde KPI en periode als regel 8" in found[12]
    with pytest.raises(MeasurementsRefused) as refused:
        import_file(csv_bytes(rows), strategy, members["admin"])
    assert refused.value.plan.problems == plan.problems
    assert not Measurement.objects.exists()


def test_on_an_english_page_dutch_numbers_are_refused(strategy, members):
    kpis = make_kpis(strategy)
    rows = [
        ["KPI", "Period", "Value", "Note"],
        [kpis["nps"].pk, this_quarter().isoformat(), "1,250.5", ""],
        [kpis["time"].pk, month(2).isoformat(), "12,5", ""],
    ]
    with translation.override("en"):
        _entries, plan = check(csv_bytes(rows, sep=","), strategy, None, dutch=False)
        assert [line for line, _message in plan.problems] == [3]
        assert "Dutch notation" in plan.problems[0][1]
    assert plan.additions[0].value == Decimal("1250.5")


def test_an_owner_may_only_import_their_own_kpis(strategy, members):
    owner = members["participant"]
    kpis = make_kpis(strategy, owner=owner)
    rows = [
        ["KPI", "Periode", "Waarde"],
        [kpis["time"].pk, month(2).isoformat(), "12"],
        [kpis["nps"].pk, this_quarter().isoformat(), "25"],
    ]
    _entries, plan = check(csv_bytes(rows), strategy, owner, may_enter_all=False)
    assert [line for line, _message in plan.problems] == [3]
    assert "alleen waarden invoeren voor KPI's waarvan je eigenaar bent" in plan.problems[0][1]


def test_names_shared_by_two_kpis_need_the_id(strategy):
    kpis = make_kpis(strategy)
    kpis["nps"].name = kpis["time"].name
    kpis["nps"].save()
    rows = [["KPI", "Periode", "Waarde"], [kpis["time"].name, month(2).isoformat(), "12"]]
    _entries, plan = check(csv_bytes(rows), strategy, None)
    assert "gebruik het id" in plan.problems[0][1]


def test_another_strategys_kpi_is_unknown(strategy, organisation):
    from tests.factories import StrategyFactory

    elsewhere = make_kpis(StrategyFactory(organisation=organisation))["time"]
    make_kpis(strategy)
    rows = [["KPI", "Periode", "Waarde"], [elsewhere.pk, month(2).isoformat(), "12"]]
    _entries, plan = check(csv_bytes(rows), strategy, None)
    assert "Er is geen KPI" in plan.problems[0][1]


def test_an_excel_sheet_with_dates_and_numbers_is_read(strategy, members):
    kpis = make_kpis(strategy)
    first = month(2)
    rows = [
        ["KPI", "Naam", "Periode", "Waarde", "Toelichting"],
        [
            str(kpis["time"].pk),
            "Gemiddelde oplostijd",
            datetime.datetime(first.year, first.month, 1),
            12.5,
            None,
        ],
        [str(kpis["time"].pk), "", month(3).isoformat(), "11,5", "tekst telt in de notatie"],
        [None, None, None, None, None],
        [str(kpis["nps"].pk), "", this_quarter(), 1250.5, None],
    ]
    _entries, plan = check(xlsx_bytes(rows), strategy, members["admin"])
    assert not plan.problems
    assert [(e.line, e.value) for e in plan.additions] == [
        (2, Decimal("12.5")),
        (3, Decimal("11.5")),
        (5, Decimal("1250.5")),
    ]


def test_template_lines_are_skipped_and_equal_values_left_alone(strategy, members):
    kpis = make_kpis(strategy)
    MeasurementFactory(kpi=kpis["time"], period=month(2), value=Decimal("12"), note="oud")
    rows = [
        ["KPI", "Naam", "Periode", "Waarde", "Toelichting"],
        [kpis["time"].pk, "x", month(2).isoformat(), "12", ""],  # the same: unchanged
        [kpis["time"].pk, "x", month(3).isoformat(), "", ""],  # left empty: skipped
    ]
    _entries, plan = check(csv_bytes(rows), strategy, members["admin"])
    assert (plan.unchanged, plan.skipped, plan.ready) == (1, 1, False)


# --- the import -----------------------------------------------------------------------------


def test_a_good_file_adds_and_corrects_with_history(strategy, members):
    kpis = make_kpis(strategy)
    old = MeasurementFactory(kpi=kpis["time"], period=month(2), value=Decimal("13"), note="oud")
    rows = [
        ["KPI", "Periode", "Waarde", "Toelichting"],
        [kpis["time"].pk, month(2).isoformat(), "12,5", ""],  # a correction; the note stays
        [kpis["time"].pk, month(3).isoformat(), "12", "nieuw"],
    ]
    done = import_file(csv_bytes(rows), strategy, members["facilitator"])
    assert (len(done.additions), len(done.corrections)) == (1, 1)
    old.refresh_from_db()
    assert (old.value, old.note, old.entered_by, old.version) == (
        Decimal("12.5"),
        "oud",
        members["facilitator"],
        2,
    )
    added = Measurement.objects.get(kpi=kpis["time"], period=month(3))
    assert (added.value, added.note, added.entered_by) == (
        Decimal("12"),
        "nieuw",
        members["facilitator"],
    )
    history = list(
        old.history.order_by("history_date").values_list("value", "history_type", "history_user")
    )
    assert history[-1] == (Decimal("12.5"), "~", members["facilitator"].pk)
    assert added.history.get().history_type == "+"
    assert added.history.get().history_user == members["facilitator"]


def test_a_value_entered_since_the_preview_stops_the_import(strategy, members):
    kpis = make_kpis(strategy)
    rows = [["KPI", "Periode", "Waarde"], [kpis["time"].pk, month(2).isoformat(), "12"]]
    _entries, plan = check(csv_bytes(rows), strategy, members["admin"])
    MeasurementFactory(kpi=kpis["time"], period=month(2), value=Decimal("13"))
    with pytest.raises(MeasurementsRefused) as refused:
        import_file(csv_bytes(rows), strategy, members["admin"], expected=plan.digest())
    assert refused.value.changed
    assert Measurement.objects.get().value == Decimal("13")


def _daily_file(kpi, count: int, value: str = "10") -> bytes:
    return csv_bytes(
        [["KPI", "Periode", "Waarde"]]
        + [[kpi.pk, day(back).isoformat(), value] for back in range(1, count + 1)]
    )


def _import_queries(raw, strategy, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        import_file(raw, strategy, user)
    return len(queries)


def test_an_import_costs_the_same_queries_at_50_and_500_lines(
    strategy,
    members,
    real_sqlite_limit,  # noqa: F811
):
    kpis = make_kpis(strategy)
    user = members["admin"]
    small = _import_queries(_daily_file(kpis["daily"], 50), strategy, user)
    Measurement.objects.all().delete()
    large = _import_queries(_daily_file(kpis["daily"], 500), strategy, user)
    assert small == large
    assert Measurement.objects.count() == 500
    # Corrections too: the same 500 periods, another value.
    corrected = _import_queries(_daily_file(kpis["daily"], 500, "11"), strategy, user)
    Measurement.objects.filter(period__lt=day(50)).delete()
    few = _import_queries(_daily_file(kpis["daily"], 50, "12"), strategy, user)
    assert corrected == few
    assert set(Measurement.objects.values_list("value", flat=True)) == {Decimal("12")}


def test_the_template_lists_the_kpis_with_their_open_periods(strategy, members):
    kpis = make_kpis(strategy)
    MeasurementFactory(kpi=kpis["time"], period=month(3), value=Decimal("12"))
    lines = template_lines(strategy_kpis(strategy))
    time_periods = [period for kpi, period in lines if kpi == kpis["time"]]
    assert time_periods == [month(2), month(1)]
    text = template_csv(lines, dutch=True)
    assert text.startswith("\ufeffKPI;Naam;Periode;Waarde;Toelichting\r\n")
    assert f"{kpis['time'].pk};Gemiddelde oplostijd;{month(2).isoformat()};;" in text
    # The template imports back: its lines are skipped until a value is filled in.
    _entries, plan = check(text.encode(), strategy, members["admin"])
    assert not plan.problems and plan.skipped == len(lines)
