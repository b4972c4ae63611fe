"""A facilitator imports a month of KPI values from a sheet: a file with bad lines is refused
with each line named, a good one is previewed (new values, a correction old → new) and imported
at once; the strategy page then shows the values. Screenshots at 1280 px and on a phone."""

from decimal import Decimal
from pathlib import Path

import pytest

from indicators.models import Measurement
from tests.browser.conftest import PASSWORD, login
from tests.factories import KpiFactory, MeasurementFactory, MembershipFactory, StrategyFactory
from tests.interchange.measurement_helpers import csv_bytes, make_kpis, month, this_quarter

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/work/shots/mimport")


@pytest.fixture
def setup():
    facilitator = MembershipFactory(
        role="facilitator",
        user__username="fatima",
        user__first_name="Fatima",
        user__password=PASSWORD,
        organisation__name="Energie Noord",
    )
    strategy = StrategyFactory(organisation=facilitator.organisation, name="Klanten behouden")
    kpis = make_kpis(strategy)
    for name in ("Eerste-keer-goed-oplossing", "Wachttijd telefoon"):
        KpiFactory(csf=kpis["time"].csf, name=name)
    MeasurementFactory(
        kpi=kpis["time"], period=month(3), value=Decimal("13.5"), note="Drukke maand"
    )
    return strategy, kpis


def snap(page, shot, name: str):
    """The page at 1280 px and at 390 px (a phone), in test-artifacts and /work/shots."""
    for width, suffix in ((1280, ""), (390, "-phone")):
        page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
        path = shot(page, f"measurement-import-{name}{suffix}")
        if SHOTS.parent.exists():
            SHOTS.mkdir(exist_ok=True)
            page.screenshot(path=SHOTS / path.name, full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_values_are_imported_from_a_sheet(page, shot, setup):
    strategy, kpis = setup
    time, nps = kpis["time"], kpis["nps"]
    errors: list[str] = []  # under the Content-Security-Policy: no refused script or style
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, "fatima")
    page.goto(f"{page.base_url}{strategy.get_absolute_url()}")
    page.click("a[data-import-values]")
    page.wait_for_selector("#values-form")
    snap(page, shot, "upload")

    bad = csv_bytes(
        [
            ["KPI", "Periode", "Waarde", "Toelichting"],
            [time.pk, month(2).isoformat(), "1,250.5", ""],
            ["Klantverloop", month(2).isoformat(), "3", ""],
            [time.pk, month(2).replace(day=15).isoformat(), "12", ""],
            [time.pk, month(4).isoformat(), "12", ""],
            [time.pk, month(4).isoformat(), "11", ""],
            [time.pk, "2099-01-01", "12", ""],
            [nps.pk, this_quarter().isoformat(), "veel", ""],
        ]
    )
    page.set_input_files("#id_file", {"name": "waarden.csv", "mimeType": "text/csv", "buffer": bad})
    page.click("#values-form button[type=submit]")
    page.wait_for_selector("[data-import-problems]")
    lines = page.locator(".import-problems [data-line]")
    assert [lines.nth(i).get_attribute("data-line") for i in range(lines.count())] == [
        "2",
        "3",
        "4",
        "6",
        "7",
        "8",
    ]
    snap(page, shot, "errors")
    assert not Measurement.objects.filter(period=month(2)).exists()

    good = csv_bytes(
        [
            ["KPI", "Naam", "Periode", "Waarde", "Toelichting"],
            [time.pk, time.name, month(3).isoformat(), "12,5", "Telfout hersteld"],
            [time.pk, time.name, month(2).isoformat(), "12", ""],
            [time.pk, time.name, month(1).isoformat(), "11,5", ""],
            [nps.pk, nps.name, this_quarter().isoformat(), "1.250,5", "Nieuwe meetmethode"],
        ]
    )
    page.set_input_files(
        "#id_file", {"name": "waarden.csv", "mimeType": "text/csv", "buffer": good}
    )
    page.click("#values-form button[type=submit]")
    page.wait_for_selector("[data-import-ready]")
    assert page.get_attribute("[data-additions]", "data-additions") == "3"
    assert page.get_attribute("[data-corrections]", "data-corrections") == "1"
    snap(page, shot, "ready")
    page.click("[data-import-confirm]")
    page.wait_for_url(f"{page.base_url}{strategy.get_absolute_url()}")
    assert "Geïmporteerd: 3 nieuwe waarden, 1 correctie." in page.inner_text("main")
    assert Measurement.objects.get(kpi=time, period=month(3)).value == Decimal("12.5")
    snap(page, shot, "done")
    assert errors == []
