"""A viewer opens the demo's approved version 1, downloads its PDF handbook and sees the button
busy while the PDF is made; then the English one."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from kpiplanner.demo.data import seed_demo
from kpiplanner.reports import views
from kpiplanner.reports.models import StoredHandbook
from kpiplanner.reports.tasks import render_handbook_task
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
    with page.expect_download() as info:
        held[0].continue_()
    download = info.value
    page.unroute(PDF_URL)
    assert (
        download.suggested_filename
        == "kpi-handboek-klanten-behouden-door-snelle-goede-service-versie-1.pdf"
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
    assert page.locator("[data-busy-status]").inner_text() == "Je pdf wordt gedownload."
    shot(page, "export-3-done")


def test_a_second_download_is_the_kept_rendering(page):
    """The first download renders the handbook and keeps it; the next one is that file."""
    demo = seed_demo(password=PASSWORD)
    version = demo.strategy.kpi_set_versions.get(number=1)
    login(page, "viewer")
    page.goto(f"{page.base_url}{version.get_absolute_url()}")
    with page.expect_download() as info:
        page.locator("a[data-busy-download]").first.click()
    kept = StoredHandbook.objects.get(version=version, language="nl")
    with open(info.value.path(), "rb") as handle:
        assert handle.read() == bytes(kept.pdf)
    page.locator("a[data-busy-download][aria-busy=false]").first.wait_for()
    with page.expect_download() as again:
        page.locator("a[data-busy-download]").first.click()
    with open(again.value.path(), "rb") as handle:
        assert handle.read() == bytes(kept.pdf)
    assert StoredHandbook.objects.get(pk=kept.pk).rendered_at == kept.rendered_at  # not again


def test_a_large_set_is_prepared_in_the_background_and_the_page_offers_it_when_ready(
    page, settings, shot, monkeypatch
):
    """Above REPORT_BACKGROUND_KPIS the download queues a task and opens the page that says the
    handbook is being prepared; htmx asks after it until the worker has kept the file, then the
    download link appears."""
    settings.REPORT_BACKGROUND_KPIS = 2
    queued = []
    monkeypatch.setattr(views, "queue_rendering", lambda version, lang: queued.append(lang))
    demo = seed_demo(password=PASSWORD)
    version = demo.strategy.kpi_set_versions.get(number=1)
    login(page, "viewer")
    page.goto(f"{page.base_url}{version.get_absolute_url()}")
    page.locator("a[data-busy-download]").first.click()
    page.get_by_role("heading", name="Je handboek wordt gemaakt").wait_for()
    assert queued == ["nl"]
    shot(page, "export-4-preparing")
    render_handbook_task.call(version.pk, "nl")  # the worker
    ready = page.locator("a[data-handbook-ready]")
    ready.wait_for(timeout=15_000)  # the poll (every 2 s) swapped in the link
    assert "Je handboek is klaar." in page.locator("#handbook-status").inner_text()
    shot(page, "export-5-ready")
    with page.expect_download() as info:
        ready.click()
    assert "KPI-handboek" in text_of(info.value)
    assert queued == ["nl"]  # served the kept file, nothing queued again
