"""Whatever a script sends: a clear 4xx with the reason, never a 500, nothing written."""

import json
import uuid

import pytest

from indicators.models import Measurement
from tests.conftest import build_tree
from tests.factories import MeasurementFactory, StrategyFactory

pytestmark = pytest.mark.django_db


def good(last_month) -> dict:
    return {"period": str(last_month), "value": 12.5, "note": "Via de koppeling"}


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("value", "12,5", "JSON-getal"),
        ("value", "12.5", "JSON-getal"),
        ("value", "1.250,5", "JSON-getal"),
        ("value", True, "JSON-getal"),
        ("value", None, "JSON-getal"),
        ("value", [12.5], "JSON-getal"),
        ("value", {"amount": 12.5}, "JSON-getal"),
        ("value", 1e20, "cijfers"),
        ("value", 12.34567, "achter de komma"),
        ("period", "2027-02-30", "bestaat"),
        ("period", "01-03-2027", "JJJJ-MM-DD"),
        ("period", "2027-3-1", "JJJJ-MM-DD"),
        ("period", 1780000000, "JJJJ-MM-DD"),
        ("period", "2026-10-01T00:00:00", "JJJJ-MM-DD"),
        ("period", "", "JJJJ-MM-DD"),
        ("period", None, "JJJJ-MM-DD"),
        ("note", "Klantverloop " * 7700, "2000"),
        ("note", "tekst\x00met een nul", "ull"),
        ("note", 12, "tekst"),
    ],
    ids=lambda v: str(v)[:20],
)
def test_a_bad_field_is_422_naming_the_field(api, tokens, kpi, last_month, field, value, says):
    response = api(tokens["admin"]).post(
        f"/api/v1/kpis/{kpi.pk}/measurements", {**good(last_month), field: value}
    )
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"] == "Het verzoek is niet geldig: zie errors."
    (error,) = body["errors"]
    assert error["field"] == field
    assert says in error["message"], error["message"]
    assert not Measurement.objects.filter(kpi=kpi).exists()


def test_messages_are_english_when_asked(api, tokens, kpi, last_month):
    response = api(tokens["admin"]).post(
        f"/api/v1/kpis/{kpi.pk}/measurements",
        {**good(last_month), "value": "12,5"},
        headers={"Accept-Language": "en"},
    )
    assert response.json()["errors"][0]["message"].startswith("Send the value as a JSON number")


@pytest.mark.parametrize("missing", ["period", "value"])
def test_a_missing_field_is_422(api, tokens, kpi, last_month, missing):
    body = good(last_month)
    del body[missing]
    response = api(tokens["admin"]).post(f"/api/v1/kpis/{kpi.pk}/measurements", body)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": missing, "message": "Dit veld is verplicht."}]


@pytest.mark.parametrize(
    "raw",
    ["", "{", "not json", "[1, 2]", '"12.5"', "null", '{"period": NaN}', b"\xff\xfe"],
    ids=["empty", "half", "text", "list", "string", "null", "nan", "bytes"],
)
def test_a_body_that_is_no_json_object_is_a_clear_4xx(api, tokens, kpi, raw):
    response = api(tokens["admin"]).post(f"/api/v1/kpis/{kpi.pk}/measurements", raw)
    assert response.status_code in (400, 422), response.content
    assert response.json()["detail"]
    assert not Measurement.objects.filter(kpi=kpi).exists()


def test_a_number_that_is_not_finite_is_refused(api, tokens, kpi, last_month):
    raw = json.dumps(good(last_month)).replace("12.5", "NaN")
    response = api(tokens["admin"]).post(f"/api/v1/kpis/{kpi.pk}/measurements", raw)
    assert response.status_code == 422
    assert "eindig" in response.json()["errors"][0]["message"]


def test_odd_unicode_in_a_note_is_kept_as_typed(api, tokens, kpi, last_month):
    note = "\u202eKPI\u200b 😀 \ufeffé\u0301 אב <script>alert(1)</script>"
    response = api(tokens["admin"]).post(
        f"/api/v1/kpis/{kpi.pk}/measurements", {**good(last_month), "note": note}
    )
    assert response.status_code == 201
    assert Measurement.objects.get(kpi=kpi).note == note


def test_extra_fields_are_ignored_not_written(api, tokens, kpi, last_month, members):
    body = {**good(last_month), "entered_by": members["viewer"].pk, "kpi": str(uuid.uuid4())}
    response = api(tokens["admin"]).post(f"/api/v1/kpis/{kpi.pk}/measurements", body)
    assert response.status_code == 201
    stored = Measurement.objects.get(kpi=kpi)
    assert stored.entered_by.username == "admin"


@pytest.mark.parametrize(
    "kpi_id", [str(uuid.uuid4()), "niet-een-id", "1", "x" * 5000, "%F0%9F%98%80", "..%2F..%2F"]
)
def test_missing_or_malformed_ids_are_404(api, tokens, kpi_id, last_month):
    client = api(tokens["admin"])
    for url in (f"/api/v1/kpis/{kpi_id}/measurements", f"/api/v1/strategies/{kpi_id}/progress"):
        response = client.get(url)
        assert response.status_code == 404, url
    response = client.post(f"/api/v1/kpis/{kpi_id}/measurements", good(last_month))
    assert response.status_code == 404


def test_a_wrong_method_is_405(api, tokens, strategy):
    response = api(tokens["admin"]).post("/api/v1/strategies/", {})
    assert response.status_code == 405


def test_unknown_paths_under_the_api_are_404(api, tokens):
    assert api(tokens["admin"]).get("/api/v1/kpis/").status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_the_progress_tree_takes_the_same_queries_at_any_size(
    api, tokens, organisation, django_assert_num_queries, size
):
    strategy = build_tree(StrategyFactory(organisation=organisation), kpis=size)
    for kpi in strategy.goals.first().csfs.first().kpis.all():
        MeasurementFactory.create_batch(3, kpi=kpi)
    client = api(tokens["participant"])
    client.get("/api/v1/strategies/")  # "last used" is written at most once a minute
    # token, strategy, goals, CSFs, KPIs, milestones, the latest values (as tuples)
    with django_assert_num_queries(7):
        response = client.get(f"/api/v1/strategies/{strategy.pk}/progress")
    assert response.status_code == 200
    assert sum(len(c["kpis"]) for g in response.json()["goals"] for c in g["csfs"]) == size


@pytest.mark.parametrize("size", [1, 8])
def test_the_strategy_list_takes_the_same_queries_at_any_size(
    api, tokens, organisation, django_assert_num_queries, size
):
    for _ in range(size):
        build_tree(StrategyFactory(organisation=organisation), kpis=2)
    client = api(tokens["participant"])
    client.get("/api/v1/strategies/")
    with django_assert_num_queries(2):  # token, strategies with their state
        assert len(client.get("/api/v1/strategies/").json()) == size


@pytest.mark.parametrize("size", [1, 12])
def test_the_measurement_list_takes_the_same_queries_at_any_size(
    api, tokens, kpi, django_assert_num_queries, size
):
    MeasurementFactory.create_batch(size, kpi=kpi, entered_by=kpi.owner)
    client = api(tokens["participant"])
    client.get("/api/v1/strategies/")
    with django_assert_num_queries(4):  # token, KPI, values, their history
        assert len(client.get(f"/api/v1/kpis/{kpi.pk}/measurements").json()) == size


def test_a_body_over_the_upload_limit_is_a_4xx(api, tokens, kpi, last_month, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    body = {**good(last_month), "note": "x" * 60_000}
    response = api(tokens["admin"]).post(f"/api/v1/kpis/{kpi.pk}/measurements", body)
    assert 400 <= response.status_code < 500
    assert not Measurement.objects.filter(kpi=kpi).exists()
