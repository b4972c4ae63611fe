"""A sample approved KPI set: two goals, five approved KPIs of every kind of unit, one rejected."""

import datetime
import re
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from indicators.models import Kpi, KpiMilestone
from kpiplanner.reports import pdf
from kpiplanner.reviews.services import kpi_set_approve
from tests.conftest import build_tree
from tests.factories import CsfFactory, GoalFactory, KpiFactory, MeasurementFactory

D = Decimal

SAMPLE_KPIS = [
    # (csf index, fields)
    (
        0,
        dict(
            name="Gemiddelde oplostijd",
            statement="De gemiddelde oplostijd daalt van 14 naar 10 uur vóór eind Q1 2027.",
            unit="hours",
            direction="lower",
            baseline_value=D(14),
            target_value=D(10),
            on_track_threshold=D(11),
            off_track_threshold=D(13),
        ),
    ),
    (
        0,
        dict(
            name="First-time-right",
            statement="Het percentage tickets dat in één keer is opgelost stijgt naar 75,5%.",
            unit="percent",
            direction="higher",
            baseline_value=D(62),
            target_value=D("75.5"),
        ),
    ),
    (
        1,
        dict(
            name="Klanttevredenheid (CSAT)",
            statement="De CSAT-score uit de maandelijkse enquête stijgt van 7,2 naar 8.",
            unit="score",
            direction="higher",
            baseline_value=D("7.2"),
            target_value=D(8),
        ),
    ),
    (
        2,
        dict(
            name="Omzet per klant",
            statement="De jaarlijkse omzet per klant groeit van € 1.250 naar € 1.500.",
            unit="eur",
            direction="higher",
            baseline_value=D(1250),
            target_value=D(1500),
        ),
    ),
    (
        2,
        dict(
            name="Levertijd",
            statement="Bestellingen worden binnen 3 tot 5 werkdagen geleverd.",
            unit="days",
            direction="range",
            baseline_value=D(8),
            target_value=D(3),
            target_max=D(5),
        ),
    ),
]


@pytest.fixture
def approver(members):
    manager = members["manager"]
    manager.first_name, manager.last_name = "Pieter", "Jansen"
    manager.save()
    return manager


@pytest.fixture
def sample_version(strategy, approver):
    """Version 1 of `strategy`: five approved KPIs (one with measurements), one rejected."""
    service = GoalFactory(strategy=strategy, title="Minder klanten zeggen op", order=1)
    growth = GoalFactory(
        strategy=strategy,
        title="Meer omzet uit bestaande klanten",
        perspective="financial",
        order=2,
    )
    csfs = [
        CsfFactory(goal=service, title="Klantvragen snel oplossen", order=1),
        CsfFactory(goal=service, title="Klanten voelen zich gehoord", order=2),
        CsfFactory(goal=growth, title="Klanten kopen vaker", order=1),
    ]
    kpis = []
    for order, (csf_index, fields) in enumerate(SAMPLE_KPIS):
        kpis.append(
            KpiFactory(
                csf=csfs[csf_index],
                order=order,
                status="approved",
                owner=approver,
                owner_accepted=True,
                **fields,
            )
        )
    KpiMilestone.objects.create(kpi=kpis[0], due_date=datetime.date(2026, 12, 31), value=D(12))
    for month, value in enumerate(["14", "13.4", "12.1"], start=10):
        MeasurementFactory(kpi=kpis[0], period=datetime.date(2026, month, 1), value=D(value))
    KpiFactory(csf=csfs[0], name="Wachttijd aan de telefoon", status="rejected")
    return kpi_set_approve(strategy=strategy, approver=approver)


def approved_version(strategy, approver, *, kpis: int):
    """Version 1 of `strategy` with `kpis` approved KPIs (for size tests)."""
    build_tree(strategy, kpis=kpis)
    Kpi.objects.filter(csf__goal__strategy=strategy).update(status="approved")
    return kpi_set_approve(strategy=strategy, approver=approver)


def snapshot_kpi(version, name: str) -> dict:
    """The KPI called `name` in the version's snapshot (to change it in memory for a test)."""
    return next(
        kpi
        for goal in version.snapshot["goals"]
        for csf in goal["csfs"]
        for kpi in csf["kpis"]
        if kpi["name"] == name
    )


def pdf_text(pdf: bytes) -> str:
    """All text of a PDF, with whitespace (line breaks, no-break spaces) collapsed."""
    reader = PdfReader(BytesIO(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def page_count(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


FAKE_PDF = b"%PDF-1.7 fake"


@pytest.fixture
def fake_render(monkeypatch):
    """Skip Typst where only the logic around it is under test; keep the data it was given."""
    seen = []

    def render(data):
        seen.append(data)
        return FAKE_PDF

    monkeypatch.setattr(pdf, "compile_pdf", render)
    return seen
