"""The REST API: each endpoint's permission matrix by token, 201 against 200, and writes kept in
the history like those made on screen."""

import uuid
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from indicators.models import Kpi, Measurement
from kpiplanner.accounts.models import Membership
from kpiplanner.api.models import ApiToken
from kpiplanner.api.services import token_create, token_revoke
from kpiplanner.core import ratelimit
from tests.factories import CsfFactory, GoalFactory, KpiFactory, MeasurementFactory, StrategyFactory

pytestmark = pytest.mark.django_db

READERS = ["admin", "facilitator", "manager", "participant", "viewer"]
WRITERS = {"admin", "facilitator"}


def urls(strategy, kpi) -> dict:
    return {
        "strategies": "/api/v1/strategies/",
        "progress": f"/api/v1/strategies/{strategy.pk}/progress",
        "measurements": f"/api/v1/kpis/{kpi.pk}/measurements",
    }


@pytest.fixture
def foreign(other_organisation):
    strategy = StrategyFactory(organisation=other_organisation, name="Van een ander")
    return KpiFactory(csf=CsfFactory(goal=GoalFactory(strategy=strategy)))


@pytest.mark.parametrize("role", READERS)
def test_every_role_reads_every_endpoint(api, tokens, kpi, strategy, role):
    client = api(tokens[role])
    for name, url in urls(strategy, kpi).items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.content)
        assert response["Content-Type"].startswith("application/json")
        assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("role", READERS)
def test_only_editors_and_owners_enter_values(api, tokens, kpi, role, last_month):
    response = api(tokens[role]).post(
        f"/api/v1/kpis/{kpi.pk}/measurements",
        {"period": str(last_month), "value": 12.5, "note": "Via de koppeling"},
    )
    if role in WRITERS:
        assert response.status_code == 201, response.content
        assert Measurement.objects.get(kpi=kpi).entered_by.username == role
    else:
        assert response.status_code == 403
        assert "rol" in response.json()["detail"]
        assert not Measurement.objects.filter(kpi=kpi).exists()


def test_a_participant_who_owns_the_kpi_enters_its_values(api, tokens, members, kpi, last_month):
    kpi.owner = members["participant"]
    kpi.save()
    response = api(tokens["participant"]).post(
        f"/api/v1/kpis/{kpi.pk}/measurements", {"period": str(last_month), "value": 12}
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("role", ["manager", "viewer"])
def test_an_owner_enters_their_own_kpis_values_only(api, tokens, members, kpi, role, last_month):
    """As in the file import: whatever their role, an owner enters their own KPI's values."""
    kpi.owner = members[role]
    kpi.save()
    other = KpiFactory(csf=kpi.csf, owner=members["admin"], status="approved")
    body = {"period": str(last_month), "value": 12}
    client = api(tokens[role])
    assert client.post(f"/api/v1/kpis/{kpi.pk}/measurements", body).status_code == 201
    assert client.post(f"/api/v1/kpis/{other.pk}/measurements", body).status_code == 403


@pytest.mark.parametrize("role", ["admin", "viewer"])
def test_another_organisations_ids_are_404(api, tokens, foreign, role, last_month):
    client = api(tokens[role])
    strategy = foreign.csf.goal.strategy
    for name, url in urls(strategy, foreign).items():
        if name != "strategies":
            assert client.get(url).status_code == 404, name
    response = client.post(
        f"/api/v1/kpis/{foreign.pk}/measurements", {"period": str(last_month), "value": 1}
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Niet gevonden."}
    assert not Measurement.objects.filter(kpi=foreign).exists()


def test_the_list_holds_only_the_tokens_organisation(api, tokens, strategy, foreign):
    names = [s["name"] for s in api(tokens["viewer"]).get("/api/v1/strategies/").json()]
    assert names == ["Klanten behouden"]


def test_an_outsiders_token_finds_nothing_here(api, outsider_token, kpi, strategy, last_month):
    client = api(outsider_token)
    assert client.get("/api/v1/strategies/").json() == []
    for name, url in urls(strategy, kpi).items():
        if name != "strategies":
            assert client.get(url).status_code == 404, name
    response = client.post(
        f"/api/v1/kpis/{kpi.pk}/measurements", {"period": str(last_month), "value": 1}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Bearer kpi_onbekend",
        "Basic YWRtaW46d2FjaHR3b29yZA==",
        "Token kpi_x",
        "bearer",
        "Bearer " + "x" * 10_000,
        "Bearer kpi_\u202e😀\u200b",
        "Bearer kpi_a kpi_b",
    ],
    ids=lambda h: (h or "none")[:20],
)
def test_missing_unknown_or_malformed_tokens_are_401(client, kpi, strategy, header, last_month):
    headers = {} if header is None else {"Authorization": header}
    for url in urls(strategy, kpi).values():
        response = client.get(url, headers=headers)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert "Authorization: Bearer" in response.json()["detail"]
    response = client.post(
        f"/api/v1/kpis/{kpi.pk}/measurements",
        {"period": str(last_month), "value": 1},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 401


def test_a_revoked_token_is_401_at_once(api, members, kpi, strategy):
    token, secret = token_create(membership=members["admin"].memberships.get(), name="Oud")
    client = api(secret)
    assert client.get("/api/v1/strategies/").status_code == 200
    token_revoke(token=token)
    for url in urls(strategy, kpi).values():
        assert client.get(url).status_code == 401


def test_a_token_ends_with_its_membership_and_its_user(api, members, tokens):
    client = api(tokens["facilitator"])
    members["facilitator"].is_active = False
    members["facilitator"].save()
    assert client.get("/api/v1/strategies/").status_code == 401
    Membership.objects.filter(user=members["admin"]).delete()
    assert api(tokens["admin"]).get("/api/v1/strategies/").status_code == 401
    assert not ApiToken.objects.filter(membership__user=members["admin"]).exists()


def test_the_token_acts_with_the_role_it_has_now(api, members, tokens, kpi, last_month):
    """A role is read at each request: a facilitator made viewer can no longer write."""
    Membership.objects.filter(user=members["facilitator"]).update(role="viewer")
    response = api(tokens["facilitator"]).post(
        f"/api/v1/kpis/{kpi.pk}/measurements", {"period": str(last_month), "value": 12}
    )
    assert response.status_code == 403


def test_a_new_period_is_201_and_a_correction_200_with_who_in_the_history(
    api, tokens, kpi, last_month
):
    url = f"/api/v1/kpis/{kpi.pk}/measurements"
    first = api(tokens["facilitator"]).post(url, {"period": str(last_month), "value": 12.5})
    assert first.status_code == 201
    assert first.json()["corrected"] is False
    second = api(tokens["admin"]).post(
        url, {"period": str(last_month), "value": 12, "note": "Telfout hersteld"}
    )
    assert second.status_code == 200
    assert second.json() | {} == {
        "period": str(last_month),
        "value": 12.0,
        "note": "Telfout hersteld",
        "entered_by": "admin",
        "corrected": True,
        "previous_value": 12.5,
    }
    assert Measurement.objects.get(kpi=kpi).value == Decimal(12)
    listed = api(tokens["participant"]).get(url).json()
    assert len(listed) == 1
    assert [(c["by"], c["kind"], c["value"]) for c in listed[0]["changes"]] == [
        ("admin", "corrected", 12.0),
        ("facilitator", "entered", 12.5),
    ]


def test_values_are_listed_by_period(api, tokens, kpi):
    for period in ("2026-03-01", "2026-01-01", "2026-02-01"):
        MeasurementFactory(kpi=kpi, period=period, value=Decimal("13.25"), note="")
    listed = api(tokens["participant"]).get(f"/api/v1/kpis/{kpi.pk}/measurements").json()
    assert [m["period"] for m in listed] == ["2026-01-01", "2026-02-01", "2026-03-01"]
    assert listed[0]["value"] == 13.25


def test_the_progress_tree_has_goals_csfs_and_kpis_with_status(api, tokens, kpi, strategy):
    MeasurementFactory(kpi=kpi, period=timezone.localdate().replace(day=1), value=Decimal(12))
    tree = api(tokens["participant"]).get(f"/api/v1/strategies/{strategy.pk}/progress").json()
    assert tree["name"] == "Klanten behouden"
    goal = tree["goals"][0]
    csf = goal["csfs"][0]
    node = csf["kpis"][0]
    assert (goal["title"], csf["title"], node["name"]) == (
        "Minder klantverloop",
        "Snel en in één keer oplossen",
        "Gemiddelde oplostijd",
    )
    assert node["latest_value"] == 12.0
    assert node["latest_period"] == str(timezone.localdate().replace(day=1))
    assert 0 <= node["progress"] <= 1
    assert node["status"] in {"on_track", "at_risk", "off_track", "overdue"}
    assert tree["status"] == goal["status"] == csf["status"] == node["status"]
    assert tree["progress"] == node["progress"]
    assert (tree["measured"], tree["total"]) == (1, 1)


def test_a_retired_kpi_has_no_status_and_is_left_out_of_the_roll_up(api, tokens, kpi, strategy):
    kpi.status = "retired"
    kpi.save()
    tree = api(tokens["participant"]).get(f"/api/v1/strategies/{strategy.pk}/progress").json()
    node = tree["goals"][0]["csfs"][0]["kpis"][0]
    assert (node["status"], node["progress"]) == (None, None)
    assert (tree["total"], tree["status"], tree["progress"]) == (0, "no_data", None)


def test_the_list_says_where_each_kpi_set_stands(api, tokens, strategy, kpi):
    client = api(tokens["participant"])
    assert client.get("/api/v1/strategies/").json()[0]["state"] == "draft"
    kpi.status = "proposed"
    kpi.save()
    assert client.get("/api/v1/strategies/").json()[0]["state"] == "under_review"


def test_an_approved_set_is_named_by_its_version(api, tokens, organisation, members):
    from tests.reports.conftest import approved_version

    strategy = StrategyFactory(organisation=organisation, name="Goedgekeurd")
    approved_version(strategy, members["manager"], kpis=2)
    (listed,) = api(tokens["viewer"]).get("/api/v1/strategies/").json()
    assert (listed["state"], listed["version"], listed["changes_under_review"]) == (
        "approved",
        1,
        False,
    )


def test_a_refused_value_is_422_with_the_reason(api, tokens, kpi):
    url = f"/api/v1/kpis/{kpi.pk}/measurements"
    client = api(tokens["admin"])
    future = client.post(url, {"period": "2099-01-01", "value": 12})
    assert future.status_code == 422
    assert "nog niet begonnen" in future.json()["detail"]
    mid_month = client.post(url, {"period": "2026-10-15", "value": 12})
    assert mid_month.status_code == 422
    assert "eerste dag" in mid_month.json()["detail"]
    assert not Measurement.objects.filter(kpi=kpi).exists()


def test_an_off_track_value_needs_a_note(api, tokens, kpi, last_month):
    url = f"/api/v1/kpis/{kpi.pk}/measurements"
    client = api(tokens["admin"])
    response = client.post(url, {"period": str(last_month), "value": 40})  # lower is better
    assert response.status_code == 422
    assert "toelichting" in response.json()["detail"] or "notitie" in response.json()["detail"]
    explained = {"period": str(last_month), "value": 40, "note": "Storing in oktober"}
    assert client.post(url, explained).status_code == 201


def test_messages_follow_accept_language(api, tokens, kpi):
    response = api(tokens["admin"]).post(
        f"/api/v1/kpis/{kpi.pk}/measurements",
        {"period": "2099-01-01", "value": 12},
        headers={"Accept-Language": "en"},
    )
    assert "has not started yet" in response.json()["detail"]
    assert response["Content-Language"] == "en"
    default = api(tokens["admin"]).get(f"/api/v1/kpis/{uuid.uuid4()}/measurements")
    assert default.json()["detail"] == "Niet gevonden."


def test_last_used_is_noted(api, members, tokens):
    api(tokens["viewer"]).get("/api/v1/strategies/")
    token = ApiToken.objects.get(membership__user=members["viewer"])
    assert token.last_used_at is not None


@override_settings(API_RATE_LIMIT="3/min")
def test_a_token_over_its_rate_gets_429_with_retry_after(api, tokens):
    client = api(tokens["viewer"])
    for _ in range(3):
        assert client.get("/api/v1/strategies/").status_code == 200
    response = client.get("/api/v1/strategies/")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Retry-After" not in client.get("/api/v1/openapi.json")  # the schema is not limited
    # Another token has its own allowance.
    assert api(tokens["admin"]).get("/api/v1/strategies/").status_code == 200


def test_a_post_needs_no_csrf_token_only_the_api_token(tokens, kpi, last_month):
    """Scripts have no session cookie to protect: the Bearer token is the proof (and a browser
    never sends it by itself)."""
    from django.test import Client

    client = Client(
        enforce_csrf_checks=True, headers={"Authorization": f"Bearer {tokens['admin']}"}
    )
    response = client.post(
        f"/api/v1/kpis/{kpi.pk}/measurements",
        {"period": str(last_month), "value": 12.5},
        content_type="application/json",
    )
    assert response.status_code == 201


@override_settings(API_RATE_LIMIT="2/min")
def test_the_allowance_comes_back_in_the_next_minute(api, tokens, monkeypatch):
    clock = [1_800_000_000.0]  # the start of a minute
    monkeypatch.setattr(ratelimit, "clock", lambda: clock[0])
    client = api(tokens["viewer"])
    assert [client.get("/api/v1/strategies/").status_code for _ in range(3)] == [200, 200, 429]
    clock[0] += 45
    refused = client.get("/api/v1/strategies/")
    assert refused.status_code == 429 and refused["Retry-After"] == "15"
    clock[0] += 15
    assert client.get("/api/v1/strategies/").status_code == 200


def test_a_viewer_reads_only_the_approved_kpis(api, tokens, kpi, strategy):
    """As on the strategy page: drafts stay with those who work on them."""
    draft = KpiFactory(csf=kpi.csf, name="Nog in de maak")
    tree = api(tokens["viewer"]).get(f"/api/v1/strategies/{strategy.pk}/progress").json()
    names = [k["name"] for g in tree["goals"] for c in g["csfs"] for k in c["kpis"]]
    assert kpi.name in names and draft.name not in names
    assert api(tokens["viewer"]).get(f"/api/v1/kpis/{draft.pk}/measurements").status_code == 404
    tree = api(tokens["participant"]).get(f"/api/v1/strategies/{strategy.pk}/progress").json()
    assert draft.name in [k["name"] for g in tree["goals"] for c in g["csfs"] for k in c["kpis"]]


def test_a_viewer_keeps_an_approved_kpi_whose_change_waits_for_the_manager(
    api, tokens, kpi, strategy
):
    """A changed approved KPI goes back to "proposed" until the manager decides; a viewer
    keeps reading its progress meanwhile."""
    Kpi.objects.filter(pk=kpi.pk).update(status="proposed", changed_since_version=1)
    tree = api(tokens["viewer"]).get(f"/api/v1/strategies/{strategy.pk}/progress").json()
    assert kpi.name in [k["name"] for g in tree["goals"] for c in g["csfs"] for k in c["kpis"]]
    assert api(tokens["viewer"]).get(f"/api/v1/kpis/{kpi.pk}/measurements").status_code == 200
