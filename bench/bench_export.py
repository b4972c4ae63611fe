"""The PDF handbook of an approved set of 20, 100 and 500 KPIs: time, pages and peak memory.

Each set gets its own strategy (the demo's shared benchmark strategies are left alone, as other
modules measure them), with every definition-card field filled in and measurements for one KPI
in three, so a third of the cards carry a progress chart. Time is the median of a few renders
(CPU time and wall time: the machine is shared), measured as the download view spends it: up to
the finished PDF, with the garbage collection the render leaves behind done after the response
has gone out ("collect_after_s", not part of the wait); memory is the peak of Python allocations
during one render (tracemalloc, run separately because it slows rendering down), and the
process's peak resident size at the end. "per_kpi" figures show how the time grows: flat
means linear.

Downloads go through the handbook store (kpiplanner/reports/store.py): "stored_ms" is a download
whose handbook was rendered before (at approval, or by an earlier download) and has not changed
since: the HTML is rendered and fingerprinted, and the kept PDF is read from the database.
"""

import datetime
import resource
import statistics
import time
import tracemalloc
from decimal import Decimal
from io import BytesIO

from pypdf import PdfReader

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Strategy
from indicators.models import Kpi, Measurement
from kpiplanner.demo.data import month_start, seed_demo
from kpiplanner.reports.pdf import pause_cyclic_collector, render_handbook
from kpiplanner.reports.store import handbook_pdf
from kpiplanner.reviews.services import kpi_set_approve

SIZES = (20, 100, 500)
REPEAT = {20: 5, 100: 3, 500: 1}


def approved_set(organisation, users, size: int, today: datetime.date):
    """Version 1 of a strategy with `size` approved KPIs, two CSFs per goal, three KPIs per CSF."""
    strategy, created = Strategy.objects.get_or_create(
        organisation=organisation,
        name=f"Handboek-benchmark ({size} KPI's)",
        defaults={
            "mission": "Wij helpen klanten snel en in één keer.",
            "vision": "De klantenservice is de reden dat klanten blijven.",
            "horizon_start_year": today.year,
            "horizon_end_year": today.year + 2,
        },
    )
    if not created:
        return strategy.kpi_set_versions.get(number=1)
    goals = Goal.objects.bulk_create(
        Goal(
            strategy=strategy,
            order=g,
            title=f"Doel {g + 1}: minder klanten zeggen op in regio {g + 1}",
            description="Het klantverloop moet omlaag; service is de belangrijkste hefboom.",
            perspective=("financial", "customer", "internal", "people")[g % 4],
        )
        for g in range(-(-size // 6))
    )
    csfs = CriticalSuccessFactor.objects.bulk_create(
        CriticalSuccessFactor(
            goal=goal,
            order=c,
            title=f"Succesfactor {goal.order + 1}.{c + 1}: vragen in één keer oplossen",
            description="Klanten die vaker moeten bellen, zeggen eerder op.",
        )
        for goal in goals
        for c in range(2)
    )
    baseline_date = month_start(today, 7) - datetime.timedelta(days=1)
    kpis = Kpi.objects.bulk_create(
        Kpi(
            csf=csfs[i // 3],
            order=i % 3,
            name=f"Gemiddelde oplostijd, team {i + 1}",
            statement=f"De gemiddelde oplostijd van team {i + 1} daalt van 14 naar 10 uur "
            f"vóór eind {today.year + 1}.",
            definition="Som van de doorlooptijden van alle opgeloste tickets in de maand, "
            "gedeeld door het aantal opgeloste tickets.",
            unit="hours",
            direction="lower",
            baseline_value=Decimal(14),
            baseline_date=baseline_date,
            target_value=Decimal(10),
            target_date=datetime.date(today.year + 1, 12, 31),
            on_track_threshold=Decimal(11),
            off_track_threshold=Decimal(13),
            frequency="monthly",
            data_source="Ticketsysteem (export)",
            owner=users["manager"],
            owner_accepted=True,
            rationale="Snellere oplossing is wat deze succesfactor vraagt.",
            status="approved",
        )
        for i in range(size)
    )
    Measurement.objects.bulk_create(
        Measurement(kpi=kpi, period=month_start(today, 6 - m), value=Decimal(14) - Decimal(m) / 3)
        for kpi in kpis[::3]
        for m in range(6)
    )
    return kpi_set_approve(strategy=strategy, approver=users["manager"])


def run() -> dict[str, float]:
    demo = seed_demo(password="bench-pass")
    users = {m.user.username: m.user for m in demo.organisation.memberships.select_related("user")}
    today = datetime.date.today()
    render_handbook(demo.strategy.kpi_set_versions.get(number=1), lang="nl")  # fonts, templates
    figures: dict[str, float] = {}
    for size in SIZES:
        version = approved_set(demo.organisation, users, size, today)
        walls, cpus, collects = [], [], []
        for _ in range(REPEAT[size]):
            end_pause = pause_cyclic_collector()  # as the download view does
            wall, cpu = time.perf_counter(), time.process_time()
            document = render_handbook(version, lang="nl")
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            collect = time.perf_counter()
            end_pause()
            collects.append(time.perf_counter() - collect)
        tracemalloc.start()
        render_handbook(version, lang="nl")
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        prefix = f"export_pdf_{size}_kpis"
        figures[f"{prefix}_median_s"] = statistics.median(walls)
        figures[f"{prefix}_cpu_s"] = statistics.median(cpus)
        figures[f"{prefix}_per_kpi_ms"] = statistics.median(cpus) / size * 1000
        figures[f"{prefix}_collect_after_s"] = statistics.median(collects)
        figures[f"{prefix}_pages"] = len(PdfReader(BytesIO(document)).pages)
        figures[f"{prefix}_size_kb"] = len(document) / 1024
        figures[f"{prefix}_peak_python_mb"] = peak / 2**20
        handbook_pdf(version, lang="nl")  # rendered and kept, as at approval
        stored = []
        for _ in range(5):
            wall = time.perf_counter()
            assert handbook_pdf(version, lang="nl").startswith(b"%PDF")
            stored.append(time.perf_counter() - wall)
        figures[f"{prefix}_stored_ms"] = statistics.median(stored) * 1000
    figures["export_pdf_max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures
