"""Submitting a plan: which KPIs are proposed, what is recorded, and what the user is told."""

import pytest
from django.urls import reverse

from indicators.models import Kpi
from kpiplanner.accounts.models import display_name
from kpiplanner.planning.models import Plan
from kpiplanner.planning.services import plan_submit
from kpiplanner.reviews.models import KpiTransition
from tests.factories import KpiFactory, UserFactory
from tests.planning.helpers import HX, step_url

pytestmark = pytest.mark.django_db


def test_submit_proposes_draft_and_rejected_kpis_only(client, members, complete_tree):
    client.force_login(members["facilitator"])
    response = client.post(step_url(complete_tree, "submit"))
    assert response.url == step_url(complete_tree, "submit")
    statuses = sorted(Kpi.objects.values_list("status", flat=True))
    assert statuses == ["approved", "proposed", "proposed"]
    plan = Plan.objects.get(strategy=complete_tree)
    assert plan.submitted_by == members["facilitator"] and plan.submitted_at


def test_submit_records_each_change_with_who_and_when(client, members, complete_tree):
    client.force_login(members["facilitator"])
    client.post(step_url(complete_tree, "submit"))
    changes = KpiTransition.objects.filter(kpi__csf__goal__strategy=complete_tree)
    assert sorted((c.from_status, c.to_status, c.by.username) for c in changes) == [
        ("draft", "proposed", "facilitator"),
        ("rejected", "proposed", "facilitator"),
    ]
    assert all(c.at for c in changes)
    # The KPI card's timeline shows the submission, by whom.
    kpi = changes.get(from_status="rejected").kpi
    client.force_login(members["manager"])
    html = client.get(reverse("reviews:kpi_card", args=[kpi.pk])).content.decode()
    assert "Afgewezen → Voorgesteld" in html


def test_submitting_says_what_was_submitted_with_dutch_plurals(client, members, complete_tree):
    client.force_login(members["facilitator"])
    response = client.post(step_url(complete_tree, "submit"), follow=True)
    html = response.content.decode()
    assert "Het plan is ingediend. 1 concept-KPI ligt nu ter beoordeling voor." in html
    assert "1 afgewezen KPI ligt opnieuw ter beoordeling voor." in html
    # The step now says where the set stands, who submitted and that nothing waits to be sent.
    assert "Ter beoordeling: 2 KPI's" in html
    who = display_name(members["facilitator"])
    assert "Laatst ingediend ter beoordeling op" in html and f"door {who}." in html
    assert 'data-to-submit="0"' in html and "Opnieuw indienen" not in html
    # Submitting again with nothing new says so instead of "0 KPIs".
    html = client.post(step_url(complete_tree, "submit"), follow=True).content.decode()
    assert "Niets nieuws in te dienen" in html and " 0 " not in html.split("Niets nieuws")[0][-20:]


def test_submitting_again_counts_the_rejected_and_new_kpis(client, members, complete_tree):
    plan_submit(strategy=complete_tree, user=members["facilitator"])
    csf = complete_tree.goals.first().csfs.first()
    Kpi.objects.filter(csf=csf, status="proposed").update(status="rejected")
    KpiFactory.create_batch(2, csf=csf, owner=members["facilitator"], status="draft")
    client.force_login(members["admin"])
    page = client.get(step_url(complete_tree, "submit")).content.decode()
    assert "Indienen legt 2 concept-KPI's aan de managers voor." in page
    assert "Indienen legt 2 afgewezen KPI's opnieuw aan de managers voor." in page
    assert "Opnieuw indienen" in page
    html = client.post(step_url(complete_tree, "submit"), follow=True).content.decode()
    assert (
        "Het plan is opnieuw ingediend. 2 concept-KPI&#x27;s liggen nu ter beoordeling voor. "
        "2 afgewezen KPI&#x27;s liggen opnieuw ter beoordeling voor."
    ) in html
    client.cookies["django_language"] = "en"
    one = Kpi.objects.filter(csf=csf, status="proposed").first()
    Kpi.objects.filter(pk=one.pk).update(status="rejected")
    html = client.post(step_url(complete_tree, "submit"), follow=True).content.decode()
    assert "The plan is submitted again. 1 rejected KPI is proposed again." in html


def test_htmx_submit_redirects_client_side(client, members, complete_tree):
    client.force_login(members["facilitator"])
    response = client.post(step_url(complete_tree, "submit"), headers=HX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == step_url(complete_tree, "submit")


def test_plan_submit_refuses_an_incomplete_plan(complete_tree):
    from django.core.exceptions import ValidationError

    Kpi.objects.update(owner=None)
    with pytest.raises(ValidationError):
        plan_submit(strategy=complete_tree, user=UserFactory())
    assert not Kpi.objects.filter(status="proposed").exists()
