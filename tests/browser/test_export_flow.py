"""A viewer opens the demo's approved version 1, downloads its PDF handbook and sees the button
busy while the PDF is made; then the English one."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from indicators.models import Measurement
from kpiplanner.demo.data import month_start, seed_demo
from kpiplanner.reports import store
from kpiplanner.reports.models import StoredHandbook
from tests.browser.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db(transaction=True)

PDF_URL = re.compile(r"/reports/[0-9a-f-]+/versions/1/pdf/")


def text_of(download) -> str:
    with open(download.path(), "rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return " ".join(p.extract_text() for p in reader.pages).replace("\u00a0", " ")


def test_viewer_downloads_the_handbook_of_the_demo_version(page, shot):
    demo = seed_demo(password=PASSWORD)
    version = demo.strategy.kpi_set_versions.get(number=1)
    login(page, "viewer")
    page.goto(f"{page.base_url}{version.get_absolute_url()}")
    assert page.locator(".progress-chart-svg").count() == 3  # the approved KPIs' progress
    shot(page, "export-1-version-page")

    # Hold the PDF's request, so the busy state can be seen and photographed.
    held = []
    page.route(PDF_URL, lambda route: held.append(route))
    button = page.locator("a[data-busy-download]").first
    assert button.inner_text().strip() == "Handboek downloaden (pdf)"
    button.click()
    page.locator("a[data-busy-download][aria-busy=true]").wait_for()
    assert "De pdf wordt gemaakt…" in button.inner_text()
    assert button.get_attribute("aria-disabled") == "true"
    assert page.locator("[data-busy-status]").inner_text() == "De pdf wordt gemaakt…"
    button.dispatch_event("click")  # a second click while busy starts nothing new
    page.locator(".export-panel").scroll_into_view_if_needed()
    shot(page, "export-2-busy")
    assert len(held) == 1
    # A long wait (the request is still held): the status line says what to expect.
    status = page.locator("[data-busy-status]")
    status.filter(has_text="seconden").wait_for(timeout=10_000)
    assert status.inner_text() == (
        "De pdf wordt gemaakt… Bij 3 KPI's kan dat tot ongeveer 5 seconden duren; "
        "de download begint vanzelf."
    )
    shot(page, "export-2b-slow")

    with page.expect_download() as info:
        held[0].continue_()
    download = info.value
    page.unroute(PDF_URL)
    assert (
        download.suggested_filename
        == "kpi-handbook-klanten-behouden-door-snelle-goede-service-v1-nl.pdf"
    )
    text = text_of(download)
    assert "KPI-handboek" in text and "Gemiddelde oplostijd van tickets" in text
    page.locator("a[data-busy-download][aria-busy=false]").first.wait_for()
    assert button.inner_text().strip() == "Handboek downloaden (pdf)"
    assert page.locator("[data-busy-status]").inner_text() == "Je pdf wordt gedownload."

    # The other language, straight away.
    with page.expect_download() as info:
        page.get_by_role("link", name="Pdf in het Engels").click()
    english = text_of(info.value)
    assert "KPI handbook" in english and "The set at a glance" in english
    # A quick download never gets the long-wait line, not even once its delay has passed.
    page.wait_for_timeout(3500)
    assert page.locator("[data-busy-status]").inner_text() == "Je pdf wordt gedownload."
    shot(page, "export-3-done")


def test_an_approved_set_is_rendered_in_advance_and_downloaded_from_the_store(page, settings, shot):
    """With REPORT_PRERENDER on, approving the set (here: seeding the demo) renders its
    handbook on the background thread; the download is the stored file."""
    settings.REPORT_PRERENDER = True
    demo = seed_demo(password=PASSWORD)
    version = demo.strategy.kpi_set_versions.get(number=1)
    store.submit(lambda: None).result(timeout=120)  # one thread: waits for the rendering
    kept = {row.language: bytes(row.pdf) for row in StoredHandbook.objects.filter(version=version)}
    assert set(kept) == {"nl", "en"}

    login(page, "viewer")
    page.goto(f"{page.base_url}{version.get_absolute_url()}")
    with page.expect_download() as info:
        page.locator("a[data-busy-download]").first.click()
    with open(info.value.path(), "rb") as handle:
        assert handle.read() == kept["nl"]
    assert "Gemiddelde oplostijd van tickets" in text_of(info.value)


def test_a_new_measurement_has_the_handbook_rendered_again_before_the_next_download(page, settings):
    """After approval (the demo) the handbook is stored; a measurement recorded afterwards has
    it rendered again on the background thread, and the download is that new stored file."""
    settings.REPORT_PRERENDER = True
    demo = seed_demo(password=PASSWORD)
    version = demo.strategy.kpi_set_versions.get(number=1)
    store.submit(lambda: None).result(timeout=120)
    before = StoredHandbook.objects.get(version=version, language="nl")

    kpi = Measurement.objects.filter(kpi__csf__goal__strategy=demo.strategy).latest("period").kpi
    last = kpi.measurements.latest("period")
    Measurement.objects.create(
        kpi=kpi, period=month_start(last.period, -1), value=last.value - Decimal("0.5")
    )  # autocommit: queued at once
    for _job in ("refresh", "prerender"):  # the first queues the second
        store.submit(lambda: None).result(timeout=120)
    after = StoredHandbook.objects.get(version=version, language="nl")
    assert after.fingerprint != before.fingerprint
    assert after.rendered_at > before.rendered_at

    login(page, "viewer")
    page.goto(f"{page.base_url}{version.get_absolute_url()}")
    with page.expect_download() as info:
        page.locator("a[data-busy-download]").first.click()
    with open(info.value.path(), "rb") as handle:
        assert handle.read() == bytes(after.pdf)
    assert StoredHandbook.objects.get(pk=after.pk).rendered_at == after.rendered_at  # not again


def test_opening_the_version_page_has_a_stale_handbook_rendered_before_the_click(
    page, settings, monkeypatch
):
    """Nothing queued the handbook (here: nothing was ever stored, as after a release nobody ran
    prerender_handbooks): opening the version page has it rendered in the member's language on
    the background thread, and the click that follows gets that stored file."""
    demo = seed_demo(password=PASSWORD)  # REPORT_PRERENDER is off: nothing stored
    version = demo.strategy.kpi_set_versions.get(number=1)
    assert not StoredHandbook.objects.exists()
    settings.REPORT_PRERENDER = True
    monkeypatch.setattr(store, "_warmed", {})

    login(page, "viewer")
    page.goto(f"{page.base_url}{version.get_absolute_url()}")
    store.submit(lambda: None).result(timeout=120)  # one thread: the warm-up has run
    kept = StoredHandbook.objects.get(version=version)
    assert kept.language == "nl"  # the viewer's language only

    with page.expect_download() as info:
        page.locator("a[data-busy-download]").first.click()
    with open(info.value.path(), "rb") as handle:
        assert handle.read() == bytes(kept.pdf)
    assert StoredHandbook.objects.get(pk=kept.pk).rendered_at == kept.rendered_at  # not again
