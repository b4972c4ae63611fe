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


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_english_notation_on_a_dutch_page_is_refused_and_kept(client, members, strategy, csf, htmx):
    client.force_login(members["facilitator"])
    data = kpi_data(csf, members["manager"], baseline_value="1,250.5")
    response = client.post(kpis_url(strategy), data, headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Schrijf het getal op zijn Nederlands, bijvoorbeeld 1.250,5" in html
    assert 'value="1,250.5"' in html  # the typed text stays, to be corrected
    assert not Kpi.objects.exists()


def test_dutch_notation_on_an_english_page_is_refused(client, members, strategy, csf):
    client.force_login(members["facilitator"])
    client.cookies["django_language"] = "en"
    data = kpi_data(csf, members["manager"], baseline_value="1.250,5", target_value="12,5")
    html = client.post(kpis_url(strategy), data).content.decode()
    assert html.count("Write the number the English way, for example 1,250.5") == 2
    assert not Kpi.objects.exists()


def test_the_review_cards_fix_form_refuses_the_other_notation(client, members, strategy, csf):
    kpi = KpiFactory(csf=csf, status="rejected", target_value=Decimal("10"))
    client.force_login(members["facilitator"])
    url = reverse("reviews:kpi_fix", args=[kpi.pk])
    data = {"name": kpi.name, "statement": kpi.statement, "target_value": "1,250.5"}
    html = client.post(url, data | {"version": kpi.version}).content.decode()
    assert "Schrijf het getal op zijn Nederlands" in html
    kpi.refresh_from_db()
    assert kpi.target_value == Decimal("10")


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


# --- thresholds and milestones ------------------------------------------------------------


def days(n: int) -> str:
    import datetime

    from django.utils import timezone

    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def milestone_data(*rows, initial: int = 0, ids=()):
    """The milestones' management form and rows: (date, value[, delete])."""
    data = {
        "milestones-TOTAL_FORMS": str(len(rows)),
        "milestones-INITIAL_FORMS": str(initial),
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "12",
    }
    for index, row in enumerate(rows):
        data[f"milestones-{index}-due_date"] = row[0]
        data[f"milestones-{index}-value"] = row[1]
        if len(row) > 2 and row[2]:
            data[f"milestones-{index}-DELETE"] = "on"
        if index < len(ids):
            data[f"milestones-{index}-id"] = str(ids[index])
    return data


def dated_kpi_data(csf, owner, **overrides):
    base = {"baseline_value": "14", "baseline_date": days(-30), "target_date": days(400)}
    return kpi_data(csf, owner, **base) | overrides


def test_thresholds_and_milestones_are_saved_with_dutch_decimal_commas(
    client, members, strategy, csf
):
    client.force_login(members["facilitator"])
    data = dated_kpi_data(
        csf, members["manager"], on_track_threshold="11,5", off_track_threshold="12,75"
    ) | milestone_data((days(120), "12,5"), (days(240), "11,25"))
    response = client.post(kpis_url(strategy), data)
    assert response.status_code == 302
    kpi = Kpi.objects.get()
    assert (kpi.on_track_threshold, kpi.off_track_threshold) == (
        Decimal("11.5"),
        Decimal("12.75"),
    )
    assert [m.value for m in kpi.milestones.all()] == [Decimal("12.5"), Decimal("11.25")]


def test_english_notation_for_thresholds_in_english(client, members, strategy, csf):
    client.force_login(members["facilitator"])
    client.cookies["django_language"] = "en"
    data = dated_kpi_data(
        csf, members["manager"], on_track_threshold="1,011.5", off_track_threshold="1,200"
    )
    assert client.post(kpis_url(strategy), data).status_code == 302
    assert Kpi.objects.get().on_track_threshold == Decimal("1011.5")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"on_track_threshold": "12", "off_track_threshold": "11"}, "op of boven"),
        (
            {"direction": "higher", "target_value": "20", "on_track_threshold": "15"}
            | {"off_track_threshold": "17"},
            "op of onder",
        ),
        ({"direction": "range", "on_track_threshold": "12"}, "gelden niet bij"),
        ({"on_track_threshold": "twaalf"}, "Vul een getal in"),
        ({"off_track_threshold": "1" * 30}, "cijfers"),
    ],
)
def test_thresholds_against_the_direction_are_refused_never_a_500(
    client, members, strategy, csf, overrides, message
):
    client.force_login(members["facilitator"])
    data = dated_kpi_data(csf, members["manager"], **overrides)
    response = client.post(kpis_url(strategy), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and "Ticketsysteem" in html
    assert not Kpi.objects.exists()


def test_changing_the_direction_of_a_kpi_with_thresholds_is_a_form_error(
    client, members, strategy, csf
):
    kpi = KpiFactory(
        csf=csf, owner=members["manager"], on_track_threshold=11, off_track_threshold=12
    )
    client.force_login(members["facilitator"])
    url = reverse("planning:item_edit", args=["kpi", kpi.pk])
    data = dated_kpi_data(
        csf,
        members["manager"],
        direction="higher",
        on_track_threshold="11",
        off_track_threshold="12",
        version=kpi.version,
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "op of onder" in response.content.decode()
    kpi.refresh_from_db()
    assert kpi.direction == "lower"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (((days(100), "12"), (days(100), "11")), "eigen datum"),
        (((days(-60), "13"),), "na de datum van de nulmeting"),
        (((days(500), "11"),), "na de datum van de nulmeting"),
        (((days(-10), "13"),), "in het verleden"),
        (((days(100), "11"), (days(200), "12")), "Lager is beter"),
        (((days(100), "9"),), "Lager is beter"),
        (((days(100), "elf"),), "Vul een getal in"),
        (((days(100), ""),), "Dit veld is verplicht"),
        (((f"{days(100)}x", "11"),), "geldige datum"),
    ],
)
def test_bad_milestones_are_refused_and_the_input_kept(
    client, members, strategy, csf, rows, message
):
    client.force_login(members["facilitator"])
    data = dated_kpi_data(csf, members["manager"]) | milestone_data(*rows)
    response = client.post(kpis_url(strategy), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert rows[0][1] in html or rows[0][1] == ""
    assert not Kpi.objects.exists()


def test_higher_is_better_milestones_must_rise(client, members, strategy, csf):
    client.force_login(members["facilitator"])
    data = dated_kpi_data(
        csf, members["manager"], direction="higher", baseline_value="60", target_value="80"
    )
    rising = data | milestone_data((days(100), "65"), (days(200), "70"))
    assert client.post(kpis_url(strategy), rising).status_code == 302
    Kpi.objects.all().delete()
    falling = data | milestone_data((days(100), "70"), (days(200), "65"))
    html = client.post(kpis_url(strategy), falling).content.decode()
    assert "Hoger is beter" in html


def test_too_many_milestones_are_refused(client, members, strategy, csf):
    client.force_login(members["facilitator"])
    rows = [(days(10 + i), "13") for i in range(13)]
    data = dated_kpi_data(csf, members["manager"]) | milestone_data(*rows)
    html = client.post(kpis_url(strategy), data).content.decode()
    assert "hoogstens 12 mijlpalen" in html
    assert not Kpi.objects.exists()


def test_editing_removes_changes_and_adds_milestones(client, members, strategy, csf):
    from indicators.models import KpiMilestone

    kpi = KpiFactory(csf=csf, owner=members["manager"], baseline_date=None, target_date=None)
    first = KpiMilestone.objects.create(kpi=kpi, due_date=days(50), value=13)
    second = KpiMilestone.objects.create(kpi=kpi, due_date=days(100), value=12)
    client.force_login(members["facilitator"])
    url = reverse("planning:item_edit", args=["kpi", kpi.pk])
    page = client.get(url).content.decode()
    assert 'name="milestones-0-DELETE"' in page and 'value="13"' in page
    data = kpi_data(csf, members["manager"], baseline_value="14", version=kpi.version)
    data |= milestone_data(
        (days(50), "13", True),
        (days(100), "12,5"),
        (days(150), "11"),
        initial=2,
        ids=[first.pk, second.pk],
    )
    assert client.post(url, data).status_code == 302
    assert [(m.pk, m.value) for m in kpi.milestones.all()][:1] == [(second.pk, Decimal("12.5"))]
    assert kpi.milestones.count() == 2


def test_another_milestone_without_js_adds_a_row_and_keeps_the_input(
    client, members, strategy, csf
):
    client.force_login(members["facilitator"])
    data = dated_kpi_data(csf, members["manager"], name="Niet kwijtraken") | milestone_data(
        (days(100), "12,5")
    )
    data["action"] = "add_milestone"
    response = client.post(kpis_url(strategy), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="milestones-1-due_date"' in html and "12,5" in html
    assert "Niet kwijtraken" in html
    assert not Kpi.objects.exists()


def test_a_post_without_the_milestones_leaves_them_alone(client, members, strategy, csf):
    from indicators.models import KpiMilestone

    kpi = KpiFactory(csf=csf, owner=members["manager"])
    KpiMilestone.objects.create(kpi=kpi, due_date=days(50), value=13)
    client.force_login(members["facilitator"])
    url = reverse("planning:item_edit", args=["kpi", kpi.pk])
    data = kpi_data(csf, members["manager"], name="Nieuw", version=kpi.version)
    assert client.post(url, data).status_code == 302
    assert kpi.milestones.count() == 1


def test_a_conflicting_save_keeps_the_milestones_unsaved(client, members, strategy, csf):
    kpi = KpiFactory(csf=csf, owner=members["manager"], baseline_date=None, target_date=None)
    Kpi.objects.filter(pk=kpi.pk).update(version=5)
    client.force_login(members["facilitator"])
    url = reverse("planning:item_edit", args=["kpi", kpi.pk])
    data = kpi_data(csf, members["manager"], baseline_value="14", version=1)
    data |= milestone_data((days(100), "12,25"))
    html = client.post(url, data).content.decode()
    assert "Iemand anders" in html and "12,25" in html
    assert not kpi.milestones.exists()


@pytest.mark.parametrize("count", [1, 8])
def test_kpi_edit_page_queries_do_not_grow_with_the_milestones(
    client, members, strategy, csf, django_assert_num_queries, count
):
    from indicators.models import KpiMilestone

    kpi = KpiFactory(csf=csf, owner=members["manager"])
    for index in range(count):
        KpiMilestone.objects.create(kpi=kpi, due_date=days(10 + index), value=13)
    client.force_login(members["facilitator"])
    url = reverse("planning:item_edit", args=["kpi", kpi.pk])
    # session, user, memberships, KPI, strategy+plan, goals, CSFs, KPIs+owners, CSF choices,
    # owner choices, library, deletions, milestones
    with django_assert_num_queries(15):  # with the header's count of what waits
        html = client.get(url).content.decode()
    assert html.count("-due_date") >= count


@pytest.mark.parametrize(
    ("language", "typed", "stored"),
    [
        ("nl", "1.250", "1250"),
        ("nl", "12.500.000", "12500000"),
        ("nl", "1.5", "1.5"),
        ("nl", "-1.250,75", "-1250.75"),
        ("en", "1,250", "1250"),
        ("en", "1,250.5", "1250.5"),
    ],
)
def test_thousands_separators_without_decimals_are_read_as_the_user_means(
    client, members, strategy, csf, language, typed, stored
):
    client.force_login(members["facilitator"])
    client.cookies["django_language"] = language
    data = kpi_data(csf, members["manager"], baseline_value=typed, direction="range")
    assert client.post(kpis_url(strategy), data).status_code == 302
    assert Kpi.objects.get().baseline_value == Decimal(stored)


def test_the_weight_is_set_in_the_kpi_form_with_its_help_text(client, members, strategy, csf):
    client.force_login(members["facilitator"])
    page = client.get(kpis_url(strategy)).content.decode()
    assert 'name="weight"' in page
    assert "2 telt dubbel" in page
    assert (
        client.post(kpis_url(strategy), kpi_data(csf, members["manager"], weight="3")).status_code
        == 302
    )
    assert Kpi.objects.get().weight == 3


@pytest.mark.parametrize("weight", ["101", "-1", "zwaar"])
def test_a_bad_weight_is_refused(client, members, strategy, csf, weight):
    client.force_login(members["facilitator"])
    response = client.post(kpis_url(strategy), kpi_data(csf, members["manager"], weight=weight))
    assert response.status_code == 200
    assert not Kpi.objects.exists()
    assert f'value="{weight}"' in response.content.decode()


def test_a_post_without_the_weight_keeps_the_kpis_weight(client, members, strategy, csf):
    kpi = KpiFactory(csf=csf, owner=members["manager"], weight=4)
    client.force_login(members["facilitator"])
    url = reverse("planning:item_edit", args=["kpi", kpi.pk])
    assert (
        client.post(url, kpi_data(csf, members["manager"], version=kpi.version)).status_code == 302
    )
    kpi.refresh_from_db()
    assert kpi.weight == 4


def test_a_nul_in_the_library_search_separates_words(db):
    """PostgreSQL refuses a NUL in a query's text: the search never sends one."""
    from indicators.models import KpiTemplate

    assert list(KpiTemplate.objects.search("klant\x00verloop")) == list(
        KpiTemplate.objects.search("klant verloop")
    )
