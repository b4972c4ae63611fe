"""python manage.py import_kpi_set FILE --organisation ID [--user USERNAME]"""

from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone
from django.utils.formats import date_format

from goals.models import Strategy
from indicators.models import Kpi
from kpiplanner.interchange.management.commands.import_kpi_set import Command

from .conftest import export, file_bytes, first_kpi

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_file(tmp_path, varied) -> Path:
    path = tmp_path / "set.json"
    path.write_bytes(file_bytes(export(varied)))
    return path


def run(*args) -> str:
    out = StringIO()
    call_command("import_kpi_set", *args, stdout=out)
    return out.getvalue()


def test_imports_into_the_organisation_by_id(json_file, other_organisation, members):
    output = run(str(json_file), "--organisation", str(other_organisation.pk), "--user", "admin")
    new = Strategy.objects.get(organisation=other_organisation)
    day = date_format(timezone.localdate(), "DATE_FORMAT")
    assert new.name == f"Klanten behouden 2026–2028 (import {day})"
    assert f"“{new.name}” is geïmporteerd in Concurrent BV: 4 doelen" in output
    assert new.get_absolute_url() in output
    kpi = Kpi.objects.filter(csf__goal__strategy=new).first()
    assert kpi.history.get().history_user == members["admin"]


def test_organisation_may_be_given_by_short_name_and_messages_in_english(
    json_file, other_organisation
):
    output = run(str(json_file), "--organisation", "concurrent", "--lang", "en")
    assert "Imported “Klanten behouden 2026–2028 (import " in output
    assert ")” into Concurrent BV" in output
    assert "Owner “" in output and "is not a member of Concurrent BV" in output


def test_refused_file_raises_with_every_problem_and_writes_nothing(
    tmp_path, varied, other_organisation
):
    data = export(varied)
    first_kpi(data)["unit"] = "furlongs"
    path = tmp_path / "bad.json"
    path.write_bytes(file_bytes(data))
    with pytest.raises(CommandError) as caught:
        run(str(path), "--organisation", str(other_organisation.pk))
    assert str(caught.value).startswith("Dit bestand is niet geïmporteerd; er is niets veranderd.")
    assert "- Doel 1, KSF 1, KPI 1: eenheid (unit) heeft de onbekende code" in str(caught.value)
    assert not Strategy.objects.filter(organisation=other_organisation).exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--organisation", "nope"], "Er is geen organisatie “nope”."),
        (["--organisation", "9" * 40], "Er is geen organisatie"),
        (["--organisation", "concurrent", "--user", "ghost"], "Er is geen gebruiker “ghost”."),
    ],
)
def test_unknown_organisation_or_user_is_refused(json_file, other_organisation, args, expected):
    with pytest.raises(CommandError, match=expected):
        run(str(json_file), *args)


def test_missing_file_is_a_clear_error(tmp_path, other_organisation):
    with pytest.raises(CommandError, match="kan niet worden gelezen"):
        run(str(tmp_path / "nothing.json"), "--organisation", "concurrent")


@override_settings(INTERCHANGE_MAX_FILE_BYTES=100)
def test_file_over_the_cap_is_refused_before_reading(json_file, other_organisation):
    with pytest.raises(CommandError, match="je kunt hoogstens 100\xa0bytes importeren"):
        run(str(json_file), "--organisation", "concurrent")


def test_refused_file_exits_non_zero_with_the_message_on_stderr(
    tmp_path, capsys, other_organisation
):
    """As from the shell: run_from_argv turns the refusal into exit status 1."""
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    command = Command()
    # run_from_argv closes the database connections when done, which would end the test's own.
    with (
        mock.patch("django.core.management.base.connections.close_all"),
        pytest.raises(SystemExit) as caught,
    ):
        command.run_from_argv(
            ["manage.py", "import_kpi_set", str(path), "--organisation", "concurrent"]
        )
    assert caught.value.code == 1
    stderr = capsys.readouterr().err
    assert "Dit bestand is niet geïmporteerd; er is niets veranderd." in stderr
    assert "- Het bestand is geen geldige JSON: het probleem zit in regel 1, kolom 2." in stderr
    assert not Strategy.objects.filter(organisation=other_organisation).exists()
