"""The live SMART feedback endpoint: any input gets feedback, nothing is written or leaked."""

import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import ROLES
from tests.factories import CsfFactory

pytestmark = pytest.mark.django_db

URL = "/indicators/smart-feedback/"
HX = {"HX-Request": "true"}
STATEMENT = "Gemiddelde oplostijd van tickets van 14 naar 10 uur vóór eind 2028"


def statuses(html: str) -> dict[str, str]:
    import re

    return dict(re.findall(r'data-smart-criterion="(\w)" data-smart-status="(\w+)"', html))


def test_url_name_is_stable():
    assert reverse("indicators:smart_feedback") == URL


@pytest.mark.parametrize("role", ROLES)
def test_every_member_gets_a_fragment_with_five_criteria(client, members, role):
    client.force_login(members[role])
    response = client.post(URL, {"statement": STATEMENT}, headers=HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    found = statuses(html)
    assert set(found) == set("SMART")
    assert set(found.values()) <= {"met", "weak", "missing"}
    assert found["S"] == found["T"] == "met"
    assert "HX-Request" in response.headers["Vary"]


def test_plain_post_renders_a_whole_page(client, members):
    client.force_login(members["viewer"])
    html = client.post(URL, {"statement": STATEMENT}).content.decode()
    assert "<html" in html and len(statuses(html)) == 5


def test_empty_statement_is_missing_on_s_m_and_t(client, members):
    client.force_login(members["facilitator"])
    found = statuses(client.post(URL, {"statement": ""}, headers=HX).content.decode())
    assert found["S"] == found["M"] == found["T"] == "missing"


def test_anonymous_is_sent_to_login_and_get_is_refused(client, members):
    response = client.post(URL, {"statement": STATEMENT})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(members["viewer"])
    assert client.get(URL).status_code == 405


def test_csrf_token_is_required(members):
    client = Client(enforce_csrf_checks=True)
    client.force_login(members["facilitator"])
    assert client.post(URL, {"statement": STATEMENT}, headers=HX).status_code == 403


@pytest.mark.parametrize(
    "data",
    [
        {"statement": "x" * 100_000},
        {"statement": "€€€ ,,, ... 12,3,4.5 %%% Q9 2099 ☃" * 50},
        {"statement": STATEMENT, "baseline_value": "veertien", "target_value": "1,2,3"},
        {"statement": STATEMENT, "target_date": "31-02-2028", "baseline_date": "gisteren"},
        {"statement": STATEMENT, "unit": "parsecs", "direction": "sideways", "frequency": "x"},
        {"statement": STATEMENT, "owner": "not-a-number", "csf": "not-a-uuid"},
        {"statement": STATEMENT, "owner": "99999999999999999999", "csf": str(uuid.uuid4())},
        {"statement": "\x00\ufffd<script>alert(1)</script>"},
        {},
    ],
)
def test_bad_input_still_gets_feedback_and_writes_nothing(client, members, data):
    client.force_login(members["facilitator"])
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, data, headers=HX)
    assert response.status_code == 200
    assert len(statuses(response.content.decode())) == 5
    assert "<script>alert" not in response.content.decode()
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []


def test_own_csf_gives_context_but_a_foreign_one_is_ignored_like_a_missing_one(
    client, members, kpi
):
    client.force_login(members["facilitator"])
    own = client.post(URL, {"statement": STATEMENT, "csf": kpi.csf_id}, headers=HX)
    assert kpi.csf.title in own.content.decode()
    foreign = CsfFactory(title="Geheim project")
    with_foreign = client.post(URL, {"statement": STATEMENT, "csf": foreign.pk}, headers=HX)
    with_missing = client.post(URL, {"statement": STATEMENT, "csf": uuid.uuid4()}, headers=HX)
    assert "Geheim project" not in with_foreign.content.decode()
    assert with_foreign.content == with_missing.content


def test_dutch_decimal_comma_in_structured_fields_counts(client, members):
    client.force_login(members["facilitator"])
    html = client.post(
        URL,
        {"statement": "Verzuim omlaag", "baseline_value": "6,5", "target_value": "4,25"},
        headers=HX,
    ).content.decode()
    assert len(statuses(html)) == 5


def test_apply_offers_what_the_statement_contains(client, members):
    client.force_login(members["facilitator"])
    html = client.post(URL, {"statement": STATEMENT}, headers=HX).content.decode()
    assert "data-smart-apply" in html
    assert "streefwaarde: 10" in html


def test_english_user_gets_english_labels(client, members):
    client.force_login(members["facilitator"])
    client.cookies["django_language"] = "en"
    html = client.post(URL, {"statement": "Improve customer satisfaction"}, headers=HX)
    assert "Specific" in html.content.decode()


def test_feedback_input_reads_each_language_on_its_own_request():
    """The feedback's fields are shared between requests: reading one request's Dutch numbers
    must not change how the next, English one is read, and bad values are left out."""
    from django.utils import translation

    from indicators.forms import SmartFeedbackInput

    with translation.override("nl"):
        dutch = SmartFeedbackInput(
            {"baseline_value": "1.250,5", "target_value": "veertien", "unit": "hours"},
            memberships={},
        ).cleaned_data
    with translation.override("en"):
        english = SmartFeedbackInput(
            {"baseline_value": "1,250.5", "unit": "parsecs"}, memberships={}
        ).cleaned_data
    assert str(dutch["baseline_value"]) == "1250.5" and dutch["unit"] == "hours"
    assert "target_value" not in dutch
    assert str(english["baseline_value"]) == "1250.5" and "unit" not in english


def test_score_badge_and_unjudged_rows_are_shown(client, members):
    client.force_login(members["facilitator"])
    html = client.post(URL, {"statement": "Klanttevredenheid verbeteren"}, headers=HX)
    html = html.content.decode()
    assert re.search(r'smart-score badge text-bg-\w+">\d van 5<', html)
    # Without a CSF, A and R cannot be judged: grey letters that say why.
    assert html.count('data-smart-judged="false"') == 2
    assert "Nog niet beoordeeld" in html
