"""The live SMART feedback endpoint beside a trivial logged-in page, measured in the same run.

The feedback answers on every pause in typing, so it should cost about as much as the cheapest
page a signed-in user can open (goal: at most 1.5 times). The trivial page is the "password
changed" page: login required, a small template, no queries of its own.

The feedback request is posted the way htmx posts it (`hx-post` with `hx-include` sends the
form URL-encoded); the same request as multipart, which Django parses more slowly and which
the page never sends, is measured too and reported beside it.
"""

from urllib.parse import urlencode

from django.test import override_settings

from bench.timing import logged_in_client, measure_ms, summary
from indicators.models import Kpi
from kpiplanner.demo.data import seed_demo

STATEMENTS = [
    "Gemiddelde oplostijd van tickets van 14 naar 10 uur vóór eind Q1 2027",
    "Verzuimpercentage van 6,5% naar 4% vóór eind 2027, per maand gemeten",
    "Klanttevredenheid verbeteren",
    "NPS van 32 naar 40 voor eind Q4 2027",
]


def run() -> dict[str, float]:
    seed_demo(password="bench-pass")
    kpi = Kpi.objects.select_related("csf").filter(owner__isnull=False).first()
    client = logged_in_client("facilitator")
    headers = {"HX-Request": "true"}
    data = {
        "csf": str(kpi.csf_id),
        "unit": "hours",
        "direction": "lower",
        "frequency": "monthly",
        "data_source": "Ticketsysteem",
        "owner": str(kpi.owner_id),
        "baseline_value": "14",
        "target_value": "10",
    }
    state = {"i": 0}

    def payload():
        state["i"] += 1
        return data | {"statement": STATEMENTS[state["i"] % len(STATEMENTS)]}

    def feedback():
        response = client.post(
            "/indicators/smart-feedback/",
            urlencode(payload()),
            content_type="application/x-www-form-urlencoded",
            headers=headers,
        )
        assert response.status_code == 200, response.status_code

    def feedback_multipart():
        response = client.post("/indicators/smart-feedback/", payload(), headers=headers)
        assert response.status_code == 200, response.status_code

    def trivial():
        response = client.get("/accounts/password/done/")
        assert response.status_code == 200, response.status_code

    # Alternate rounds so both see the same machine load.
    feedback_ms: list[float] = []
    multipart_ms: list[float] = []
    trivial_ms: list[float] = []
    # 400 requests a minute: above the per-member limit, which is still checked on each one.
    with override_settings(FEEDBACK_PER_MINUTE=10_000):
        for _ in range(5):
            feedback_ms += measure_ms(feedback, repeat=40)
            trivial_ms += measure_ms(trivial, repeat=40)
            multipart_ms += measure_ms(feedback_multipart, repeat=40)
    figures = (
        summary("feedback", feedback_ms)
        | summary("trivial_view", trivial_ms)
        | summary("feedback_multipart", multipart_ms)
    )
    trivial_median = figures["trivial_view_median_ms"]
    figures["feedback_vs_trivial_ratio"] = figures["feedback_median_ms"] / trivial_median
    figures["feedback_multipart_vs_trivial_ratio"] = (
        figures["feedback_multipart_median_ms"] / trivial_median
    )
    return figures
