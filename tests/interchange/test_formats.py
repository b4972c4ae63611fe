"""The JSON file and the CSV sheet of an approved version."""

import csv
import io
import json

import pytest

from kpiplanner.interchange.formats import (
    dumps,
    file_name,
    version_to_csv,
    version_to_json,
)
from kpiplanner.reviews.models import KpiSetVersion

from .conftest import ODD, SCRIPT

pytestmark = pytest.mark.django_db


def rows(version, lang) -> list[dict]:
    text = version_to_csv(version, lang)
    assert text.startswith("\ufeff")
    delimiter = ";" if lang == "nl" else ","
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=delimiter))


# --- JSON ---------------------------------------------------------------------------------


def test_json_envelope_names_format_schema_source_and_version(varied, members):
    data = version_to_json(varied)
    assert data["format"] == "kpiplanner/kpi-set"
    assert data["schema"] == 1
    assert data["organisation"] == {"name": "Energie Noord", "slug": "energie-noord"}
    assert data["version"]["number"] == 1
    assert data["version"]["approved_by"] == members["manager"].get_full_name()
    assert data["exported_at"][:4].isdigit() and data["version"]["approved_at"][10] == "T"
    assert data["counts"] == varied.snapshot["counts"]


def test_json_tree_holds_the_approved_set_and_lists_the_rest_apart(varied):
    data = version_to_json(varied)
    assert data["strategy"] == varied.snapshot["strategy"]
    assert [g["id"] for g in data["goals"]] == [g["id"] for g in varied.snapshot["goals"]]
    kpis = [k for g in data["goals"] for c in g["csfs"] for k in c["kpis"]]
    assert {k["status"] for k in kpis} == {"approved"}
    originals = [
        k
        for g in varied.snapshot["goals"]
        for c in g["csfs"]
        for k in c["kpis"]
        if k["status"] == "approved"
    ]
    for kpi, original in zip(kpis, originals, strict=True):
        assert set(kpi) == set(original) - {"owner_id"} | {"owner_username"}
        assert {k: v for k, v in kpi.items() if k != "owner_username"} == {
            k: v for k, v in original.items() if k != "owner_id"
        }
    [against] = data["decided_against"]
    assert against["name"] == "Afgewezen: aantal klachten" and against["status"] == "rejected"
    assert against["goal_title"] == "Minder klanten zeggen op"
    assert against["csf_title"] == "Snel oplossen"


def test_owner_id_becomes_the_owners_username(varied, owner, members):
    kpis = [k for g in version_to_json(varied)["goals"] for c in g["csfs"] for k in c["kpis"]]
    assert [k["owner_username"] for k in kpis] == ["pieter", None, None, "facilitator"]
    assert kpis[0]["owner_name"] == "Pieter Jansen"


def test_owner_deleted_since_approval_leaves_only_the_name(varied, owner):
    owner.delete()
    kpi = version_to_json(varied)["goals"][0]["csfs"][0]["kpis"][0]
    assert kpi["owner_username"] is None and kpi["owner_name"] == "Pieter Jansen"


def test_exporting_does_not_change_the_stored_snapshot(varied):
    before = json.dumps(varied.snapshot, sort_keys=True)
    version_to_json(varied)["goals"][0]["title"] = "changed"
    assert json.dumps(KpiSetVersion.objects.get(pk=varied.pk).snapshot, sort_keys=True) == before


def test_dumps_writes_unicode_as_is_and_indents(varied):
    text = dumps(version_to_json(varied))
    assert ODD.split("\n")[0].replace("\t", "\\t") in text
    assert '\n  "schema": 1,' in text
    assert json.loads(text)["strategy"]["mission"] == ODD


def test_file_name_is_the_strategy_slug_and_version(varied):
    assert file_name(varied, "json") == "klanten-behouden-20262028-v1.json"
    varied.snapshot["strategy"]["name"] = "日本語"
    assert file_name(varied, "csv") == "kpi-set-v1.csv"


# --- CSV ----------------------------------------------------------------------------------


def test_csv_has_one_row_per_kpi_with_its_goal_and_csf(varied):
    sheet = rows(varied, "en")
    assert [(r["Goal"], r["Critical success factor"], r["KPI"]) for r in sheet] == [
        ("Minder klanten zeggen op", "Snel oplossen", "Gemiddelde oplostijd"),
        ("Minder klanten zeggen op", "Snel oplossen", "Tevredenheid binnen de band"),
        ("Minder klanten zeggen op", "Snel oplossen", "'=SUM(A1:A9)"),
        ("Verloop 2026 onder 3%", SCRIPT, SCRIPT),
    ]
    assert sheet[3]["Parent goal"] == "Minder klanten zeggen op"
    assert [r["Status"] for r in sheet] == ["Approved"] * 4  # the rejected KPI is not in it
    assert "Afgewezen" not in version_to_csv(varied, "en")


def test_csv_in_english_uses_commas_points_and_english_labels(varied):
    text = version_to_csv(varied, "en")
    header = text[1:].split("\r\n")[0]
    assert header.startswith("Goal,Parent goal,Perspective,Term,Critical success factor,KPI,")
    first = rows(varied, "en")[0]
    assert first["Unit"] == "hours"
    assert first["Direction"] == "Lower is better"
    assert first["On track from"] == "10.5"
    assert first["Milestones"] == "2026-12-31: 12.5; 2027-01-31: 11.0001"
    assert first["Owner"] == "Pieter Jansen"
    assert first["Owner has accepted"] == "yes"
    assert first["Leading or lagging"] == "Leading (predicts the result)"
    assert first["Target date"] == "2027-03-31"


def test_csv_in_dutch_uses_semicolons_decimal_commas_and_dutch_labels(varied):
    sheet = rows(varied, "nl")
    first, band, _empty, money = sheet
    assert list(first)[:6] == [
        "Doel",
        "Bovenliggend doel",
        "Perspectief",
        "Termijn",
        "Kritieke succesfactor",
        "KPI",
    ]
    assert first["Eenheid"] == "uren"
    assert first["Richting"] == "Lager is beter"
    assert first["Op koers vanaf"] == "10,5"
    assert first["Mijlpalen"] == "2026-12-31: 12,5; 2027-01-31: 11,0001"
    assert first["Eigenaar heeft geaccepteerd"] == "ja"
    assert band["Bovengrens streefwaarde"] == "95,5"
    assert money["Nulmeting"] == "-250,75"
    assert money["Streefwaarde"] == "12345678901,2345"
    assert money["Status"] == "Goedgekeurd"


def test_csv_leaves_empty_optional_fields_empty(varied):
    empty = rows(varied, "en")[2]
    for column in ("Unit", "Baseline", "Baseline date", "Target", "Target date", "Milestones"):
        assert empty[column] == "", column
    assert empty["Measurement frequency"] == "" and empty["Owner"] == ""


def test_csv_neutralises_formulas_in_text_but_not_in_numbers(varied):
    sheet = rows(varied, "en")
    assert sheet[2]["KPI"] == "'=SUM(A1:A9)"
    assert sheet[2]["Statement"] == "'-1 is de ondergrens"
    assert sheet[3]["Baseline"] == "-250.75"  # a number we wrote ourselves stays a number


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_gets_an_apostrophe(varied, start):
    varied.snapshot["goals"][0]["csfs"][0]["kpis"][0]["data_source"] = f"{start}cmd|' /C calc'!A0"
    assert rows(varied, "en")[0]["Data source"] == f"'{start}cmd|' /C calc'!A0"


@pytest.mark.parametrize("start", ["＝", "＋", "－", "＠", "﹦", "﹢", "﹣"])
def test_full_width_and_small_formula_starts_get_an_apostrophe_too(varied, start):
    varied.snapshot["goals"][0]["csfs"][0]["kpis"][0]["data_source"] = f"{start}1+1"
    assert rows(varied, "en")[0]["Data source"] == f"'{start}1+1"


def test_csv_keeps_odd_unicode_and_line_breaks_in_one_cell(varied):
    first = rows(varied, "nl")[0]
    assert first["Waarom deze KPI"] == ODD
    assert version_to_csv(varied, "nl").encode("utf-8").startswith(b"\xef\xbb\xbf")
