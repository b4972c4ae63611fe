"""Small helpers the benchmarks share: timing a callable and logging in a client."""

import statistics
import time
from collections.abc import Callable


def measure_ms(func: Callable[[], object], *, repeat: int, warmup: int = 3) -> list[float]:
    """Call `func` `warmup` times unmeasured, then `repeat` times; the durations in ms."""
    for _ in range(warmup):
        func()
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(prefix: str, durations: list[float]) -> dict[str, float]:
    return {
        f"{prefix}_median_ms": statistics.median(durations),
        f"{prefix}_p95_ms": percentile(durations, 95),
    }


def logged_in_client(username: str):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client
