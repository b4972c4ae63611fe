"""The handbook store: a rendering is kept and served again only while nothing in it changed."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from indicators.models import Measurement
from kpiplanner.reports import pdf, store
from kpiplanner.reports.models import StoredHandbook
from tests.factories import MeasurementFactory
from tests.reports.conftest import FAKE_PDF, pdf_text

pytestmark = pytest.mark.django_db


def stored(version):
    return {row.language: row for row in StoredHandbook.objects.filter(version=version)}


def test_the_first_download_is_rendered_and_kept_the_next_is_served_from_the_store(
    sample_version, fake_render
):
    first = store.handbook_pdf(sample_version, lang="nl")
    second = store.handbook_pdf(sample_version, lang="nl")
    assert first == second == FAKE_PDF
    assert len(fake_render) == 1
    row = stored(sample_version)["nl"]
    assert bytes(row.pdf) == FAKE_PDF
    assert len(row.fingerprint) == 64
    assert row.render_ms >= 0


def test_each_language_is_kept_apart(sample_version, fake_render):
    store.handbook_pdf(sample_version, lang="nl")
    store.handbook_pdf(sample_version, lang="en")
    store.handbook_pdf(sample_version, lang="en")
    assert len(fake_render) == 2
    assert fake_render[0]["lang"] == "nl" and fake_render[1]["lang"] == "en"
    assert set(stored(sample_version)) == {"nl", "en"}


def test_a_new_measurement_gives_a_fresh_rendering_in_place_of_the_old(sample_version, fake_render):
    store.handbook_pdf(sample_version, lang="nl")
    old = stored(sample_version)["nl"].fingerprint
    kpi_id = next(
        kpi["id"]
        for goal in sample_version.snapshot["goals"]
        for csf in goal["csfs"]
        for kpi in csf["kpis"]
        if kpi["name"] == "Gemiddelde oplostijd"
    )
    MeasurementFactory(kpi_id=kpi_id, period=datetime.date(2027, 1, 1), value=Decimal("11.7"))
    store.handbook_pdf(sample_version, lang="nl")
    assert len(fake_render) == 2
    assert "11,7" in json.dumps(fake_render[1]) and "11,7" not in json.dumps(fake_render[0])
    assert StoredHandbook.objects.filter(version=sample_version).count() == 1
    assert stored(sample_version)["nl"].fingerprint != old


def test_a_renamed_organisation_or_approver_changes_nothing(sample_version, fake_render, members):
    """An approved version's handbook keeps the names of the day of approval (issue 19)."""
    store.handbook_pdf(sample_version, lang="nl")
    organisation = sample_version.strategy.organisation
    named = organisation.name
    organisation.name = "Energie Noord & Zuid"
    organisation.save()
    approver = sample_version.approved_by
    approver.first_name = "Iemand"
    approver.last_name = "Anders"
    approver.save()
    sample_version.refresh_from_db()
    store.handbook_pdf(sample_version, lang="nl")
    assert len(fake_render) == 1
    assert fake_render[0]["organisation"] == named
    assert "Iemand Anders" not in str(fake_render[0]["cover_facts"])


def test_a_deleted_measurement_gives_a_fresh_rendering(sample_version, fake_render):
    store.handbook_pdf(sample_version, lang="nl")
    Measurement.objects.order_by("period").last().delete()
    store.handbook_pdf(sample_version, lang="nl")
    assert len(fake_render) == 2


def test_a_changed_template_or_font_gives_a_fresh_rendering(
    sample_version, fake_render, monkeypatch
):
    store.handbook_pdf(sample_version, lang="nl")
    monkeypatch.setattr(pdf, "template_digest", lambda: "another template")
    store.handbook_pdf(sample_version, lang="nl")
    assert len(fake_render) == 2


def test_the_template_digest_covers_template_fonts_and_typst():
    pdf.template_digest.cache_clear()
    assert len(pdf.template_digest()) == 64
    assert pdf.template_digest() == pdf.template_digest()


def test_a_kept_rendering_is_served_without_rendering_in_two_queries(
    sample_version, fake_render, django_assert_num_queries
):
    store.handbook_pdf(sample_version, lang="nl")
    sample_version.strategy  # noqa: B018 - loaded by the view
    with django_assert_num_queries(2):  # the measurements (for the key), the file
        store.handbook_pdf(sample_version, lang="nl")
    assert len(fake_render) == 1


def test_the_document_is_dated_the_day_it_was_made_and_a_stored_copy_keeps_its_date(
    sample_version, fake_render, monkeypatch
):
    store.handbook_pdf(sample_version, lang="nl")
    note = fake_render[0]["cover_note"]
    today = datetime.date.today()
    assert f"{today.day} " in note  # "… tot en met 22 november 2026, de dag dat …"
    # The next day nothing changed: yesterday's copy is served, and says when it was made.
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    store.handbook_pdf(sample_version, lang="nl")
    assert len(fake_render) == 1


def test_the_real_pdf_states_the_day_it_was_made(sample_version):
    text = pdf_text(store.handbook_pdf(sample_version, lang="en"))
    assert datetime.date.today().strftime("%-d %B %Y") in text


def test_two_workers_storing_the_same_handbook_at_once_is_no_error(sample_version, monkeypatch):
    fields = {
        "fingerprint": "a" * 64,
        "pdf": FAKE_PDF,
        "rendered_at": datetime.datetime.now(datetime.UTC),
        "render_ms": 5,
    }
    StoredHandbook.objects.create(version=sample_version, language="nl", **fields)
    # The other worker's row arrives between our update (which found nothing) and our insert.
    monkeypatch.setattr(QuerySet, "update", lambda self, **kwargs: 0)
    monkeypatch.setattr(pdf, "compile_pdf", lambda data: FAKE_PDF)
    store.render_and_keep(sample_version, "nl")
    monkeypatch.undo()
    assert StoredHandbook.objects.get(version=sample_version).fingerprint == "a" * 64


def test_a_too_large_version_is_refused_before_rendering_and_nothing_is_kept(
    sample_version, fake_render, settings
):
    settings.REPORT_MAX_KPIS = 3
    with pytest.raises(pdf.ExportTooLarge):
        store.handbook_pdf(sample_version, lang="nl")
    assert fake_render == []
    assert not StoredHandbook.objects.exists()


@pytest.mark.parametrize("rows", [1, 2])
def test_staff_see_the_stored_handbooks_without_loading_the_files(
    client, sample_version, fake_render, django_assert_max_num_queries, rows
):
    from tests.factories import UserFactory

    for lang in ["nl", "en"][:rows]:
        store.handbook_pdf(sample_version, lang=lang)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    with django_assert_max_num_queries(8):
        response = client.get("/admin/reports/storedhandbook/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("13\xa0bytes") == rows  # FAKE_PDF's size
    detail = StoredHandbook.objects.first()
    assert client.get(f"/admin/reports/storedhandbook/{detail.pk}/change/").status_code == 200
