"""The KPI step of the wizard: Dutch numbers, dates, foreign ids, long text, apply, conflicts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Kpi
from tests.factories import CsfFactory, GoalFactory, KpiFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def csf(strategy):
    return CsfFactory(goal=GoalFactory(strategy=strategy), title="Snel oplossen")


def kpis_url(strategy):
    return reverse("planning:step", args=[strategy.pk, "kpis"])


def kpi_data(csf, owner, **overrides):
    data = {
        "csf": csf.pk,
        "name": "Oplostijd",
        "statement": "Gemiddelde oplostijd van 14 naar 10 uur vóór eind 2028",
        "unit": "hours",
        "direction": "lower",
        "baseline_value": "1.250,5",
        "target_value": "10",
        "frequency": "monthly",
        "data_source": "Ticketsysteem",
        "owner": owner.pk,
        "indicator_type": "lagging",
    }
    return data | overrides


def test_dutch_thousands_and_decimal_comma_are_stored_exactly(client, members, strategy, csf):
    client.force_login(members["facilitator"])
    response = client.post(kpis_url(strategy), kpi_data(csf, members["manager"]))
    assert response.status_code == 302
    kpi = Kpi.objects.get()
    assert kpi.baseline_value == Decimal("1250.5")
    assert kpi.owner == members["manager"]


def test_english_notation_in_english(client, members, strategy, csf):
    client.force_login(members["facilitator"])
    client.cookies["django_language"] = "en"
    data = kpi_data(csf, members["manager"], baseline_value="1,250.5")
    assert client.post(kpis_url(strategy), data).status_code == 302
    assert Kpi.objects.get().baseline_value == Decimal("1250.5")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"target_date": "2001-01-01"}, "in het verleden"),
        ({"baseline_date": "2030-06-01", "target_date": "2029-01-01"}, "na de datum"),
        ({"baseline_value": "veertien"}, "Vul een getal in"),
        ({"target_max": "12"}, "alleen als de richting"),
        ({"statement": "x" * 100_000}, "niet meer dan 1000 tekens"),
        ({"name": ""}, "Dit veld is verplicht"),
    ],
)
def test_bad_kpi_input_is_refused_and_the_input_kept(
    client, members, strategy, csf, overrides, message
):
    client.force_login(members["facilitator"])
    response = client.post(kpis_url(strategy), kpi_data(csf, members["manager"], **overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Ticketsysteem" in html
    assert not Kpi.objects.exists()


def test_foreign_csf_owner_and_template_ids_are_form_errors(client, members, strategy, csf):
    client.force_login(members["facilitator"])
    foreign_csf = CsfFactory()
    stranger = UserFactory()
    data = kpi_data(csf, stranger, template="999999") | {"csf": foreign_csf.pk}
    html = client.post(kpis_url(strategy), data).content.decode()
    assert "Kies een van de kritieke succesfactoren" in html
    assert "Kies een lid van deze organisatie" in html
    assert "staat niet in de bibliotheek" in html
    assert not Kpi.objects.exists()


def test_apply_fills_the_structured_fields_without_saving(client, members, strategy, csf):
    client.force_login(members["facilitator"])
    data = kpi_data(csf, members["manager"], baseline_value="", target_value="", unit="")
    data["action"] = "apply"
    response = client.post(kpis_url(strategy), data)
    form = response.context["form"]
    assert form.data["target_value"] == "10"
    assert form.data["unit"] == "hours"
    assert form.data["target_date"] == "2028-12-31"
    assert not Kpi.objects.exists()


def test_check_shows_feedback_without_saving(client, members, strategy, csf):
    client.force_login(members["facilitator"])
    data = kpi_data(csf, members["manager"], action="check")
    html = client.post(kpis_url(strategy), data).content.decode()
    assert 'data-smart-criterion="S"' in html
    assert not Kpi.objects.exists()


def test_library_template_prefills_a_new_kpi(client, members, strategy, csf):
    client.force_login(members["facilitator"])
    response = client.get(kpis_url(strategy) + "?template=1")
    assert response.context["form"].initial["template"] == 1
    response = client.get(kpis_url(strategy) + "?template=abc")
    assert response.status_code == 200


def test_library_search_filters_by_words_and_area(client, members, strategy, csf):
    client.force_login(members["facilitator"])
    url = reverse("planning:library", args=[strategy.pk])
    html = client.get(url, {"q": "verzuim"}, headers={"HX-Request": "true"}).content.decode()
    assert "Verzuimpercentage" in html and "<html" not in html
    html = client.get(url, {"q": "verzuim", "area": "finance"}, headers={"HX-Request": "true"})
    assert "Verzuimpercentage" not in html.content.decode()
    assert client.get(url, {"q": "verzuim"}).status_code == 302


def test_second_save_of_the_same_kpi_is_refused_and_keeps_the_text(client, members, strategy, csf):
    kpi = KpiFactory(csf=csf, owner=members["manager"])
    url = reverse("planning:item_edit", args=["kpi", kpi.pk])
    client.force_login(members["facilitator"])
    assert client.get(url).status_code == 200
    first = kpi_data(csf, members["manager"], name="Versie A", version=kpi.version)
    assert client.post(url, first).status_code == 302
    second = kpi_data(csf, members["manager"], name="Versie B", version=kpi.version)
    html = client.post(url, second).content.decode()
    assert "Iemand anders heeft dit onderdeel opgeslagen" in html
    assert "Versie B" in html
    kpi.refresh_from_db()
    assert kpi.name == "Versie A"


def test_edit_keeps_a_past_target_date_that_was_already_there(client, members, strategy, csf):
    import datetime

    kpi = KpiFactory(csf=csf, owner=members["manager"], baseline_date=None)
    Kpi.objects.filter(pk=kpi.pk).update(target_date=datetime.date(2020, 1, 1))
    url = reverse("planning:item_edit", args=["kpi", kpi.pk])
    client.force_login(members["facilitator"])
    data = kpi_data(csf, members["manager"], target_date="2020-01-01", version=kpi.version)
    assert client.post(url, data).status_code == 302
