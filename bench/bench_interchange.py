"""Export and import of an approved KPI set of 500 KPIs: server time and queries.

The benchmark strategy of the demo (500 KPIs, 84 goals, 168 CSFs), approved as version 1 by
seed_demo, is written as JSON and CSV, and imported into a second organisation. The import checks
every node with the models' rules in Python (CHECK constraints included) and writes each level of
the tree in bulk: a fixed number of queries (on SQLite a few more, as it inserts at most 999
values per statement). "cpu_ms" is the import's own CPU time, as the machine is shared.
"""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.timing import measure_ms, summary
from indicators.models import Kpi
from kpiplanner.accounts.models import Organisation
from kpiplanner.demo.data import seed_demo
from kpiplanner.interchange.formats import dumps, version_to_csv, version_to_json
from kpiplanner.interchange.reading import read_kpi_set
from kpiplanner.interchange.services import kpi_set_import
from kpiplanner.interchange.validation import check_kpi_set
from kpiplanner.reviews.models import KpiSetVersion
from kpiplanner.reviews.snapshot import build_snapshot, snapshot_queryset

KPIS = 500


def run() -> dict[str, float]:
    demo = seed_demo(password="bench-pass", kpis=KPIS)
    strategy = demo.large_strategy
    kpis = Kpi.objects.filter(csf__goal__strategy=strategy)
    statuses = dict(kpis.values_list("pk", "status"))
    kpis.update(status="approved")
    try:
        return _measure(demo, strategy)
    finally:
        # Later modules (bench_review) measure the same strategy with its KPIs as they were.
        for status in set(statuses.values()):
            Kpi.objects.filter(pk__in=[k for k, s in statuses.items() if s == status]).update(
                status=status
            )


def _measure(demo, strategy) -> dict[str, float]:
    version = KpiSetVersion.objects.filter(strategy=strategy).first()
    if version is None:
        version = KpiSetVersion.objects.create(
            strategy=strategy,
            number=1,
            snapshot=build_snapshot(snapshot_queryset().get(pk=strategy.pk)),
            approved_by=demo.organisation.memberships.first().user,
            approved_at=strategy.created_at,
        )
    target, _ = Organisation.objects.get_or_create(
        slug="bench-import", defaults={"name": "Bench import"}
    )
    raw = dumps(version_to_json(version)).encode()
    figures = {f"export_{KPIS}_kpis_json_kb": len(raw) / 1024}
    figures.update(
        summary(
            f"export_{KPIS}_kpis_json",
            measure_ms(lambda: dumps(version_to_json(version)), repeat=10),
        )
    )
    figures.update(
        summary(
            f"export_{KPIS}_kpis_csv", measure_ms(lambda: version_to_csv(version, "nl"), repeat=10)
        )
    )
    figures.update(
        summary(
            f"import_{KPIS}_kpis_check_only",
            measure_ms(lambda: check_kpi_set(read_kpi_set(raw)), repeat=3, warmup=1),
        )
    )

    def import_once():
        kpi_set_import(data=read_kpi_set(raw), organisation=target)

    with CaptureQueriesContext(connection) as queries:
        import_once()
    figures[f"import_{KPIS}_kpis_queries"] = len(queries)
    figures.update(summary(f"import_{KPIS}_kpis", measure_ms(import_once, repeat=3, warmup=0)))
    cpu = time.process_time()
    import_once()
    figures[f"import_{KPIS}_kpis_cpu_ms"] = (time.process_time() - cpu) * 1000
    return figures
