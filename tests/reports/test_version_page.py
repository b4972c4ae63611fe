"""Where users find the export: the version page's buttons, and progress charts on the web."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Kpi
from tests.conftest import ROLES
from tests.factories import MeasurementFactory, StrategyFactory
from tests.reports.conftest import approved_version

pytestmark = pytest.mark.django_db


def page(client, version):
    return client.get(reverse("reviews:version_detail", args=[version.strategy_id, version.number]))


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_download_buttons(client, members, sample_version, role):
    client.force_login(members[role])
    html = page(client, sample_version).content.decode()
    pdf_url = reverse("reports:version_pdf", args=[sample_version.strategy_id, 1])
    assert f'href="{pdf_url}?lang=nl"' in html and f'href="{pdf_url}?lang=en"' in html
    assert "Handboek downloaden (pdf)" in html and "Pdf in het Engels" in html
    assert reverse("interchange:version_csv", args=[sample_version.strategy_id, 1]) in html
    assert reverse("interchange:version_json", args=[sample_version.strategy_id, 1]) in html
    assert 'data-busy-text="De pdf wordt gemaakt…"' in html
    assert "js/busy_download.js" in html


def test_in_english_the_main_button_is_english_and_the_other_is_dutch(
    client, members, sample_version
):
    client.force_login(members["viewer"])
    client.cookies["django_language"] = "en"
    html = page(client, sample_version).content.decode()
    pdf_url = reverse("reports:version_pdf", args=[sample_version.strategy_id, 1])
    main = html.index(f'href="{pdf_url}?lang=en"')
    other = html.index(f'href="{pdf_url}?lang=nl"')
    assert main < other and "Download the handbook (PDF)" in html and "PDF in Dutch" in html


def test_version_page_shows_a_chart_for_each_approved_kpi_with_measurements(
    client, members, sample_version
):
    client.force_login(members["viewer"])
    html = page(client, sample_version).content.decode()
    assert html.count('class="progress-chart-svg"') == 1
    assert "Voortgang van Gemiddelde oplostijd" in html
    # The rejected KPI is no part of the set, even with measurements.
    rejected = Kpi.objects.get(name="Wachttijd aan de telefoon")
    MeasurementFactory(kpi=rejected, period=datetime.date(2026, 10, 1), value=Decimal(5))
    assert page(client, sample_version).content.decode().count('class="progress-chart-svg"') == 1


def test_version_page_says_so_when_nothing_was_measured(client, members, strategy):
    version = approved_version(strategy, members["manager"], kpis=2)
    client.force_login(members["viewer"])
    html = page(client, version).content.decode()
    assert "Er zijn nog geen metingen vastgelegd" in html
    assert "progress-chart-svg" not in html


@pytest.mark.parametrize("size", [3, 15])
def test_version_page_queries_do_not_grow_with_the_set(
    client, members, organisation, django_assert_num_queries, size
):
    version = approved_version(
        StrategyFactory(organisation=organisation), members["manager"], kpis=size
    )
    for kpi in Kpi.objects.filter(csf__goal__strategy=version.strategy):
        MeasurementFactory(kpi=kpi, period=datetime.date(2026, 10, 1), value=Decimal(12))
    client.force_login(members["viewer"])
    with django_assert_num_queries(8):  # with the header's count of what waits
        html = page(client, version).content.decode()
    assert html.count('class="progress-chart-svg"') == size


def test_kpi_card_shows_its_progress_chart(client, members, kpi):
    MeasurementFactory(kpi=kpi, period=datetime.date(2026, 10, 1), value=Decimal(13))
    MeasurementFactory(kpi=kpi, period=datetime.date(2026, 11, 1), value=Decimal("12.5"))
    client.force_login(members["participant"])
    html = client.get(reverse("reviews:kpi_card", args=[kpi.pk])).content.decode()
    assert 'class="progress-chart-svg"' in html and "12,5\u00a0uur" in html


def test_kpi_card_without_measurements_shows_the_plan(client, members, kpi):
    client.force_login(members["participant"])
    html = client.get(reverse("reviews:kpi_card", args=[kpi.pk])).content.decode()
    assert 'class="progress-chart-svg"' in html and "Nog geen metingen" in html


def test_reviews_imports_nothing_of_reports():
    """reports builds on reviews (the snapshot), never the other way round: no import cycle."""
    import ast
    from pathlib import Path

    import kpiplanner.reviews

    found = []
    for path in Path(kpiplanner.reviews.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            found += [f"{path.name}: {name}" for name in names if "reports" in name]
    assert found == []
