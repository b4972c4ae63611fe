"""The OpenAPI document and its Swagger page, served by the app itself (no CDN, strict CSP)."""

import json
import re
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from tests.factories import CsfFactory, KpiFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


def test_the_openapi_document_describes_every_endpoint_and_the_token(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) == {
        "/api/v1/strategies/",
        "/api/v1/strategies/{strategy_id}/progress",
        "/api/v1/kpis/{kpi_id}/measurements",
    }
    assert set(schema["paths"]["/api/v1/kpis/{kpi_id}/measurements"]) == {"get", "post"}
    post = schema["paths"]["/api/v1/kpis/{kpi_id}/measurements"]["post"]
    assert {"200", "201", "401", "403", "404", "422", "429"} <= set(post["responses"])
    value = schema["components"]["schemas"]["MeasurementIn"]["properties"]["value"]
    assert value["type"] == "number"  # text is refused, so the schema does not offer it
    (scheme,) = schema["components"]["securitySchemes"].values()
    assert scheme == {"type": "http", "scheme": "bearer"}


def test_the_docs_page_loads_swagger_from_our_own_static_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html  # phones
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing from elsewhere
    # Every script is a file, or data (JSON) that is never run: the CSP needs no exception.
    for attributes, _body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
    assert "style=" not in html
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for asset in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        assert finders.find(f"ninja/{asset}"), asset


def test_the_progress_tree_is_what_its_schema_says(api, tokens, kpi, strategy):
    """The endpoint sends the tree it makes without ninja's check against the schema (a large
    tree's cost): the answer is still exactly what `StrategyProgress` describes, field for field
    and in its order, for a measured KPI, one without values and a retired one."""
    from kpiplanner.api.schemas import StrategyProgress

    MeasurementFactory(kpi=kpi, period=timezone.localdate().replace(day=1), value=Decimal("12.5"))
    KpiFactory(csf=kpi.csf, name="Nog niet gemeten")
    KpiFactory(csf=CsfFactory(goal=kpi.csf.goal), status="retired")
    response = api(tokens["participant"]).get(f"/api/v1/strategies/{strategy.pk}/progress")
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    sent = json.loads(response.content, object_pairs_hook=list)
    described = StrategyProgress.model_validate(response.json()).model_dump(mode="json")
    assert sent == json.loads(json.dumps(described), object_pairs_hook=list)
    kpis = [k for goal in response.json()["goals"] for c in goal["csfs"] for k in c["kpis"]]
    assert [k["latest_value"] for k in kpis if k["status"] not in (None, "no_data")] == [12.5]
    assert sorted(k["status"] == "no_data" for k in kpis if k["status"]) == [False, True]
    assert [k["progress"] for k in kpis if k["status"] is None] == [None]  # the retired one
