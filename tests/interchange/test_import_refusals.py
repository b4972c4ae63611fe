"""Malformed and hostile files are refused whole, with a message that names the place."""

from decimal import Decimal
from unittest import mock

import pytest
from django.db import IntegrityError
from django.test import override_settings
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Strategy
from indicators.models import Kpi, KpiMilestone
from kpiplanner.interchange.reading import ImportRefused, read_kpi_set
from kpiplanner.interchange.services import kpi_set_import

from .conftest import export, file_bytes, first_kpi, last_kpi

pytestmark = pytest.mark.django_db

MODELS = (Strategy, Goal, CriticalSuccessFactor, Kpi, KpiMilestone)


def row_counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


def refused(data, organisation) -> list[str]:
    """The messages of a refused import, after checking that nothing was written."""
    before = row_counts()
    with pytest.raises(ImportRefused) as caught:
        kpi_set_import(data=data, organisation=organisation)
    assert row_counts() == before
    return caught.value.messages


def refused_file(raw: bytes) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        read_kpi_set(raw)
    return caught.value.messages


# --- the file as a whole ------------------------------------------------------------------


def test_not_json_names_line_and_column():
    assert refused_file(b'{"format": "kpiplanner/kpi-set",\n  "schema": 1,,}') == [
        "Het bestand is geen geldige JSON: het probleem zit in regel 2, kolom 15."
    ]


def test_not_utf8_is_refused():
    messages = refused_file('{"name": "Zoë"}'.encode("latin-1"))
    assert messages == [
        "Het bestand is geen UTF-8-tekst. Exporteer de KPI-set opnieuw uit KPI Planner."
    ]


def test_utf8_byte_order_mark_is_accepted(varied):
    raw = "\ufeff".encode() + file_bytes(export(varied))
    assert read_kpi_set(raw)["format"] == "kpiplanner/kpi-set"


def test_messages_follow_the_language():
    with translation.override("en"):
        assert refused_file(b"[") == [
            "The file is not valid JSON: the problem is at line 1, column 2."
        ]


@override_settings(INTERCHANGE_MAX_FILE_BYTES=1000)
def test_file_over_the_size_cap_is_refused_before_parsing():
    with mock.patch("json.loads") as loads:
        messages = refused_file(b" " * 1001)
    loads.assert_not_called()
    assert messages == ["Het bestand is 1001\xa0bytes; je kunt hoogstens 1000\xa0bytes importeren."]


def test_deeply_nested_json_is_refused_without_crashing():
    assert refused_file(b"[" * 100_000 + b"]" * 100_000) == [
        "Het bestand is te diep genest om een KPI-set te zijn."
    ]
    # Shallow enough for Python's parser, deeper than any KPI set: refused all the same.
    assert refused_file(b'{"a": ' + b"[" * 25 + b"1" + b"]" * 25 + b"}") == [
        "Het bestand is te diep genest om een KPI-set te zijn."
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"a": 1, "a": 2}', "De sleutel “a” staat twee keer in hetzelfde object"),
        (b'{"a": NaN}', "NaN of Infinity"),
        (b'{"a": -Infinity}', "NaN of Infinity"),
        (b'{"a": 1' + b"0" * 5000 + b"}", "te veel cijfers"),
    ],
)
def test_ambiguous_or_odd_json_is_refused(raw, expected):
    assert expected in refused_file(raw)[0]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([], "Het bestand is geen KPI-set uit KPI Planner (het heeft geen formaataanduiding)."),
        ({"goals": []}, "(het heeft geen formaataanduiding)"),
        ({"format": "kpiplanner/other"}, "het formaat is “kpiplanner/other”"),
        ({"format": "kpiplanner/kpi-set", "schema": 2}, "schemaversie 2; deze versie van"),
        ({"format": "kpiplanner/kpi-set", "schema": "1"}, "schemaversie 1; deze versie van"),
        ({"format": "kpiplanner/kpi-set", "schema": True}, "schemaversie True"),
        ({"format": "kpiplanner/kpi-set", "schema": 1}, "De strategie (strategy) ontbreekt."),
    ],
)
def test_wrong_marker_or_schema_is_refused(data, expected, other_organisation):
    assert expected in refused(data, other_organisation)[0]


# --- values -------------------------------------------------------------------------------


def _kpi(key, value):
    def change(data):
        first_kpi(data)[key] = value

    return change


def _goal(key, value, index=0):
    def change(data):
        data["goals"][index][key] = value

    return change


def _strategy(key, value):
    def change(data):
        data["strategy"][key] = value

    return change


def _drop_kpi(key):
    def change(data):
        del first_kpi(data)[key]

    return change


CASES = {
    "missing field": (
        _drop_kpi("target_date"),
        "Doel 1, KSF 1, KPI 1: streefdatum (target_date) ontbreekt.",
    ),
    "missing list": (
        lambda d: d["goals"][0].pop("csfs"),
        "Doel 1: de lijst met kritieke succesfactoren (csfs) ontbreekt.",
    ),
    "goals not a list": (
        lambda d: d.update(goals={"a": 1}),
        "De lijst met doelen (goals) moet een lijst zijn, niet een object.",
    ),
    "kpi not an object": (
        lambda d: d["goals"][0]["csfs"][0]["kpis"].insert(0, "KPI"),
        "Doel 1, KSF 1, KPI 1: de KPI moet een object zijn, niet tekst.",
    ),
    "number where text": (
        _kpi("name", 12),
        "Doel 1, KSF 1, KPI 1: naam (name) moet tekst zijn, niet een getal.",
    ),
    "text where boolean": (
        _kpi("customer_facing", "yes"),
        "Doel 1, KSF 1, KPI 1: weerspiegelt de klantbeleving (customer_facing) moet true of "
        "false zijn, niet tekst.",
    ),
    "float where whole number": (
        _goal("order", 1.5),
        "Doel 1: volgorde (order) moet een geheel getal zijn, niet een decimaal getal.",
    ),
    "boolean where whole number": (
        _strategy("horizon_start_year", True),
        "Strategie: eerste jaar (horizon_start_year) moet een geheel getal zijn, niet true of "
        "false.",
    ),
    "negative order": (
        _goal("order", -1),
        "Doel 1: volgorde (order) moet tussen 0 en 2147483647 liggen.",
    ),
    "null name": (
        _kpi("name", None),
        "Doel 1, KSF 1, KPI 1: naam (name) moet tekst zijn, niet null.",
    ),
    "empty required title": (
        _goal("title", "   "),
        "Doel 1: titel (title) is leeg, maar is verplicht.",
    ),
    "too long for max_length": (
        _kpi("name", "x" * 201),
        "Doel 1, KSF 1, KPI 1: naam (name) heeft 201 tekens; er mogen er hoogstens 200 zijn.",
    ),
    "100 kB of text": (
        _kpi("rationale", "lang " * 20_000),
        "Doel 1, KSF 1, KPI 1: waarom deze KPI (rationale) heeft 100000 tekens; er mogen er "
        "hoogstens 2000 zijn.",
    ),
    "statement over the form's cap": (
        _kpi("statement", "s" * 1001),
        "formulering (statement) heeft 1001 tekens; er mogen er hoogstens 1000 zijn.",
    ),
    "unknown choice code": (
        _kpi("unit", "furlongs"),
        "Doel 1, KSF 1, KPI 1: eenheid (unit) heeft de onbekende code “furlongs”; gebruik een "
        "van: percent, eur, count, hours, days, minutes, score, ratio, other.",
    ),
    "choice label instead of code": (
        _goal("perspective", "Klant"),
        "Doel 1: perspectief (perspective) heeft de onbekende code “Klant”",
    ),
    "impossible date": (
        _kpi("target_date", "2027-02-30"),
        "Doel 1, KSF 1, KPI 1: streefdatum (target_date) is geen datum; schrijf die als "
        "JJJJ-MM-DD.",
    ),
    "Dutch date": (
        _kpi("baseline_date", "30-09-2026"),
        "datum nulmeting (baseline_date) is geen datum",
    ),
    "date with time": (_goal("period_start", "2026-01-01T00:00:00"), "is geen datum"),
    "decimal comma": (
        _kpi("target_value", "12,5"),
        "Doel 1, KSF 1, KPI 1: streefwaarde (target_value) is geen getal; schrijf het met een "
        "decimale punt, zoals 12.5.",
    ),
    "too many digits": (
        _kpi("target_value", "1234567890123.5"),
        "Doel 1, KSF 1, KPI 1: streefwaarde (target_value) past niet: hoogstens 12 cijfers vóór "
        "de decimale punt en 4 erna.",
    ),
    "too many decimals": (_kpi("baseline_value", "1.23456"), "past niet"),
    "huge exponent": (_kpi("baseline_value", "1e999999999"), "past niet"),
    "NaN as text": (_kpi("target_value", "NaN"), "is geen getal"),
    "number as JSON float is fine but not a boolean": (_kpi("target_value", True), "is geen getal"),
    "NUL character": (
        _kpi("definition", "a\x00b"),
        "definitie / formule (definition) bevat een teken dat niet kan worden opgeslagen",
    ),
    "lone surrogate": (_goal("title", "ok \ud800"), "titel (title) bevat een teken dat niet"),
    "milestone without value": (
        lambda d: first_kpi(d)["milestones"][1].pop("value"),
        "Doel 1, KSF 1, KPI 1, mijlpaal 2: waarde (value) ontbreekt.",
    ),
    "two milestones on one date": (
        lambda d: first_kpi(d)["milestones"][1].update(due_date="2026-12-31"),
        "Doel 1, KSF 1, KPI 1, mijlpaal 2: een andere mijlpaal heeft dezelfde datum.",
    ),
    "owner username not text": (
        _kpi("owner_username", 7),
        "eigenaar (owner_username) moet tekst of null zijn, niet een getal.",
    ),
    # The models' CHECK constraints, as messages instead of IntegrityErrors.
    "horizon backwards": (
        _strategy("horizon_end_year", 2025),
        "Strategie: het laatste jaar van de horizon ligt vóór het eerste jaar.",
    ),
    "horizon implausible": (
        _strategy("horizon_start_year", 1999),
        "Strategie: de jaren van de horizon moeten tussen 2000 en 2100 liggen.",
    ),
    "goal period backwards": (
        _goal("period_end", "2025-12-31"),
        "Doel 1: de einddatum van de periode ligt vóór de begindatum.",
    ),
    "target date before baseline": (
        _kpi("baseline_date", "2028-01-01"),
        "Doel 1, KSF 1, KPI 1: de streefdatum moet na de datum van de nulmeting liggen.",
    ),
    "thresholds on the wrong side": (
        _kpi("on_track_threshold", "13"),
        "Doel 1, KSF 1, KPI 1: de drempelwaarde voor “op koers” moet bij deze richting",
    ),
    "upper bound without a range": (_kpi("target_max", "20"), "een bovengrens van de streefwaarde"),
    "range with thresholds": (
        lambda d: d["goals"][0]["csfs"][0]["kpis"][1].update(on_track_threshold="91"),
        "Doel 1, KSF 1, KPI 2: een KPI “binnen een bandbreedte” heeft geen drempelwaarden",
    ),
    # Links and ids.
    "unknown parent": (
        _goal("parent_id", "nope", index=3),
        "Doel 4: het bovenliggende doel “nope” is geen doel in dit bestand.",
    ),
    "parent is a CSF": (
        lambda d: d["goals"][1].update(parent_id=d["goals"][0]["csfs"][0]["id"]),
        "Doel 2: het bovenliggende doel",
    ),
    "own parent": (
        lambda d: d["goals"][0].update(parent_id=d["goals"][0]["id"]),
        "Doel 1: een doel kan niet zijn eigen bovenliggende doel zijn.",
    ),
    "parent circle": (
        lambda d: d["goals"][0].update(parent_id=d["goals"][3]["id"]),
        "de bovenliggende doelen verwijzen in een kring naar elkaar: "
        "doel 1 → doel 4 → doel 2 → doel 1.",
    ),
    "duplicate goal id": (
        lambda d: d["goals"][2].update(id=d["goals"][0]["id"]),
        "Doel 3: de id “",
    ),
    "KPI id equal to a goal id": (
        lambda d: first_kpi(d).update(id=d["goals"][0]["id"]),
        "wordt ook gebruikt door doel 1; elke id moet uniek zijn.",
    ),
    "missing id": (lambda d: d["goals"][0]["csfs"][0].pop("id"), "Doel 1, KSF 1: id ontbreekt."),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_value_is_refused_with_its_place(case, varied, other_organisation):
    change, expected = CASES[case]
    data = export(varied)
    change(data)
    messages = refused(data, other_organisation)
    assert any(expected in message for message in messages), messages


def test_a_file_with_an_error_in_the_last_kpi_leaves_zero_new_rows(varied, other_organisation):
    data = export(varied)
    last_kpi(data)["target_date"] = "morgen"
    before = row_counts()
    with pytest.raises(ImportRefused) as caught:
        kpi_set_import(data=data, organisation=other_organisation)
    assert caught.value.messages == [
        "Doel 2, KSF 1, KPI 1: streefdatum (target_date) is geen datum; schrijf die als JJJJ-MM-DD."
    ]
    assert row_counts() == before


def test_a_database_failure_halfway_leaves_zero_new_rows(varied, other_organisation):
    """Even past the checks, the write is one transaction: a failure on the last step undoes all."""
    before = row_counts()
    with (
        mock.patch.object(KpiMilestone.objects, "bulk_create", side_effect=IntegrityError("x")),
        pytest.raises(ImportRefused) as caught,
    ):
        kpi_set_import(data=export(varied), organisation=other_organisation)
    assert caught.value.messages == [
        "Het bestand kon niet worden geïmporteerd, omdat de waarden niet bij elkaar passen."
    ]
    assert row_counts() == before


def test_every_problem_is_listed_not_only_the_first(varied, other_organisation):
    data = export(varied)
    first_kpi(data)["unit"] = "furlongs"
    last_kpi(data)["name"] = ""
    data["strategy"]["name"] = None
    messages = refused(data, other_organisation)
    assert [message.split(":")[0] for message in messages] == [
        "Strategie",
        "Doel 1, KSF 1, KPI 1",
        "Doel 2, KSF 1, KPI 1",
    ]


def test_the_list_of_problems_is_capped(varied, other_organisation):
    data = export(varied)
    data["goals"] = [{"id": str(n)} for n in range(100)]
    messages = refused(data, other_organisation)
    assert len(messages) == 21
    assert messages[-1] == "Er kunnen nog meer problemen zijn; los deze eerst op."


@override_settings(INTERCHANGE_MAX_NODES=12)
def test_too_many_nodes_is_refused_whole(varied, other_organisation):
    """The varied set has 4 goals, 3 CSFs, 4 KPIs and 2 milestones: 13 nodes."""
    messages = refused(export(varied), other_organisation)
    assert messages == [
        "Het bestand bevat samen meer dan 12 doelen, kritieke succesfactoren, KPI's en "
        "mijlpalen; zoveel kun je niet in één keer importeren."
    ]


@override_settings(INTERCHANGE_MAX_NODES=13)
def test_exactly_the_node_cap_is_accepted(varied, other_organisation):
    assert kpi_set_import(data=export(varied), organisation=other_organisation).strategy


def test_goals_nested_too_deep_are_refused(varied, other_organisation):
    data = export(varied)
    template = data["goals"][3]
    chain = []
    for level in range(12):
        goal = {**template, "id": f"level-{level}", "csfs": []}
        goal["parent_id"] = f"level-{level - 1}" if level else None
        chain.append(goal)
    data["goals"] = chain
    messages = refused(data, other_organisation)
    assert messages == ["Doel 11: de doelen zijn meer dan 10 niveaus diep genest."]


def test_ten_levels_of_goals_are_accepted(varied, other_organisation):
    data = export(varied)
    template = data["goals"][3]
    data["goals"] = [
        {**template, "id": f"l{n}", "parent_id": f"l{n - 1}" if n else None, "csfs": []}
        for n in range(10)
    ]
    strategy = kpi_set_import(data=data, organisation=other_organisation).strategy
    assert Goal.objects.filter(strategy=strategy, parent__isnull=False).count() == 9


def test_unknown_keys_are_ignored_and_status_is_not_read(varied, other_organisation):
    data = export(varied)
    first_kpi(data)["status"] = "nonsense"
    first_kpi(data)["smart"] = {"deep": [[[["ignored"]]]]}
    first_kpi(data)["colour"] = "blue"
    strategy = kpi_set_import(data=data, organisation=other_organisation).strategy
    assert Kpi.objects.filter(csf__goal__strategy=strategy, status="draft").count() == 4


def test_amounts_may_be_json_numbers_but_are_read_exactly(varied, other_organisation):
    raw = file_bytes(export(varied)).replace(b'"target_value": "10"', b'"target_value": 10.10')
    strategy = kpi_set_import(data=read_kpi_set(raw), organisation=other_organisation).strategy
    kpi = Kpi.objects.get(csf__goal__strategy=strategy, name="Gemiddelde oplostijd")
    assert kpi.target_value == Decimal("10.1")


def test_html_and_script_are_stored_as_plain_text(varied, other_organisation):
    data = export(varied)
    first_kpi(data)["name"] = "<img src=x onerror=alert(1)>"
    strategy = kpi_set_import(data=data, organisation=other_organisation).strategy
    assert Kpi.objects.filter(
        csf__goal__strategy=strategy, name="<img src=x onerror=alert(1)>"
    ).exists()


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.decimals(allow_nan=False, allow_infinity=False, places=6)
    | st.text(max_size=30)
    | st.sampled_from(["", "2027-02-29", "1e9999", "percent", "range", "-0", "12,5", "\ud800"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=5,
)


def _paths(value, prefix=()):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))
    yield prefix


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(choice=st.data(), value=JSON_VALUES)
def test_any_single_change_is_imported_or_refused_never_a_crash(
    varied, other_organisation, choice, value
):
    """Replace any one part of a valid file with any JSON value: ImportRefused or a good import."""
    data = export(varied)
    path = choice.draw(st.sampled_from(sorted(_paths(data), key=str)))
    if not path:
        data = value
    else:
        holder = data
        for step in path[:-1]:
            holder = holder[step]
        holder[path[-1]] = value
    before = row_counts()
    try:
        kpi_set_import(data=data, organisation=other_organisation)
    except ImportRefused as exc:
        assert exc.messages and all(isinstance(m, str) and m for m in exc.messages)
        assert row_counts() == before
