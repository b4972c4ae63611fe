"""`make bench`: run every bench/bench_*.py module, print its figures, write bench-results.json.

Each module has `run() -> dict[str, float]`, figure name → number with the unit in the name.
The runner sets Django up with the test settings and a throw-away test database (SQLite in
memory, or PostgreSQL when DATABASE_URL is set), so benchmarks never touch real data.
"""

import importlib
import json
import os
import pkgutil
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpiplanner.settings.test")


def main(selected: list[str]) -> int:
    import django

    django.setup()
    from django.test.utils import setup_databases, teardown_databases

    import bench

    # No setup_test_environment(): its template instrumentation would distort render times.
    databases = setup_databases(verbosity=0, interactive=False, serialized_aliases=[])
    results: dict[str, float] = {}
    try:
        names = sorted(m.name for m in pkgutil.iter_modules(bench.__path__))
        for name in names:
            if not name.startswith("bench_") or (selected and name not in selected):
                continue
            started = time.perf_counter()
            figures = importlib.import_module(f"bench.{name}").run()
            print(f"{name} ({time.perf_counter() - started:.1f} s)")
            for key, value in figures.items():
                print(f"  {key:<45} {value:>12.3f}")
            results.update(figures)
    finally:
        teardown_databases(databases, verbosity=0)
    out = Path(__file__).resolve().parent.parent / "bench-results.json"
    if selected and out.exists():  # one module re-run: keep the other modules' figures
        results = {**json.loads(out.read_text()), **results}
    out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"wrote {out.name} ({len(results)} figures)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
