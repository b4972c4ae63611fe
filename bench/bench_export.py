"""The PDF handbook of an approved set of 20, 100 and 500 KPIs: time, pages and memory.

Each set gets its own strategy (the demo's shared benchmark strategies are left alone, as other
modules measure them), with every definition-card field filled in and measurements for one KPI
in three, so a third of the cards carry a progress chart. "cold" is a rendering as a download
without a kept copy does it (the data, Typst, keeping the file): the median of a few, wall and
CPU time (of every thread, Typst's process included; the machine is shared, so wall time
varies with what else runs); "per_kpi" shows how the time grows (flat means linear).
Memory is the resident size (RSS): how far the web or worker process's peak rose above its size
before the first rendering of that set ("rss_growth") and what it still holds after
("rss_kept"); Typst itself runs in a child process per document, whose peak is
"typst_process_peak" (the largest so far) and which gives it all back when it ends. Each
rendering of a size has the same data, and a fresh process, so none profits from Typst's caches
of an earlier one. Goals (issue 16): 100 KPIs < 0.8 s, 500 < 4 s, memory growth at 500 < 400 MB.
The 100- and 500-KPI sets are above `reports.data.OVERVIEW_KPI_ROWS`: their handbooks have the
compact overview (goals and critical success factors), the 20-KPI set the full one.

"kept_ms" is a download whose handbook was rendered before and has not changed since: the key
is computed from the snapshot, the measurements and the template and font digests, and the kept
PDF read from the database, without rendering (goal < 50 ms at 500 KPIs).
"""

import datetime
import gc
import resource
import statistics
import time
from decimal import Decimal
from io import BytesIO

from pypdf import PdfReader

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Strategy
from indicators.models import Kpi, Measurement
from kpiplanner.demo.data import month_start, seed_demo
from kpiplanner.reports.pdf import render_handbook
from kpiplanner.reports.store import handbook_pdf, render_and_keep
from kpiplanner.reviews.services import kpi_set_approve

SIZES = (20, 100, 500)
REPEAT = {20: 5, 100: 3, 500: 3}


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


def rss_mb() -> float:
    """The process's resident size now."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def cpu_s() -> float:
    """CPU time of this process and of the Typst processes it ran (every thread)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run() -> dict[str, float]:
    demo = seed_demo(password="bench-pass")
    users = {m.user.username: m.user for m in demo.organisation.memberships.select_related("user")}
    today = datetime.date.today()
    render_handbook(demo.strategy.kpi_set_versions.get(number=1), lang="nl")  # fonts, templates
    figures: dict[str, float] = {}
    for size in SIZES:
        version = approved_set(demo.organisation, users, size, today)
        version.strategy  # noqa: B018 - loaded by the download view
        gc.collect()
        before = rss_mb()
        walls, cpus = [], []
        for _ in range(REPEAT[size]):
            wall, cpu = time.perf_counter(), cpu_s()
            document = render_and_keep(version, "nl")
            walls.append(time.perf_counter() - wall)
            cpus.append(cpu_s() - cpu)
        peak = peak_rss_mb()
        gc.collect()
        prefix = f"export_pdf_{size}_kpis"
        figures[f"{prefix}_cold_s"] = statistics.median(walls)
        figures[f"{prefix}_cpu_s"] = statistics.median(cpus)
        figures[f"{prefix}_per_kpi_ms"] = statistics.median(cpus) / size * 1000
        figures[f"{prefix}_pages"] = len(PdfReader(BytesIO(document)).pages)
        figures[f"{prefix}_size_kb"] = len(document) / 1024
        figures[f"{prefix}_rss_growth_mb"] = max(0.0, peak - before)
        figures[f"{prefix}_rss_kept_mb"] = rss_mb() - before
        # Typst runs in a child process per document: its peak, given back when it ends.
        figures[f"{prefix}_typst_process_peak_mb"] = (
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        )
        kept = []
        for _ in range(5):
            wall = time.perf_counter()
            assert handbook_pdf(version, lang="nl").startswith(b"%PDF")
            kept.append(time.perf_counter() - wall)
        figures[f"{prefix}_kept_ms"] = statistics.median(kept) * 1000
    figures["export_pdf_max_rss_mb"] = peak_rss_mb()
    return figures
