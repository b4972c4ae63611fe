"""python manage.py export_kpi_set: for scripts, the latest version unless told otherwise."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from indicators.models import Kpi
from kpiplanner.reviews.services import kpi_set_approve
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions(sample_version, approver):
    kpi = Kpi.objects.get(name="Levertijd")
    kpi.name = "Levertijd in werkdagen"
    kpi.save()
    kpi_set_approve(strategy=sample_version.strategy, approver=approver)
    return sample_version.strategy


def export(strategy, *args):
    call_command("export_kpi_set", "--strategy", str(strategy.pk), *args)


def test_pdf_of_the_latest_version_by_default(two_versions, tmp_path):
    out = tmp_path / "handboek.pdf"
    export(two_versions, "-o", str(out))
    text = pdf_text(out.read_bytes())
    assert "Levertijd in werkdagen" in text and "Versie 2" in text and "Inhoud" in text


def test_pdf_of_a_chosen_version_in_english(two_versions, tmp_path):
    out = tmp_path / "handbook.pdf"
    export(two_versions, "--version", "1", "--lang", "en", "--format", "pdf", "-o", str(out))
    text = pdf_text(out.read_bytes())
    assert "Levertijd in werkdagen" not in text and "Levertijd" in text
    assert "Version 1" in text and "Contents" in text


def test_csv_and_json_come_from_the_interchange_formats(two_versions, tmp_path):
    from kpiplanner.interchange.formats import version_to_csv, version_to_json
    from kpiplanner.reviews.models import KpiSetVersion

    latest = KpiSetVersion.objects.get(strategy=two_versions, number=2)
    export(two_versions, "--format", "csv", "--lang", "en", "-o", str(tmp_path / "set.csv"))
    assert (tmp_path / "set.csv").read_bytes().decode("utf-8") == version_to_csv(latest, "en")
    export(two_versions, "--format", "json", "-o", str(tmp_path / "set.json"))
    assert json.loads((tmp_path / "set.json").read_text()) == json.loads(
        json.dumps(version_to_json(latest))
    )


def test_csv_to_stdout(two_versions, capsys):
    export(two_versions, "--format", "csv", "-o", "-")
    assert "Levertijd in werkdagen" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--version", "7"], "has no version 7"),
        (["--format", "pdf", "-o", "-"], "not to stdout"),
        (["-o", "/no/such/folder/x.pdf"], "does not exist"),
    ],
)
def test_bad_requests_get_a_clear_error(two_versions, args, message):
    args = args if "-o" in args else [*args, "-o", "/tmp/unused.pdf"]
    with pytest.raises(CommandError, match=message):
        export(two_versions, *args)


def test_unknown_strategy_and_strategy_without_versions(strategy):
    with pytest.raises(CommandError, match="No strategy with id"):
        call_command("export_kpi_set", "--strategy", "nonsense", "-o", "/tmp/x.pdf")
    with pytest.raises(CommandError, match="has no approved version yet"):
        export(strategy, "-o", "/tmp/x.pdf")


def test_unknown_language_or_format_is_refused(two_versions):
    for args in (["--lang", "fr"], ["--format", "docx"]):
        with pytest.raises(CommandError):
            export(two_versions, *args, "-o", "/tmp/x.pdf")


@override_settings(REPORT_MAX_KPIS=2)
def test_too_large_is_an_error_not_a_traceback(two_versions, tmp_path):
    with pytest.raises(CommandError, match="hoogstens 2"):
        export(two_versions, "-o", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_the_demo_can_be_exported_right_after_seeding(tmp_path):
    from kpiplanner.demo.data import seed_demo

    demo = seed_demo(password="demo-pass")
    out = tmp_path / "demo.pdf"
    export(demo.strategy, "-o", str(out))
    text = pdf_text(out.read_bytes())
    assert "Gemiddelde oplostijd van tickets" in text and "Verzuimpercentage" in text
    assert "Klantverloop per kwartaal" not in text  # rejected in version 1
    assert "Gemeten" in text and "Geplande koers" in text  # the charts' legends
