"""The PDF handbook: complete in both languages, drawn from the snapshot, safe, size-limited."""

import datetime
import socket
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from indicators.models import Kpi
from indicators.templatetags.kpi_tags import kpi_value
from kpiplanner.reports import pdf
from kpiplanner.reports.pdf import (
    BASE_URL,
    ExportTooLarge,
    URLRefused,
    check_size,
    handbook_context,
    html_to_pdf,
    render_handbook,
    render_handbook_html,
    static_file,
    static_url_fetcher,
)
from tests.factories import MeasurementFactory
from tests.reports.conftest import (
    SAMPLE_KPIS,
    approved_version,
    page_count,
    pdf_text,
    snapshot_kpi,
)

pytestmark = pytest.mark.django_db

STATIC = f"{BASE_URL}static/"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("nl", ["KPI-handboek", "Inhoud", "De set in één oogopslag", "Pagina 3 van"]),
        ("en", ["KPI handbook", "Contents", "The set at a glance", "Page 3 of"]),
    ],
)
def test_pdf_holds_every_approved_kpis_statement_and_target(sample_version, lang, words):
    text = pdf_text(render_handbook(sample_version, lang=lang))
    with translation.override(lang):
        for _csf, fields in SAMPLE_KPIS:
            assert fields["name"] in text
            assert fields["statement"] in text
            target = kpi_value(fields["target_value"], fields["unit"]).replace("\u00a0", " ")
            assert target in text, (fields["name"], target)
    for word in words:
        assert word in text
    assert "Wachttijd aan de telefoon" not in text  # rejected: not part of the approved set


def test_targets_are_written_the_readers_way(sample_version):
    dutch = pdf_text(render_handbook(sample_version, lang="nl"))
    english = pdf_text(render_handbook(sample_version, lang="en"))
    assert "€ 1.500" in dutch and "75,5%" in dutch and "8 punten" in dutch
    assert "€ 1,500" in english and "75.5%" in english and "8 points" in english
    assert "3 dagen – 5 dagen" in dutch and "3 days – 5 days" in english
    # Lower is better: the thresholds say "or less" and "above", never "from".
    assert "op koers bij 11 uur of minder · uit koers boven 13 uur" in dutch
    assert "on track at 11 hours or less · off track above 13 hours" in english


def test_cover_names_organisation_strategy_version_approver_and_date(sample_version):
    text = pdf_text(render_handbook(sample_version, lang="en"))
    approved_on = timezone.localtime(sample_version.approved_at).strftime("%-d %B %Y")
    for expected in [
        "Energie Noord",
        "Klanten behouden",
        "Version 1",
        "Pieter Jansen",
        approved_on,
    ]:
        assert expected in text


def test_dates_and_the_latest_value_are_written_as_a_reader_expects(sample_version):
    """Dutch month abbreviations are lower case ("31 mrt 2027"), English ones capitalised; the
    chart rounds the latest measurement (12.3333 hours) while the card keeps exact values."""
    kpi = Kpi.objects.get(name="Gemiddelde oplostijd")
    MeasurementFactory(kpi=kpi, period=datetime.date(2027, 1, 1), value=Decimal("12.3333"))
    dutch = pdf_text(render_handbook(sample_version, lang="nl"))
    english = pdf_text(render_handbook(sample_version, lang="en"))
    assert "31 mrt 2027" in dutch and "31 Mrt" not in dutch  # overview deadline, chart target
    assert "okt 2026" in dutch and "Okt 2026" not in dutch  # the chart's axis
    assert "31 Mar 2027" in english and "Oct 2026" in english
    assert "12,3 uur" in dutch and "12,3333" not in dutch
    assert "12.3 hours" in english and "12.3333" not in english
    # The legend is a line of text under the chart: searchable and selectable in the PDF.
    assert "Gemeten" in dutch and "Geplande koers" in dutch and "Measured" in english


def test_handbook_is_drawn_from_the_snapshot_not_the_live_tree(sample_version):
    kpi = Kpi.objects.get(name="Gemiddelde oplostijd")
    kpi.name = "Iets heel anders"
    kpi.target_value = Decimal(2)
    kpi.save()
    html = render_handbook_html(sample_version, lang="nl")
    assert "Gemiddelde oplostijd" in html and "Iets heel anders" not in html
    assert "10\u00a0uur" in html


def test_charts_use_live_measurements_of_kpis_still_present(sample_version):
    html = render_handbook_html(sample_version, lang="en")
    assert html.count('role="img"') == 1  # only the KPI with measurements has a chart
    other = Kpi.objects.get(name="Omzet per klant")
    MeasurementFactory(kpi=other, period=datetime.date(2026, 10, 1), value=Decimal(1300))
    assert render_handbook_html(sample_version, lang="en").count('role="img"') == 2
    # A KPI deleted since the approval keeps its card, without a chart.
    Kpi.objects.filter(name="Gemiddelde oplostijd").delete()
    html = render_handbook_html(sample_version, lang="en")
    assert "Gemiddelde oplostijd" in html and html.count('role="img"') == 1


def test_context_costs_one_query_whatever_the_size(
    strategy, approver, django_assert_num_queries, organisation
):
    from tests.factories import StrategyFactory

    small = approved_version(strategy, approver, kpis=3)
    large = approved_version(StrategyFactory(organisation=organisation), approver, kpis=30)
    for version in (small, large):
        version.strategy  # noqa: B018 - loaded by the view with the strategy
        with django_assert_num_queries(1):
            handbook_context(version)


def test_a_300_kpi_version_renders(strategy, approver):
    version = approved_version(strategy, approver, kpis=300)
    document = render_handbook(version, lang="nl")
    text = pdf_text(document)
    assert page_count(document) > 100
    names = [
        kpi["name"]
        for goal in version.snapshot["goals"]
        for csf in goal["csfs"]
        for kpi in csf["kpis"]
    ]
    assert len(names) == 300
    assert all(name in text for name in (names[0], names[149], names[-1]))


# ---------------------------------------------------------------------------------------------
# Safe rendering


def test_fetcher_serves_the_applications_own_stylesheet():
    body, mime_type = static_file(f"{STATIC}css/report.css")
    assert mime_type == "text/css" and b"@page" in body


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/logo.png",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "file:///work/main/static/css/report.css",
        "data:text/css,body{color:red}",
        "ftp://example.com/x.css",
        "https://example.com/static/css/report.css",  # our path on someone else's host
        "https://kpiplanner.invalid.example.com/static/css/report.css",
        f"{STATIC}../kpiplanner/settings/base.py",
        f"{STATIC}css/../../manage.py",
        f"{STATIC}%2e%2e/pyproject.toml",
        f"{STATIC}css/report.css?v=1",
        f"{STATIC}css/nothing-here.css",
        f"{STATIC}js/busy_download.js",  # a static file, but nothing a PDF needs
        f"{BASE_URL}admin/",
    ],
)
def test_fetcher_refuses_everything_else(url):
    with pytest.raises(URLRefused):
        static_file(url)
    with pytest.raises(URLRefused):
        static_url_fetcher().fetch(url)


class RecordingFetcher:
    """Wraps the real fetcher and notes every URL WeasyPrint asks for and how it went."""

    def __init__(self):
        self.inner = static_url_fetcher()
        self.asked = []
        self._fail_on_errors = False

    def __call__(self, url):
        try:
            response = self.inner.fetch(url)
        except URLRefused:
            self.asked.append((url, "refused"))
            raise
        self.asked.append((url, "served"))
        return response


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("The PDF tried to reach the network.")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


HOSTILE = (
    '<img src="https://evil.example/track.png"> <link rel="stylesheet" href="file:///etc/passwd">'
    ' <style>@import url(file:///etc/shadow);</style> <svg><image href="file:///etc/hostname"/></svg>'
)


def test_urls_in_user_text_are_printed_never_fetched(sample_version, monkeypatch, no_network):
    item = snapshot_kpi(sample_version, "Gemiddelde oplostijd")
    item["statement"] = f"Oplostijd omlaag {HOSTILE}"
    item["definition"] = "url(file:///etc/passwd) en https://evil.example/x.css"
    sample_version.snapshot["strategy"]["name"] = '<b onload="x">Klanten</b>'
    recorder = RecordingFetcher()
    monkeypatch.setattr(pdf, "static_url_fetcher", lambda: recorder)
    text = pdf_text(render_handbook(sample_version, lang="nl"))
    assert recorder.asked == [(f"{STATIC}css/report.css", "served")]
    assert 'src="https://evil.example/track.png"' in text  # shown as the text it is
    assert "url(file:///etc/passwd)" in text and '<b onload="x">Klanten</b>' in text


def test_fetcher_refuses_external_and_file_urls_even_in_raw_markup(no_network):
    recorder = RecordingFetcher()
    html = (
        f'<link rel="stylesheet" href="/static/css/report.css"><p>Hallo</p>{HOSTILE}'
        '<img src="/static/../manage.py">'
    )
    document = html_to_pdf(html, url_fetcher=recorder)
    assert document.startswith(b"%PDF")
    assert recorder.asked[0] == (f"{STATIC}css/report.css", "served")
    refused = {url for url, outcome in recorder.asked if outcome == "refused"}
    assert {
        "https://evil.example/track.png",
        "file:///etc/passwd",
        "file:///etc/shadow",
    } <= refused
    assert all(outcome == "refused" for url, outcome in recorder.asked[1:])


def test_every_piece_of_user_text_is_escaped(sample_version):
    sample_version.snapshot["goals"][0]["title"] = "<script>alert(1)</script>"
    snapshot_kpi(sample_version, "Gemiddelde oplostijd")["data_source"] = "<i>CRM</i>"
    html = render_handbook_html(sample_version, lang="en")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;i&gt;CRM&lt;/i&gt;" in html


def test_odd_unicode_and_long_text_render(sample_version):
    item = snapshot_kpi(sample_version, "First-time-right")
    item["statement"] = "Tevredenheid ↑ 😀 — “ok” " + "lang " * 20_000 + "EINDE"
    # Right-to-left marks reorder what follows them: only in the name, where it is harmless.
    item["name"] = "Zeer\u200blange\u00adnaam ﷽ \u202eomgekeerd\u202c " * 10
    document = render_handbook(sample_version, lang="nl")
    text = pdf_text(document)
    # 100 kB of statement runs over many pages, and none of it is lost.
    assert page_count(document) > 20
    assert text.count("lang") >= 20_000 and "EINDE" in text


# ---------------------------------------------------------------------------------------------
# Size limit


@override_settings(REPORT_MAX_KPIS=4)
def test_too_many_kpis_is_refused_before_rendering(sample_version, monkeypatch):
    monkeypatch.setattr(pdf, "html_to_pdf", lambda *a, **k: pytest.fail("rendered anyway"))
    with translation.override("nl"), pytest.raises(ExportTooLarge) as refused:
        render_handbook(sample_version, lang="nl")
    assert (
        "5 goedgekeurde KPI's" in refused.value.message and "hoogstens 4" in refused.value.message
    )


@override_settings(REPORT_MAX_CHARS=5000)
def test_too_much_text_is_refused(sample_version):
    snapshot_kpi(sample_version, "Levertijd")["definition"] = "x" * 100_000
    with translation.override("en"), pytest.raises(ExportTooLarge) as refused:
        check_size(sample_version.snapshot)
    assert "more text than one PDF may render" in refused.value.message


def test_default_limit_leaves_room_for_500_kpis():
    snapshot = {
        "goals": [{"title": "g", "csfs": [{"title": "c", "kpis": [{"status": "approved"}] * 500}]}]
    }
    check_size(snapshot)  # no exception
