"""A facilitator of one organisation imports the KPI set another organisation exported as JSON,
and lands on the new strategy; a hostile file is refused with its problems, nothing imported."""

import datetime
import json
from decimal import Decimal

import pytest

from goals.models import Strategy
from indicators.models import Kpi, KpiMilestone
from kpiplanner.interchange.formats import dumps, version_to_json
from kpiplanner.reviews.services import kpi_set_approve
from tests.browser.conftest import PASSWORD, login
from tests.factories import (
    CsfFactory,
    GoalFactory,
    KpiFactory,
    MembershipFactory,
    StrategyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def exported(tmp_path):
    """Version 1 of Energie Noord's set as a JSON file, and a facilitator of Waterbedrijf Zuid."""
    manager = UserFactory(username="manager", first_name="Pieter", last_name="Jansen")
    source = MembershipFactory(user=manager, role="manager", organisation__name="Energie Noord")
    facilitator = UserFactory(
        username="facilitator", first_name="Fatima", last_name="El Amrani", password=PASSWORD
    )
    target = MembershipFactory(
        user=facilitator, role="facilitator", organisation__name="Waterbedrijf Zuid"
    ).organisation
    MembershipFactory(user=manager, role="manager", organisation=target)
    today = datetime.date.today()
    strategy = StrategyFactory(
        organisation=source.organisation,
        name="Klanten behouden door snelle service",
        horizon_start_year=today.year,
        horizon_end_year=today.year + 2,
    )
    goal = GoalFactory(strategy=strategy, title="Minder klanten zeggen op")
    GoalFactory(strategy=strategy, parent=goal, title=f"Verloop {today.year} onder 3%", order=1)
    fast = CsfFactory(goal=goal, title="Klantvragen snel oplossen")
    kpi = KpiFactory(
        csf=fast,
        name="Gemiddelde oplostijd",
        owner=manager,
        owner_accepted=True,
        baseline_date=today - datetime.timedelta(days=30),
        target_date=datetime.date(today.year + 1, 6, 30),
        status="approved",
    )
    KpiMilestone.objects.create(
        kpi=kpi, due_date=datetime.date(today.year, 12, 31), value=Decimal("12")
    )
    other = UserFactory(username="elders", first_name="Eva", last_name="Elders")
    KpiFactory(
        csf=fast,
        name="Wachttijd aan de telefoon",
        unit="minutes",
        baseline_value=Decimal("6"),
        target_value=Decimal("3"),
        owner=other,
        baseline_date=today - datetime.timedelta(days=30),
        target_date=datetime.date(today.year + 1, 6, 30),
        status="approved",
    )
    version = kpi_set_approve(strategy=strategy, approver=manager)
    path = tmp_path / "klanten-behouden-v1.json"
    path.write_text(dumps(version_to_json(version)), encoding="utf-8")
    return {"path": path, "target": target, "source": strategy}


def test_facilitator_imports_an_exported_set_and_a_hostile_file_is_refused(
    page, shot, exported, tmp_path
):
    login(page, "facilitator")
    shot(page, "import-0-dashboard")
    page.get_by_role("link", name="Importeren").click()
    page.get_by_role("heading", name="KPI-set importeren").wait_for()
    assert page.get_by_text("Waterbedrijf Zuid").first.is_visible()
    shot(page, "import-1-page")

    # A hostile file: script in the text, a foreign format marker, a broken date.
    data = json.loads(exported["path"].read_text(encoding="utf-8"))
    data["format"] = "<script>alert('x')</script>"
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(data), encoding="utf-8")
    page.set_input_files("#id_file", str(hostile))
    page.get_by_role("button", name="Importeren").click()
    page.get_by_text("Dit bestand is niet geïmporteerd; er is niets veranderd.").wait_for()
    problems = page.locator(".import-problems li").all_inner_texts()
    assert problems == [
        "Het bestand is geen KPI-set uit KPI Planner: het formaat is “<script>alert('x')</script>”."
    ]
    assert not Strategy.objects.filter(organisation=exported["target"]).exists()
    # Only the problems were redrawn: the refused file is still chosen, and named.
    assert page.locator("#id_file").evaluate("input => input.files[0].name") == "hostile.json"
    assert page.get_by_text("(hostile.json)").is_visible()
    shot(page, "import-2-hostile-refused")

    data = json.loads(exported["path"].read_text(encoding="utf-8"))
    data["goals"][0]["csfs"][0]["kpis"][1]["target_date"] = "30-06-2027"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    page.set_input_files("#id_file", str(broken))
    page.get_by_role("button", name="Importeren").click()
    page.get_by_text("Doel 1, KSF 1, KPI 2: streefdatum (target_date) is geen datum").wait_for()
    assert not Strategy.objects.filter(organisation=exported["target"]).exists()
    shot(page, "import-3-broken-date-refused")

    # The real file: the new strategy opens, with the report of what came in.
    page.set_input_files("#id_file", str(exported["path"]))
    page.get_by_role("button", name="Importeren").click()
    page.get_by_role("heading", name="Klanten behouden door snelle service").wait_for()
    new = Strategy.objects.get(organisation=exported["target"])
    assert page.url == f"{page.base_url}{new.get_absolute_url()}"
    assert page.get_by_text(
        "is geïmporteerd: 2 doelen, 1 kritieke succesfactor, 2 KPI's."
    ).is_visible()
    assert page.get_by_text("Eigenaar “Eva Elders” is geen lid van Waterbedrijf Zuid").is_visible()
    assert set(Kpi.objects.filter(csf__goal__strategy=new).values_list("status", flat=True)) == {
        "draft"
    }
    assert new.pk != exported["source"].pk
    shot(page, "import-4-new-strategy")

    # The page in English, with a refusal over htmx.
    page.goto(f"{page.base_url}/interchange/import/")
    page.get_by_role("button", name="EN", exact=True).click()
    page.get_by_role("heading", name="Import a KPI set").wait_for()
    page.set_input_files("#id_file", str(broken))
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("Goal 1, CSF 1, KPI 2: target date (target_date) is not a date").wait_for()
    shot(page, "import-5-refused-english")

    # The dashboard with the import button, on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.base_url}/")
    shot(page, "import-6-dashboard-phone")
