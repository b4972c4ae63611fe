"""The PDF handbook: complete in both languages, drawn from the snapshot, safe, size-limited."""

import datetime
import json
import subprocess
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import override_settings
from django.utils import timezone, translation
from pypdf import PdfReader

from indicators.models import Kpi
from indicators.templatetags.kpi_tags import kpi_value
from kpiplanner.reports import data as data_module
from kpiplanner.reports import pdf
from kpiplanner.reports.data import OVERVIEW_KPI_ROWS, handbook_data
from kpiplanner.reports.pdf import ExportTooLarge, check_size, render_handbook
from kpiplanner.reviews.services import kpi_set_approve
from tests.factories import CsfFactory, GoalFactory, KpiFactory, MeasurementFactory
from tests.reports.conftest import (
    SAMPLE_KPIS,
    approved_version,
    page_count,
    pdf_text,
    snapshot_kpi,
)

pytestmark = pytest.mark.django_db


def data_text(version, lang: str) -> str:
    """The handbook's data as the template gets it (JSON text)."""
    version.strategy  # noqa: B018
    with translation.override(lang):
        return json.dumps(handbook_data(version), ensure_ascii=False)


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
    # The chart's legend is text: searchable and selectable in the PDF.
    assert "Gemeten" in dutch and "Geplande koers" in dutch and "Measured" in english


def test_handbook_is_drawn_from_the_snapshot_not_the_live_tree(sample_version):
    kpi = Kpi.objects.get(name="Gemiddelde oplostijd")
    kpi.name = "Iets heel anders"
    kpi.target_value = Decimal(2)
    kpi.save()
    text = pdf_text(render_handbook(sample_version, lang="nl"))
    assert "Gemiddelde oplostijd" in text and "Iets heel anders" not in text
    assert "10 uur" in text


def charts(version) -> int:
    version.strategy  # noqa: B018
    with translation.override("en"):
        data = handbook_data(version)
    return sum(
        kpi["chart"] is not None
        for goal in data["goals"]
        for csf in goal["csfs"]
        for kpi in csf["kpis"]
    )


def test_charts_use_live_measurements_of_kpis_still_present(sample_version):
    assert charts(sample_version) == 1  # only the KPI with measurements has a chart
    other = Kpi.objects.get(name="Omzet per klant")
    MeasurementFactory(kpi=other, period=datetime.date(2026, 10, 1), value=Decimal(1300))
    assert charts(sample_version) == 2
    # A KPI deleted since the approval keeps its card, without a chart.
    Kpi.objects.filter(name="Gemiddelde oplostijd").delete()
    assert charts(sample_version) == 1
    assert "Gemiddelde oplostijd" in data_text(sample_version, "en")


def test_the_chart_is_the_apps_own_svg(sample_version):
    sample_version.strategy  # noqa: B018
    with translation.override("nl"):
        data = handbook_data(sample_version)
    chart = data["goals"][0]["csfs"][0]["kpis"][0]["chart"]
    assert chart.startswith("<svg") and chart.endswith("</svg>")
    assert 'class="progress-chart-svg"' in chart and 'font-family="IBM Plex Sans"' in chart


def test_data_costs_one_query_whatever_the_size(
    strategy, approver, django_assert_num_queries, organisation
):
    from tests.factories import StrategyFactory

    small = approved_version(strategy, approver, kpis=3)
    large = approved_version(StrategyFactory(organisation=organisation), approver, kpis=30)
    for version in (small, large):
        version.strategy  # noqa: B018 - loaded by the view with the strategy
        with django_assert_num_queries(1):
            handbook_data(version)


@pytest.mark.slow
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
# Safe rendering: user text is data, never Typst markup

MARKUP = (
    '#read("/etc/passwd") $x^2$ *vet* _schuin_ <label> @ref #{1+1} `code` ```raw``` '
    '// geen commentaar \\ \\#escape ] [ #image("/etc/hosts") = kop'
)


def test_typst_markup_in_user_text_prints_literally_and_reads_no_file(sample_version, monkeypatch):
    item = snapshot_kpi(sample_version, "Gemiddelde oplostijd")
    item["statement"] = MARKUP
    item["name"] = "#{1+1} *naam*"
    item["definition"] = '#include "handbook.typ"'
    sample_version.snapshot["goals"][0]["title"] = "= #set page(width: 1cm)"
    sample_version.snapshot["strategy"]["name"] = "#panic(1) <x>"
    text = pdf_text(render_handbook(sample_version, lang="nl"))
    for piece in MARKUP.split(" "):
        assert piece in text, piece
    assert "#{1+1} *naam*" in text and '#include "handbook.typ"' in text
    assert "= #set page(width: 1cm)" in text and "#panic(1) <x>" in text
    assert "root:" not in text  # nothing of /etc/passwd
    assert "x2" not in text.replace("x^2", "")  # no maths was set


def test_the_template_reads_no_file_outside_its_folder():
    """The compiler's root is the template folder: even a template can't reach /etc."""
    import typst

    with pytest.raises(typst.TypstError):
        typst.compile(
            b'#read("/etc/passwd")',
            root=str(pdf.TEMPLATE_DIR),
            ignore_system_fonts=True,
            font_paths=[str(path) for path in pdf.FONT_DIRS],
        )


def test_fonts_come_from_the_installed_packages_not_the_machine(sample_version):
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(render_handbook(sample_version, lang="en")))
    fonts = set()
    for page in reader.pages[:4]:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("IBMPlex" in name for name in fonts), fonts


def test_odd_unicode_and_long_text_render(sample_version):
    item = snapshot_kpi(sample_version, "First-time-right")
    item["statement"] = "Tevredenheid ↑ 😀 — “ok” " + "lang " * 20_000 + "EINDE"
    # Right-to-left marks reorder what follows them: only in the name, where it is harmless.
    item["name"] = "Zeer\u200blange\u00adnaam ﷽ \u202eomgekeerd\u202c " * 10
    document = render_handbook(sample_version, lang="nl")
    text = pdf_text(document)
    # 100 kB of statement runs over many pages, and none of it is lost.
    assert page_count(document) > 15
    assert text.count("lang") >= 20_000 and "EINDE" in text


def test_a_card_stays_on_one_page_unless_its_text_is_longer_than_a_page(sample_version):
    snapshot_kpi(sample_version, "First-time-right")["definition"] = "lang " * 2_000
    sample_version.strategy  # noqa: B018
    with translation.override("nl"):
        data = handbook_data(sample_version)
    cards = {
        kpi["name"]: kpi["one_page"]
        for goal in data["goals"]
        for csf in goal["csfs"]
        for kpi in csf["kpis"]
    }
    assert cards.pop("First-time-right") is False  # it breaks, and loses nothing (test above)
    assert cards and all(cards.values())  # the rest are never split by a page break


# ---------------------------------------------------------------------------------------------
# Size limit


@override_settings(REPORT_MAX_KPIS=4)
def test_too_many_kpis_is_refused_before_rendering(sample_version, monkeypatch):
    monkeypatch.setattr(pdf, "compile_pdf", lambda *a, **k: pytest.fail("rendered anyway"))
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


def test_a_typst_failure_is_a_handbook_error_not_a_crash(sample_version, monkeypatch, tmp_path):
    broken = tmp_path / "handbook.typ"
    broken.write_text("#let x = (\n")
    monkeypatch.setattr(pdf, "TEMPLATE", broken)
    monkeypatch.setattr(pdf, "TEMPLATE_DIR", tmp_path)
    with pytest.raises(pdf.HandbookError, match="Typst failed"):
        render_handbook(sample_version, lang="nl")


def test_a_rendering_that_takes_too_long_is_stopped(sample_version, settings, monkeypatch):
    settings.REPORT_RENDER_TIMEOUT = 0.001
    with pytest.raises(pdf.HandbookError, match="longer than"):
        render_handbook(sample_version, lang="nl")


def test_missing_fonts_are_an_error_not_another_typeface(sample_version, monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "FONT_DIRS", [tmp_path / "not-installed"])
    with pytest.raises(pdf.HandbookError, match="npm ci"):
        render_handbook(sample_version, lang="nl")


def test_each_kpi_card_shows_status_and_progress_on_the_day_it_is_made(sample_version, monkeypatch):
    """The sample's first KPI went from 14 to 12.1 hours (of 14 → 10) by December; the others
    have no value yet: "no data", never red."""
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *args, **kwargs: datetime.date(2026, 12, 5)
    )
    with translation.override("nl"):
        data = handbook_data(sample_version)
    cards = [kpi for goal in data["goals"] for csf in goal["csfs"] for kpi in csf["kpis"]]
    first = next(card for card in cards if card["name"] == "Gemiddelde oplostijd")
    assert first["tracking"]["progress"] == "48 %"
    assert first["tracking"]["label"] in {"Op koers", "Loopt risico", "Uit koers"}
    assert first["tracking"]["latest"].replace("\xa0", " ") == "12,1 uur (dec 2026)"
    others = [card["tracking"]["status"] for card in cards if card is not first]
    assert others and set(others) == {"no_data"}
    text = pdf_text(render_handbook(sample_version, lang="nl"))
    assert "Status op de dag dat dit handboek is gemaakt".upper() in text.upper()
    assert "Nog geen meting" in text and "48 %" in text


def test_the_approval_note_is_printed_as_text(strategy, approver):
    """Issue 19: the note the manager wrote with the version, in the handbook (as data)."""
    KpiFactory(csf=CsfFactory(goal=GoalFactory(strategy=strategy)), status="approved")
    version = kpi_set_approve(
        strategy=strategy, approver=approver, note="Doel 2 telt nu mee. #set text(red)"
    )
    text = pdf_text(render_handbook(version, lang="nl"))
    assert "Toelichting bij deze versie".upper() in text.upper()
    assert "Doel 2 telt nu mee. #set text(red)" in " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# The overview: every KPI for a small set, goals and critical success factors for a large one


def contents_overview_sections(document: bytes) -> tuple[str, str, str]:
    """The text of the contents' pages, the overview's and the goals' sections after it."""
    reader = PdfReader(BytesIO(document))
    pages = [
        " ".join((page.extract_text() or "").replace("\u00a0", " ").split())
        for page in reader.pages
    ]
    start = next(i for i, text in enumerate(pages) if "De set in één oogopslag Versie" in text)
    end = next(i for i, text in enumerate(pages) if i > start and "Doel 1 ·" in text[:120])
    return " ".join(pages[1:start]), " ".join(pages[start:end]), " ".join(pages[end:])


def test_a_small_set_lists_every_kpi_in_the_overview(sample_version):
    with translation.override("nl"):
        assert handbook_data(sample_version)["overview_kpis"] is True
    contents, overview, sections = contents_overview_sections(
        render_handbook(sample_version, lang="nl")
    )
    assert "Klanten voelen zich gehoord" in contents  # a critical success factor, with its page
    for _csf, fields in SAMPLE_KPIS:
        assert fields["name"] in overview
    assert "Deze set is te groot" not in overview
    assert "KPI's van dit doel".upper() not in sections.upper()


def test_a_set_above_the_threshold_gets_the_compact_overview(strategy, approver):
    version = approved_version(strategy, approver, kpis=OVERVIEW_KPI_ROWS + 1)
    with translation.override("nl"):
        data = handbook_data(version)
    assert data["overview_kpis"] is False
    csfs = [csf for goal in data["goals"] for csf in goal["csfs"]]
    assert sum(csf["kpi_count"] for csf in csfs) == OVERVIEW_KPI_ROWS + 1
    # No measurements: nothing measured, no progress, "no data yet" as the status.
    assert {(c["rollup"]["measured"], c["rollup"]["progress"]) for c in csfs} == {("0", "–")}
    assert {c["rollup"]["label"] for c in csfs} == {"Nog geen meting"}
    contents, overview, sections = contents_overview_sections(render_handbook(version, lang="nl"))
    assert "Deze set is te groot om hier elke KPI te noemen" in overview
    assert "Doel en kritieke succesfactor".upper() in overview.upper()
    for goal in data["goals"]:
        assert goal["title"] in overview
        assert goal["title"] in contents
        for csf in goal["csfs"]:
            assert csf["title"] in overview
            assert csf["title"] not in contents  # the overview lists them, with their pages
    names = [kpi["name"] for csf in csfs for kpi in csf["kpis"]]
    assert not any(name in overview for name in names)
    # Each goal's section opens with its own KPIs (and their cards follow).
    assert sections.upper().count("KPI's van dit doel".upper()) == len(data["goals"])
    assert all(sections.count(name) >= 2 for name in (names[0], names[-1]))


def test_the_compact_overview_rolls_status_and_progress_up(sample_version, monkeypatch):
    """The sample's first KPI is measured (48 %); its critical success factor and goal show it."""
    monkeypatch.setattr(data_module, "OVERVIEW_KPI_ROWS", 2)
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *args, **kwargs: datetime.date(2026, 12, 5)
    )
    with translation.override("nl"):
        data = handbook_data(sample_version)
    assert data["overview_kpis"] is False
    first_goal = data["goals"][0]
    solving = first_goal["csfs"][0]
    assert (solving["kpi_count"], solving["rollup"]["measured"]) == (2, "1")
    assert solving["rollup"]["progress"] == "48 %"
    assert solving["rollup"]["label"] in {"Op koers", "Loopt risico", "Uit koers"}
    assert (first_goal["kpi_count"], first_goal["rollup"]["measured"]) == (3, "1")
    assert data["goals"][1]["csfs"][0]["rollup"]["label"] == "Nog geen meting"
    text = pdf_text(render_handbook(sample_version, lang="en"))
    assert "This set is too large to list every KPI here" in text
    assert "KPIs of this goal".upper() in text.upper()


def test_typst_runs_with_a_fixed_mmap_threshold(monkeypatch):
    """glibc's moving threshold made equal renderings' peaks differ by 80 MB (COMPILER_ENV)."""
    seen = {}

    def run(args, **kwargs):
        seen.update(kwargs["env"])
        return subprocess.CompletedProcess(args, 0, stdout=b"%PDF-1.7", stderr=b"")

    monkeypatch.setattr(subprocess, "run", run)
    assert pdf.compile_pdf({}) == b"%PDF-1.7"
    assert seen["MALLOC_MMAP_THRESHOLD_"] == "131072"
    assert "PATH" in seen  # the rest of the environment is passed on
