"""manage.py import_measurements: the page's rules for scripts. A refusal is a CommandError,
which manage.py prints to stderr with exit status 1."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from indicators.models import Measurement

from .measurement_helpers import csv_bytes, make_kpis, month, this_quarter

pytestmark = pytest.mark.django_db


def run(path, strategy, *extra):
    from io import StringIO

    out = StringIO()
    call_command(
        "import_measurements", str(path), "--strategy", str(strategy.pk), *extra, stdout=out
    )
    return out.getvalue()


def test_a_good_file_is_imported_with_a_summary(tmp_path, strategy, members):
    kpis = make_kpis(strategy)
    path = tmp_path / "waarden.csv"
    path.write_bytes(
        csv_bytes(
            [
                ["KPI", "Periode", "Waarde"],
                [kpis["time"].pk, month(2).isoformat(), "12,5"],
                [kpis["nps"].name, this_quarter().isoformat(), "1.250"],
                [kpis["time"].pk, month(3).isoformat(), ""],
            ]
        )
    )
    out = run(path, strategy, "--user", "facilitator")
    assert "Geïmporteerd: 2 nieuwe waarden, 0 correcties, 1 lege regel overgeslagen." in out
    assert Measurement.objects.get(kpi=kpis["nps"]).value == Decimal("1250")
    assert Measurement.objects.get(kpi=kpis["time"]).entered_by == members["facilitator"]


def test_a_bad_file_is_refused_with_every_bad_line_named(tmp_path, strategy):
    kpis = make_kpis(strategy)
    path = tmp_path / "values.csv"
    path.write_bytes(
        csv_bytes(
            [
                ["kpi", "period", "value"],
                [kpis["time"].pk, month(2).isoformat(), "1.250,5"],
                [kpis["time"].pk, month(2).isoformat(), "12"],
                ["Nobody", month(2).isoformat(), "12"],
            ],
            sep=",",
        )
    )
    with pytest.raises(CommandError) as refused:
        run(path, strategy, "--lang", "en")
    text = str(refused.value)
    assert "nothing was changed" in text
    assert "Line 2: “1.250,5” is written in Dutch notation" in text
    assert "Line 4: There is no KPI “Nobody”" in text
    assert not Measurement.objects.exists()


def test_an_unreadable_file_and_a_wrong_strategy_are_named(tmp_path, strategy):
    with pytest.raises(CommandError, match="kan niet worden gelezen"):
        run(tmp_path / "missing.csv", strategy)
    empty = tmp_path / "leeg.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="Het bestand: Het bestand is leeg"):
        run(empty, strategy)
    with pytest.raises(CommandError, match="Er is geen strategie"):
        call_command("import_measurements", str(empty), "--strategy", "not-an-id")
