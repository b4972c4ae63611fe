"""Entering values on "My KPIs" and the KPI page: who may, what they see, bad input, queries."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from indicators import measurements, tracking
from indicators.models import KpiStatus, Measurement
from kpiplanner.accounts.models import Role
from tests.conftest import ROLES
from tests.factories import CsfFactory, GoalFactory, KpiFactory, MeasurementFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def month(back: int = 1) -> datetime.date:
    """The first day of the month `back` months before this one."""
    day = tracking.period_start(timezone.localdate(), "monthly")
    for _ in range(back):
        day = tracking.period_start(day - datetime.timedelta(days=1), "monthly")
    return day


@pytest.fixture
def owned(kpi, members):
    """The shared KPI, owned by the participant, approved, measured monthly since a while."""
    kpi.owner = members["participant"]
    kpi.status = KpiStatus.APPROVED
    kpi.baseline_date = month(4)
    kpi.target_date = timezone.localdate() + datetime.timedelta(days=200)
    kpi.save()
    return kpi


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def enter(client, kpi, *, htmx=False, **data):
    data.setdefault("from", "my-kpis")
    return client.post(reverse("kpis:enter", args=[kpi.pk]), data, **(HTMX if htmx else {}))


# My KPIs


def test_my_kpis_lists_the_owners_kpis_with_overdue_and_running_periods(owned, members):
    response = client_for(members["participant"]).get(reverse("kpis:mine"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-kpi-id="{owned.pk}"' in html
    assert f'data-open-period="{month(1):%Y-%m-%d}"' in html
    assert f'data-open-period="{month(0):%Y-%m-%d}" data-open-kind="open"' in html
    assert 'data-open-kind="overdue"' in html
    assert "te laat" in html  # Dutch by default
    assert "{#" not in html and "{%" not in html  # no template syntax shown as text


def test_my_kpis_shows_only_my_own_tracked_kpis_approved_first(owned, members, strategy):
    csf = owned.csf
    draft = KpiFactory(csf=csf, owner=members["participant"], name="Concept-KPI", order=0)
    KpiFactory(csf=csf, owner=members["participant"], name="Afgekeurd", status="rejected")
    KpiFactory(csf=csf, owner=members["viewer"], name="Van een ander")
    owned.order = 5
    owned.save()
    html = client_for(members["participant"]).get(reverse("kpis:mine")).content.decode()
    assert "Afgekeurd" not in html and "Van een ander" not in html
    assert html.index(owned.name) < html.index(draft.name)


def test_my_kpis_with_nothing_owned_says_so(members, owned):
    html = client_for(members["viewer"]).get(reverse("kpis:mine")).content.decode()
    assert "Je bent nog van geen enkele KPI eigenaar." in html
    # Only that: no "nothing is due" line above it as if there were KPIs to look after.
    assert 'id="to-enter"' not in html


def test_another_organisations_kpis_are_not_listed(owned, outsider):
    owned.owner = outsider  # an owner who is not a member of the KPI's organisation
    owned.save()
    html = client_for(outsider).get(reverse("kpis:mine")).content.decode()
    assert owned.name not in html


@pytest.mark.parametrize("htmx", [False, True])
def test_the_owner_enters_a_value_on_my_kpis(owned, members, htmx):
    response = enter(
        client_for(members["participant"]),
        owned,
        htmx=htmx,
        value="12,5",
        period=month(1).isoformat(),
    )
    stored = Measurement.objects.get(kpi=owned)
    assert (stored.period, stored.value, stored.entered_by) == (
        month(1),
        Decimal("12.5"),
        members["participant"],
    )
    if htmx:
        assert response.status_code == 200
        html = response.content.decode()
        assert f'id="kpi-row-{owned.pk}"' in html
        assert "Opgeslagen: 12,5" in html
        assert 'hx-swap-oob="true"' in html  # the counts at the top follow
        assert "<html" not in html
    else:
        assert response.status_code == 302
        assert response.url == f"{reverse('kpis:mine')}#kpi-row-{owned.pk}"


def test_a_date_names_the_period_it_falls_in(owned, members):
    day = month(2) + datetime.timedelta(days=14)
    enter(client_for(members["participant"]), owned, value="13", period="", period_date=day)
    assert Measurement.objects.get(kpi=owned).period == month(2)


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    ("lang", "typed", "message"),
    [
        ("nl", "1,250.5", "bijvoorbeeld 1.250,5"),
        ("en", "1.250,5", "for example 1,250.5"),
        ("nl", "twaalf", "Vul een getal in"),
        ("nl", "", "Dit veld is verplicht."),
    ],
)
def test_a_bad_number_is_refused_with_the_typed_text_kept(
    owned, members, htmx, lang, typed, message
):
    client = client_for(members["participant"])
    client.cookies["django_language"] = lang
    response = enter(
        client, owned, htmx=htmx, value=typed, period=month(1).isoformat(), note="Mijn notitie"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'value="{typed}"' in html
    assert "Mijn notitie" in html
    assert not Measurement.objects.exists()


def test_an_off_track_value_without_a_note_is_refused_on_the_note_field(owned, members):
    response = enter(
        client_for(members["participant"]),
        owned,
        htmx=True,
        value="30",
        period=month(1).isoformat(),
    )
    html = response.content.decode()
    assert "schrijf er een toelichting bij" in html
    assert f'id="id_{owned.pk}_note-error"' in html
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"period": ""}, "Kies de periode"),
        ({"period": "2020-13-01"}, "Kies een van de genoemde periodes"),
        ({"period": "", "period_date": "2099-01-15"}, "is nog niet begonnen"),
        ({"period": "", "period_date": "gisteren"}, "Voer een geldige datum in."),
    ],
)
def test_a_bad_period_is_refused(owned, members, data, message):
    response = enter(client_for(members["participant"]), owned, value="12", **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Measurement.objects.exists()


def test_a_correction_says_whose_value_it_replaces_before_it_saves(owned, members):
    measurements.record(
        owned, period=month(1), value=Decimal(13), note="Storing", user=members["facilitator"]
    )
    client = client_for(members["participant"])
    first = enter(client, owned, value="12", period="", period_date=month(1).isoformat())
    html = first.content.decode()
    assert "vervang je 13\u00a0uur, ingevoerd door" in html
    assert members["facilitator"].get_full_name() in html
    assert Measurement.objects.get(kpi=owned).value == Decimal(13)  # not yet
    stored = Measurement.objects.get(kpi=owned)
    second = enter(
        client,
        owned,
        htmx=True,
        value="12",
        period="",
        period_date=month(1).isoformat(),
        replaces=f"{stored.pk}:{stored.version}",
    )
    assert "Gecorrigeerd: 12\u00a0uur voor" in second.content.decode()
    assert "was 13\u00a0uur" in second.content.decode()
    stored.refresh_from_db()
    assert stored.value == Decimal(12)
    assert Measurement.history.filter(id=stored.pk).count() == 2


def test_the_correction_notice_is_shown_while_choosing_the_period(owned, members):
    measurements.record(
        owned, period=month(1), value=Decimal(13), note="Storing", user=members["facilitator"]
    )
    client = client_for(members["participant"])
    url = reverse("kpis:correction_notice", args=[owned.pk])
    with_value = client.get(
        url, {"period_date": (month(1) + datetime.timedelta(days=3)).isoformat()}, **HTMX
    )
    assert "vervang je 13\u00a0uur" in with_value.content.decode()
    assert 'name="replaces"' in with_value.content.decode()
    without = client.get(url, {"period": month(2).isoformat()}, **HTMX)
    assert 'name="replaces"' not in without.content.decode()
    garbage = client.get(url, {"period": "no-date"}, **HTMX)
    assert garbage.status_code == 200


# Who may enter, who reads


@pytest.mark.parametrize("role", ROLES)
def test_entry_permission_matrix(owned, members, role):
    owned.owner = None
    owned.save()
    response = enter(client_for(members[role]), owned, value="12", period=month(1).isoformat())
    may = role in (Role.ADMIN, Role.FACILITATOR)
    assert response.status_code == (302 if may else 403)
    assert Measurement.objects.exists() == may


@pytest.mark.parametrize("role", [Role.MANAGER, Role.VIEWER, Role.PARTICIPANT])
def test_an_owner_enters_whatever_their_role(owned, members, role):
    owned.owner = members[role]
    owned.save()
    response = enter(client_for(members[role]), owned, value="12", period=month(1).isoformat())
    assert response.status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_everyone_in_the_organisation_reads_the_kpi_page(owned, members, role):
    response = client_for(members[role]).get(reverse("kpis:detail", args=[owned.pk]))
    assert response.status_code == 200
    has_form = f'data-entry-form="{owned.pk}"' in response.content.decode()
    assert has_form == (role in (Role.ADMIN, Role.FACILITATOR, Role.PARTICIPANT))  # owner
    # The review card refuses a viewer (403), so their KPI page does not link to it.
    card = reverse("reviews:kpi_card", args=[owned.pk])
    assert (card in response.content.decode()) == (role != Role.VIEWER)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("kpis:detail", True),
        ("kpis:enter", True),
        ("kpis:correction_notice", True),
        ("kpis:mine", False),
    ],
)
def test_anonymous_is_sent_to_login(owned, name, args):
    url = reverse(name, args=[owned.pk] if args else [])
    response = Client().post(url) if name == "kpis:enter" else Client().get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_another_organisation_gets_404(owned, outsider):
    client = client_for(outsider)
    assert client.get(reverse("kpis:detail", args=[owned.pk])).status_code == 404
    assert enter(client, owned, value="1", period=month(1).isoformat()).status_code == 404
    url = reverse("kpis:correction_notice", args=[owned.pk])
    assert client.get(url, {"period": month(1).isoformat()}).status_code == 404
    assert not Measurement.objects.exists()


def test_a_workshop_guest_gets_404(owned, members):
    from kpiplanner.workshops.models import RoundKind
    from kpiplanner.workshops.services import RoundPlan, workshop_create
    from tests.workshops.conftest import join_as_guest

    workshop = workshop_create(
        strategy=owned.csf.goal.strategy,
        by=members["facilitator"],
        title="Sessie",
        rounds=[RoundPlan(RoundKind.GOALS)],
        dots_per_person=3,
        max_per_item=2,
    )
    guest, _participant = join_as_guest(workshop)
    assert guest.get(reverse("kpis:mine")).status_code == 404
    assert guest.get(reverse("kpis:detail", args=[owned.pk])).status_code == 404
    assert enter(guest, owned, value="1", period=month(1).isoformat()).status_code == 404


def test_a_retired_kpi_takes_no_value(owned, members):
    owned.status = KpiStatus.RETIRED
    owned.save()
    response = enter(
        client_for(members["facilitator"]), owned, value="12", period=month(1).isoformat()
    )
    assert "neemt geen waarden meer aan" in response.content.decode()
    assert not Measurement.objects.exists()


# The KPI page


def test_the_kpi_page_shows_values_notes_corrections_chart_and_course(owned, members):
    measurements.record(
        owned, period=month(2), value=Decimal(13), note="Start", user=members["facilitator"]
    )
    measurements.record(
        owned, period=month(2), value=Decimal("12.5"), note="Telfout", user=members["admin"]
    )
    html = (
        client_for(members["viewer"]).get(reverse("kpis:detail", args=[owned.pk])).content.decode()
    )
    assert "progress-chart-svg" in html
    assert "Telfout" in html
    assert "1 correctie" in html
    assert "gecorrigeerd naar" in html
    assert "Geplande koers" in html
    assert "data-kpi-weight>1<" in html


def test_the_correct_link_opens_the_form_on_that_period_with_the_notice(owned, members):
    measurements.record(
        owned, period=month(2), value=Decimal(13), note="Storing", user=members["facilitator"]
    )
    url = reverse("kpis:detail", args=[owned.pk])
    html = (
        client_for(members["facilitator"])
        .get(url, {"period": month(2).isoformat()})
        .content.decode()
    )
    assert f'data-correction="{month(2):%Y-%m-%d}"' in html
    assert f'value="{month(2):%Y-%m-%d}"' in html


@pytest.mark.parametrize("htmx", [False, True])
def test_entering_on_the_kpi_page_returns_to_it(owned, members, htmx):
    response = enter(
        client_for(members["facilitator"]),
        owned,
        htmx=htmx,
        value="12",
        period=month(1).isoformat(),
        **{"from": "kpi"},
    )
    if htmx:
        html = response.content.decode()
        assert 'id="kpi-live"' in html and "<html" not in html
        assert "Opgeslagen: 12\u00a0uur" in html
    else:
        assert response.url == reverse("kpis:detail", args=[owned.pk])


# Queries do not grow with the data


def _grow(strategy, owner, kpis: int, values: int):
    goal = GoalFactory(strategy=strategy)
    for _ in range(kpis):
        kpi = KpiFactory(
            csf=CsfFactory(goal=goal),
            owner=owner,
            status="approved",
            baseline_date=month(values + 1),
        )
        for back in range(1, values + 1):
            MeasurementFactory(kpi=kpi, period=month(back), value=Decimal(12))


def test_my_kpis_queries_do_not_grow(members, strategy, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(members["participant"])
    counts = []
    for kpis, values in ((2, 2), (8, 6)):
        _grow(strategy, members["participant"], kpis, values)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("kpis:mine")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_kpi_page_queries_do_not_grow(owned, members):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(members["viewer"])
    url = reverse("kpis:detail", args=[owned.pk])
    counts = []
    for values in (1, 4):
        for back in range(1, values + 1):
            measurements.record(
                owned, period=month(back), value=Decimal(12), note="x", user=members["admin"]
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_strategy_page_links_each_kpi_to_its_page_and_shows_a_weight_that_is_not_1(
    owned, members, strategy
):
    owned.weight = 3
    owned.save()
    html = client_for(members["viewer"]).get(strategy.get_absolute_url()).content.decode()
    assert f'href="{reverse("kpis:detail", args=[owned.pk])}"' in html
    assert "data-kpi-weight>3<" in html
    assert "gewogen gemiddelde" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"value": "1" * 30}, "niet meer dan 16 cijfers"),
        ({"value": "12", "note": "x" * 100_000}, "niet meer dan 2000 tekens"),
        ({"value": "12", "note": "nul\x00byte"}, "Null-tekens zijn niet toegestaan"),
        ({"value": "NaN"}, "Vul een getal in"),
        ({"value": "12", "replaces": "x" * 500}, "heeft al een waarde"),
    ],
)
def test_odd_input_gets_a_message_never_a_500(owned, members, data, message):
    if "replaces" in data:
        measurements.record(owned, period=month(1), value=Decimal(13), note="x", user=None)
    response = enter(client_for(members["participant"]), owned, period=month(1).isoformat(), **data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_facilitator_entering_for_someone_elses_kpi_sees_the_error_on_my_kpis(owned, members):
    response = enter(
        client_for(members["facilitator"]), owned, value="1,250.5", period=month(1).isoformat()
    )
    html = response.content.decode()
    assert f'id="kpi-row-{owned.pk}"' in html
    assert "bijvoorbeeld 1.250,5" in html


@pytest.mark.parametrize("name", ["kpis:mine", "kpis:detail"])
def test_the_note_of_a_value_is_called_toelichting_as_in_the_import(owned, members, name):
    """One word for a value's note: the entry form, the KPI page's table, the import's column
    and the off-track message all say "toelichting"."""
    args = [owned.pk] if name == "kpis:detail" else []
    html = client_for(members["participant"]).get(reverse(name, args=args)).content.decode()
    assert "Toelichting" in html
    assert "Opmerking" not in html


def test_with_nothing_to_enter_the_owner_reads_it_in_plain_dutch(owned, members, monkeypatch):
    from indicators.due import ToEnter

    monkeypatch.setattr("indicators.views.count_to_enter", lambda kpis, day: ToEnter(0, 0))
    html = client_for(members["participant"]).get(reverse("kpis:mine")).content.decode()
    assert "Je hoeft nu niets in te vullen en er is niets te laat." in html
    assert "met de periodes die nog een waarde nodig" in html  # "periodes", as on the import


def test_my_kpis_shows_the_notation_of_the_page_in_each_language(owned, members):
    client = client_for(members["participant"])
    assert "zoals je gewend bent (1.250,5)" in client.get(reverse("kpis:mine")).content.decode()
    client.cookies["django_language"] = "en"
    assert "as you are used to (1,250.5)" in client.get(reverse("kpis:mine")).content.decode()
