"""The values import pages: who may use them, plain and htmx, bad files, preview and confirm."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Measurement
from kpiplanner.interchange.models import MeasurementUpload
from tests.conftest import ROLES
from tests.factories import MeasurementFactory

from .measurement_helpers import csv_bytes, make_kpis, month, this_quarter, xlsx_bytes

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
EDITORS = {"admin", "facilitator"}


@pytest.fixture
def kpis(strategy):
    return make_kpis(strategy)


def page(strategy):
    return reverse("interchange:measurements_import", args=[strategy.pk])


def confirm_url(strategy):
    return reverse("interchange:measurements_confirm", args=[strategy.pk])


def template_url(strategy, extension="csv"):
    return reverse("interchange:measurements_template", args=[strategy.pk, extension])


def sheet(raw: bytes, name="waarden.csv"):
    return SimpleUploadedFile(name, raw, content_type="text/csv")


def good_rows(kpis):
    return [
        ["KPI", "Periode", "Waarde", "Toelichting"],
        [kpis["time"].pk, month(2).isoformat(), "12,5", ""],
        [kpis["time"].pk, month(3).isoformat(), "13", "Griepgolf"],
    ]


def bad_rows(kpis):
    return [
        ["KPI", "Periode", "Waarde", "Toelichting"],
        [kpis["time"].pk, month(2).isoformat(), "1,250.5", ""],
        ["Onbekend", month(2).isoformat(), "12", ""],
        [kpis["time"].pk, "2099-01-01", "12", ""],
    ]


def upload(client, strategy, raw, name="waarden.csv", **extra):
    return client.post(page(strategy), {"file": sheet(raw, name)}, **extra)


# --- who may --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_editors_may_import_and_other_roles_get_403(client, members, strategy, kpis, role):
    client.force_login(members[role])
    expected = 200 if role in EDITORS else 403
    assert client.get(page(strategy)).status_code == expected
    assert client.get(page(strategy), **HTMX).status_code == expected
    assert client.get(template_url(strategy)).status_code == expected
    assert upload(client, strategy, csv_bytes(good_rows(kpis))).status_code in (
        {302} if role in EDITORS else {403}
    )
    assert client.post(confirm_url(strategy), {"upload": "x"}).status_code == expected
    assert Measurement.objects.exists() is False


def test_an_owner_may_import_values_for_their_own_kpis_only(client, members, strategy):
    owner = members["participant"]
    kpis = make_kpis(strategy, owner=owner)
    client.force_login(owner)
    response = upload(
        client,
        strategy,
        csv_bytes(
            [
                ["KPI", "Periode", "Waarde"],
                [kpis["time"].pk, month(2).isoformat(), "12"],
                [kpis["nps"].pk, this_quarter().isoformat(), "25"],
            ]
        ),
    )
    assert response.status_code == 200
    assert "is niet van jou" in response.content.decode()
    assert 'data-line="3"' in response.content.decode()
    # The template holds their own KPI only.
    text = client.get(template_url(strategy)).content.decode()
    assert str(kpis["time"].pk) in text and str(kpis["nps"].pk) not in text


def test_another_organisation_gets_404(client, outsider, strategy, kpis):
    client.force_login(outsider)
    assert client.get(page(strategy)).status_code == 404
    assert upload(client, strategy, csv_bytes(good_rows(kpis))).status_code == 404
    assert client.post(confirm_url(strategy), {"upload": "x"}).status_code == 404
    assert client.get(template_url(strategy)).status_code == 404


def test_anonymous_is_sent_to_login(client, strategy):
    for response in (client.get(page(strategy)), client.post(confirm_url(strategy))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_strategy_page_links_the_import_for_those_who_may(client, members, strategy):
    make_kpis(strategy, owner=members["participant"])
    for role, shown in (("facilitator", True), ("participant", True), ("viewer", False)):
        client.force_login(members[role])
        html = client.get(strategy.get_absolute_url()).content.decode()
        assert ("data-import-values" in html) is shown, role


# --- the flow -------------------------------------------------------------------------------


def test_a_good_file_is_previewed_then_imported(client, members, strategy, kpis):
    old = MeasurementFactory(kpi=kpis["time"], period=month(3), value=Decimal("14"), note="oud")
    client.force_login(members["facilitator"])
    response = upload(client, strategy, csv_bytes(good_rows(kpis)))
    assert response.status_code == 302
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert 'data-additions="1"' in html and 'data-corrections="1"' in html
    assert "12,5" in html and "14" in html  # new value, and the old one it corrects
    assert not Measurement.objects.filter(period=month(2)).exists()  # nothing written yet
    kept = MeasurementUpload.objects.get()
    done = client.post(confirm_url(strategy), {"upload": kept.pk})
    assert done.status_code == 302 and done["Location"] == strategy.get_absolute_url()
    old.refresh_from_db()
    assert (old.value, old.note, old.entered_by) == (
        Decimal("13"),
        "Griepgolf",
        members["facilitator"],
    )
    assert Measurement.objects.get(period=month(2)).value == Decimal("12.5")
    message = client.get(strategy.get_absolute_url()).content.decode()
    assert "Geïmporteerd: 1 nieuwe waarde, 1 correctie." in message
    # A second confirm (a double click) imports nothing more.
    again = client.post(confirm_url(strategy), {"upload": kept.pk})
    assert "niet meer beschikbaar" in again.content.decode()
    assert Measurement.objects.count() == 2


def test_htmx_upload_and_confirm(client, members, strategy, kpis):
    client.force_login(members["admin"])
    response = upload(client, strategy, csv_bytes(good_rows(kpis)), **HTMX)
    assert response.status_code == 200 and "?upload=" in response["HX-Redirect"]
    kept = MeasurementUpload.objects.get()
    done = client.post(confirm_url(strategy), {"upload": kept.pk}, **HTMX)
    assert done["HX-Redirect"] == strategy.get_absolute_url()
    assert Measurement.objects.count() == 2


def test_a_bad_file_is_refused_whole_with_each_line_named(client, members, strategy, kpis):
    client.force_login(members["admin"])
    for extra in ({}, HTMX):
        response = upload(client, strategy, csv_bytes(bad_rows(kpis)), **extra)
        html = response.content.decode()
        assert response.status_code == 200
        assert ("<html" in html) is not bool(extra)  # htmx: only the problems
        for line, said in ((2, "Engelse notatie"), (3, "Er is geen KPI"), (4, "nog niet begonnen")):
            assert f'data-line="{line}"' in html and said in html
        assert "Regel 2" in html
    assert not Measurement.objects.exists()
    assert not any(MeasurementUpload.objects.values_list("entries", flat=True))


def test_an_english_page_reads_english_numbers(client, members, strategy, kpis):
    client.cookies["django_language"] = "en"
    client.force_login(members["admin"])
    rows = [["kpi", "period", "value"], [kpis["nps"].pk, this_quarter().isoformat(), "1,250.5"]]
    response = upload(client, strategy, csv_bytes(rows, sep=","))
    assert response.status_code == 302
    rows[1][2] = "1.250,5"
    html = upload(client, strategy, csv_bytes(rows, sep=",")).content.decode()
    assert "Line 2" in html and "written in Dutch notation" in html


def test_an_excel_file_is_previewed(client, members, strategy, kpis):
    client.force_login(members["admin"])
    rows = [["KPI", "Periode", "Waarde"], [str(kpis["time"].pk), month(2).isoformat(), 12.5]]
    response = upload(client, strategy, xlsx_bytes(rows), name="waarden.xlsx")
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("raw", "name", "said"),
    [
        (b"", "leeg.csv", "leeg"),  # Django's own: "The submitted file is empty."
        (b"Klantverloop \x00\xff" * 8000, "rommel.csv", "geen CSV- of Excel-bestand"),
        (bytes(range(256)) * 400, "rommel.csv", "geen CSV- of Excel-bestand"),
        (b"%PDF-1.7 ...", "rapport.pdf", "Een .pdf-bestand kan hier niet"),
        (b"PK\x03\x04kapot", "waarden.xlsx", "Excel-werkmap"),
        ("\u202eKPI\u200b;😀;\ufeffé\u0301\r\nא;ב;ג\r\n".encode(), "raar.csv", "Ontbreekt"),
    ],
)
def test_junk_gets_a_clear_message_never_a_500(client, members, strategy, kpis, raw, name, said):
    client.force_login(members["admin"])
    for extra in ({}, HTMX):
        response = upload(client, strategy, raw, name=name, **extra)
        assert response.status_code == 200
        assert said in response.content.decode(), name
    assert not Measurement.objects.exists()


def test_odd_unicode_in_names_and_notes_is_kept(client, members, strategy, kpis):
    kpis["time"].name = "Zoë’s “KPI” – 日本語 e\u0301"
    kpis["time"].save()
    client.force_login(members["admin"])
    note = "\u202eomgekeerd\u200b 😀 <script>alert(1)</script>"
    rows = [
        ["KPI", "Periode", "Waarde", "Toelichting"],
        [kpis["time"].name, month(2).isoformat(), "12", note],
    ]
    response = upload(client, strategy, csv_bytes(rows))
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    client.post(confirm_url(strategy), {"upload": MeasurementUpload.objects.get().pk})
    assert Measurement.objects.get().note == note


def test_a_file_over_the_size_limit_is_refused(client, members, strategy, kpis, settings):
    settings.INTERCHANGE_MAX_FILE_BYTES = 1000
    client.force_login(members["admin"])
    response = upload(client, strategy, b"a;b;c\r\n" * 500)
    assert response.status_code == 200
    assert (
        "hoogstens" in response.content.decode()
        or "kan worden geïmporteerd" in response.content.decode()
    )


def test_uploads_are_rate_limited_per_user(client, members, strategy, kpis, settings):
    settings.IMPORTS_PER_HOUR = 2
    client.force_login(members["admin"])
    for _ in range(2):
        assert upload(client, strategy, csv_bytes(bad_rows(kpis))).status_code == 200
    response = upload(client, strategy, csv_bytes(good_rows(kpis)))
    assert response.status_code == 200 and "Wacht een paar minuten" in response.content.decode()
    client.force_login(members["facilitator"])  # another person is not held up
    assert upload(client, strategy, csv_bytes(good_rows(kpis))).status_code == 302


def test_someone_elses_preview_is_not_found(client, members, strategy, kpis):
    client.force_login(members["admin"])
    upload(client, strategy, csv_bytes(good_rows(kpis)))
    kept = MeasurementUpload.objects.get()
    client.force_login(members["facilitator"])
    html = client.get(f"{page(strategy)}?upload={kept.pk}").content.decode()
    assert "niet meer beschikbaar" in html
    client.post(confirm_url(strategy), {"upload": kept.pk})
    assert not Measurement.objects.exists()


def test_a_change_since_the_preview_shows_the_new_preview(client, members, strategy, kpis):
    client.force_login(members["admin"])
    upload(client, strategy, csv_bytes(good_rows(kpis)))
    MeasurementFactory(kpi=kpis["time"], period=month(2), value=Decimal("11"))
    response = client.post(confirm_url(strategy), {"upload": MeasurementUpload.objects.get().pk})
    html = response.content.decode()
    assert "data-import-changed" in html and 'data-corrections="1"' in html
    assert Measurement.objects.count() == 1
    # Confirming the new preview imports.
    response = client.post(confirm_url(strategy), {"upload": MeasurementUpload.objects.get().pk})
    assert response.status_code == 302
    assert Measurement.objects.get(period=month(2)).value == Decimal("12.5")


def test_templates_download_as_csv_and_excel(client, members, strategy, kpis):
    client.force_login(members["facilitator"])
    csv_answer = client.get(template_url(strategy, "csv"))
    assert csv_answer["Content-Type"].startswith("text/csv")
    assert csv_answer.content.decode("utf-8-sig").startswith("KPI;Naam;Periode;Waarde")
    openpyxl = pytest.importorskip("openpyxl")
    import io

    answer = client.get(template_url(strategy, "xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("KPI", "Naam", "Periode")
    assert {row[0] for row in rows[1:]} >= {str(kpis["time"].pk), str(kpis["nps"].pk)}
    assert client.get(template_url(strategy, "pdf")).status_code == 404


def test_a_file_with_nothing_new_says_so(client, members, strategy, kpis):
    MeasurementFactory(kpi=kpis["time"], period=month(2), value=Decimal("12.5"))
    client.force_login(members["admin"])
    rows = [["KPI", "Periode", "Waarde"], [kpis["time"].pk, month(2).isoformat(), "12,5"]]
    html = upload(client, strategy, csv_bytes(rows)).content.decode()
    assert "data-import-nothing" in html
    assert "niets te importeren" in html


@pytest.mark.parametrize("extra", [{}, HTMX])
def test_the_preview_costs_the_same_queries_at_two_sizes(client, members, strategy, kpis, extra):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.interchange.measurement_helpers import day

    client.force_login(members["admin"])
    counts = []
    for lines in (10, 200):
        rows = [["KPI", "Periode", "Waarde"]] + [
            [kpis["daily"].pk, day(back).isoformat(), "10"] for back in range(1, lines + 1)
        ]
        location = upload(client, strategy, csv_bytes(rows))["Location"]
        with CaptureQueriesContext(connection) as queries:
            response = client.get(location, **extra)
        assert (
            response.status_code == 200 and f'data-additions="{lines}"' in response.content.decode()
        )
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_change_before_the_preview_is_shown_there_and_confirmed(client, members, strategy, kpis):
    client.force_login(members["admin"])
    location = upload(client, strategy, csv_bytes(good_rows(kpis)))["Location"]
    MeasurementFactory(kpi=kpis["time"], period=month(2), value=Decimal("11"))
    assert 'data-corrections="1"' in client.get(location).content.decode()
    response = client.post(confirm_url(strategy), {"upload": MeasurementUpload.objects.get().pk})
    assert response.status_code == 302
    assert Measurement.objects.get(period=month(2)).value == Decimal("12.5")


def test_the_excel_template_filled_in_imports_back(client, members, strategy, kpis):
    import io

    openpyxl = pytest.importorskip("openpyxl")
    kpis["time"].name = "=SUM(A1:A9)"  # text in the sheet, never a formula
    kpis["time"].save()
    client.force_login(members["admin"])
    book = openpyxl.load_workbook(io.BytesIO(client.get(template_url(strategy, "xlsx")).content))
    sheet = book.active
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == str(kpis["time"].pk))
    assert (row[1].value, row[1].data_type) == ("=SUM(A1:A9)", "s")
    row[3].value = 11.5
    out = io.BytesIO()
    book.save(out)
    response = upload(client, strategy, out.getvalue(), name="sjabloon.xlsx")
    assert response.status_code == 302
    client.post(confirm_url(strategy), {"upload": MeasurementUpload.objects.get().pk})
    assert Measurement.objects.get().value == Decimal("11.5")


def test_the_page_says_the_template_may_hold_a_period_to_correct(client, members, strategy):
    """A KPI with every period filled is in the template with its latest one (for a
    correction); the page says so rather than "only periods that need a value"."""
    client.force_login(members["facilitator"])
    html = client.get(page(strategy)).content.decode()
    assert "een KPI die ze allemaal heeft, staat erin met zijn laatste periode" in html
