"""Issue 21: a statement that says another target or deadline than the KPI's fields is
listed by the health check on the review page, translated, linking to the KPI."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import CsfFactory, GoalFactory, KpiFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def disagreeing(strategy):
    goal = GoalFactory(strategy=strategy, title="Snelle hulp")
    csf = CsfFactory(goal=goal, title="Storingen snel weg")
    return KpiFactory(
        csf=csf,
        name="Hersteltijd",
        statement="De gemiddelde hersteltijd daalt van 14 naar 10 uur vóór eind Q1 2027.",
        target_value=Decimal("9"),
        target_date=datetime.date(2027, 6, 30),
    )


def test_review_page_lists_the_disagreement_in_dutch(client, members, strategy, disagreeing):
    client.force_login(members["participant"])
    response = client.get(reverse("reviews:strategy_review", args=[strategy.pk]))
    html = response.content.decode()
    codes = [f.code for f in response.context["tree"].findings]
    assert "statement_disagrees" in codes
    assert "De zin en de velden van KPI \u201cHersteltijd\u201d zeggen iets anders." in html
    assert "maar bij de streefwaarde staat 9 uur" in html
    assert f'href="#kpi-{disagreeing.pk}"' in html


def test_review_page_lists_the_disagreement_in_english(client, members, strategy, disagreeing):
    client.force_login(members["participant"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("reviews:strategy_review", args=[strategy.pk]))
    html = response.content.decode()
    assert "The statement of KPI \u201cHersteltijd\u201d and its fields disagree." in html
    assert "but the target date field says 2027-06-30" in html


def test_agreeing_kpis_raise_no_disagreement(client, members, strategy):
    KpiFactory(csf=CsfFactory(goal=GoalFactory(strategy=strategy)))
    client.force_login(members["participant"])
    response = client.get(reverse("reviews:strategy_review", args=[strategy.pk]))
    assert "statement_disagrees" not in [f.code for f in response.context["tree"].findings]
