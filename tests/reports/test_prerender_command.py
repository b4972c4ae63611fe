"""python manage.py prerender_handbooks: after a deploy, no user waits for a handbook."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from indicators.models import Kpi
from kpiplanner.reports import store
from kpiplanner.reports.models import StoredHandbook
from kpiplanner.reviews.services import kpi_set_approve
from tests.factories import StrategyFactory, UserFactory
from tests.reports.conftest import approved_version

pytestmark = pytest.mark.django_db


def prerender(*args) -> str:
    out = StringIO()
    call_command("prerender_handbooks", *args, stdout=out)
    return out.getvalue()


def kept(version=None) -> set:
    rows = StoredHandbook.objects.all()
    if version is not None:
        rows = rows.filter(version=version)
    return set(rows.values_list("version__number", "language"))


@pytest.fixture
def two_versions(sample_version, approver):
    kpi = Kpi.objects.get(name="Levertijd")
    kpi.name = "Levertijd in werkdagen"
    kpi.save()
    return sample_version, kpi_set_approve(strategy=sample_version.strategy, approver=approver)


def test_renders_the_latest_version_in_every_language_then_leaves_it_alone(
    two_versions, fake_render
):
    out = prerender()
    assert kept() == {(2, "nl"), (2, "en")}
    assert len(fake_render) == 2 and "Levertijd in werkdagen" in fake_render[0]
    assert "Rendered “Klanten behouden” version 2 (nl) in" in out
    assert "Handbooks rendered: 2, already current: 0." in out
    again = prerender()
    assert len(fake_render) == 2
    assert "Handbooks rendered: 0, already current: 2." in again


def test_a_handbook_gone_stale_by_a_new_stylesheet_is_rendered_again(
    two_versions, fake_render, monkeypatch
):
    prerender()
    monkeypatch.setattr(store, "_file_digest", lambda path: b"the stylesheet of a new release")
    out = prerender()
    assert len(fake_render) == 4
    assert "Handbooks rendered: 2, already current: 0." in out


def test_all_versions_on_request(two_versions, fake_render):
    prerender("--all-versions")
    assert kept() == {(1, "nl"), (1, "en"), (2, "nl"), (2, "en")}


def test_one_organisation_by_id_or_short_name(two_versions, fake_render, other_organisation):
    approver = UserFactory()
    theirs = approved_version(
        StrategyFactory(organisation=other_organisation, name="Groei"), approver, kpis=2
    )
    prerender("--organisation", "concurrent")
    assert kept() == {(1, "nl"), (1, "en")} == kept(theirs)
    prerender("--organisation", str(two_versions[0].strategy.organisation_id))
    assert kept(two_versions[1]) == {(2, "nl"), (2, "en")}


def test_an_unknown_organisation_is_refused(fake_render):
    with pytest.raises(CommandError, match="Er is geen organisatie “nobody”"):
        prerender("--organisation", "nobody")


def test_a_version_too_large_for_a_pdf_is_skipped_with_a_word(two_versions, fake_render, settings):
    settings.REPORT_MAX_KPIS = 3
    out = prerender()
    assert fake_render == [] and kept() == set()
    assert "Skipped “Klanten behouden” version 2: too large for a PDF." in out
    assert "versions too large for a PDF: 1" in out
