"""A workshop under load: gunicorn (3 workers of 4 threads) on PostgreSQL, 50 and 200 participants.

Unlike the other benches this one drives a real server over HTTP, the way the screens do
(`workshop_server` runs the server and its database, `workshop_load` the people in the room). It
creates the PostgreSQL database `kpi_bench` afresh, migrates it, seeds the demo (its open workshop,
switched to votes shown live, so the projector shows the counts while voting), collects the static
files when they are missing or stale, and starts gunicorn with `kpiplanner.settings.production`
(DEBUG off, WhiteNoise, CONN_MAX_AGE 60) on 127.0.0.1:8717 with SECURE_SSL_REDIRECT=false. The
client plays the TLS-terminating proxy: it sends `X-Forwarded-Proto: https` and keeps the Secure
cookies itself. The server is always stopped (try/finally, bounded waits) and the database dropped.

Each run lasts 60 s, in one asyncio process (aiohttp) so the load generator stays light:
- every participant joins by code (GET and POST /join/, spread over the first 5 s), opens its
  page and then polls its live region as htmx does: every second, following the `hx-get` URL of
  the last region it got (a 200 restarts the one-second wait, a 204 keeps the beat; no second
  request while one is in flight); it sends the list revision it holds as workshop.js does
  (`X-Workshop-List`) and takes new rows appended to that list (`data-append-from` = the
  revision it holds, then it holds `data-append-to`; rows for another list make it ask for the
  list whole, as workshop.js does); it proposes twice before voting starts and spends its
  3 dots once the region shows `form[data-vote]`, on random visible proposals;
- the facilitator polls the control region and starts voting after 15 s;
- the projector polls the screen region, sending the list revision it holds as workshop.js does
  (a region that leaves the list in place brings the vote counts as data in `#ws-counts`).
Nothing is retried; every loop ends by the deadline, each request after 10 s at most.

Figures per run (prefix `workshop_<n>p_`): requests/s; p50/p95/p99 in ms per endpoint, where a
poll answered 204 ("unchanged"), one answered with only the vote counts ("counts", a 200 with
`HX-Reswap: none` from the middleware), one answered with new rows for the list the phone holds
("appended", the same with rows) and one answered 200 ("changed", the region rendered) are
separate; errors (any status other than 2xx/3xx, timeouts, connection failures; a vote or
proposal the server refuses with its message, e.g. "voting is not open", is counted as
`refused`, not as an error); and the count check against the database afterwards.

Vote → projector: a vote acknowledged (200 without a refusal) at client time t is the k-th
acknowledged vote on its proposal P. Votes are only added in this bench, so at t at least k votes
on P are stored; the projector shows "a total that includes it" from the first screen region the
client receives with count(P) ≥ k. The delay is that region's arrival − t (0 when the projector
already showed count(P) ≥ k at t, which happens when its render raced the acknowledgement). It
includes the projector's polling interval (up to 1 s), as a person in the room experiences it. Votes
never shown by the end (the projector polls up to 10 s after the load stops) count as "unshown"
and as infinitely late in the p95.

Count check: every proposal the client saw acknowledged (its text in the returned region) must be
stored exactly once, and per participant the stored votes per proposal must equal the
acknowledged ones; `*_mismatch` figures must be 0. A request that timed out may or may not have
been stored: those are reported as `*_stored_unacknowledged`.
"""

import asyncio
import contextlib
import os
import re
import time

from bench.workshop_load import DURATION, Run, run_size
from bench.workshop_server import (
    DB_NAME,
    Server,
    admin_sql,
    manage,
    prepare_database,
    reset_workshop,
    start_profilers,
    static_is_fresh,
    stop_profilers,
)

# BENCH_WORKSHOP_SIZES / BENCH_WORKSHOP_SECONDS shorten a trial run; `make bench` uses the defaults.
SIZES = tuple(int(n) for n in os.environ.get("BENCH_WORKSHOP_SIZES", "50,200").split(","))
GOAL_POLL_P95_MS = 50.0
GOAL_UPDATE_P95_S = 2.0


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _figures(run: Run, elapsed: float, cpu: float) -> tuple[dict[str, float], list[str]]:
    prefix = f"workshop_{run.size}p_"
    stats = run.stats
    figures: dict[str, float] = {
        "requests_per_s": stats.requests / elapsed,
        "requests": stats.requests,
        "errors": sum(stats.errors.values()),
        "clients_cut_off": stats.cut,
        # Every join, proposal, vote and control bumps the one revision all screens poll.
        "revisions_per_s": run.revisions / elapsed,
    }
    for what, n in sorted(stats.errors.items()):
        figures["errors_" + re.sub(r"\W+", "_", what).strip("_").lower()] = n
    for what, n in sorted(stats.refused.items()):
        figures[f"refused_{what}"] = n
    for endpoint in sorted(stats.durations):
        values = stats.durations[endpoint]
        if not values:
            continue
        figures[f"{endpoint}_count"] = len(values)
        for q in (50, 95, 99):
            figures[f"{endpoint}_p{q}_ms"] = _percentile(values, q)
    delays, unshown = run.update_delays()
    figures["update_p50_s"] = _percentile(delays, 50)
    figures["update_p95_s"] = _percentile(delays, 95)
    figures["update_max_s"] = max(delays) if delays else float("nan")
    figures["update_unshown"] = unshown
    figures.update(run.count_check())
    figures["load_generator_cpu_s"] = cpu
    polls = [
        *stats.durations.get("participant_poll_204", []),
        *stats.durations.get("participant_poll_counts", []),
        *stats.durations.get("participant_poll_appended", []),
        *stats.durations.get("participant_poll_200", []),
    ]
    poll_p95 = _percentile(polls, 95)
    figures["participant_poll_any_p50_ms"] = _percentile(polls, 50)
    figures["participant_poll_any_p95_ms"] = poll_p95
    figures["participant_poll_share_unchanged"] = (
        len(stats.durations.get("participant_poll_204", [])) / len(polls) if polls else 0
    )
    update_p95 = figures["update_p95_s"]
    errors = figures["errors"]
    mismatch = figures["proposals_mismatch"] + figures["votes_mismatch"]

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT MET"

    goals = [f"goals at {run.size} participants:"]
    if run.size <= 50:
        goals.append(
            f"  poll p95 < {GOAL_POLL_P95_MS:.0f} ms (every participant poll, any answer): "
            f"{poll_p95:.1f} ms, "
            f"{verdict(poll_p95 < GOAL_POLL_P95_MS)}"
        )
    if figures["votes_acknowledged"]:
        goals.append(
            f"  update p95 ≤ {GOAL_UPDATE_P95_S:.0f} s: {update_p95:.2f} s, "
            f"{verdict(update_p95 <= GOAL_UPDATE_P95_S)}"
        )
    else:
        goals.append(f"  update p95 ≤ {GOAL_UPDATE_P95_S:.0f} s: no vote acknowledged, NOT MET")
    goals.append(f"  0 errors: {errors:.0f}, {verdict(errors == 0)}")
    goals.append(f"  acknowledged == stored: {verdict(mismatch == 0)}")
    if stats.error_samples:
        goals.append("  first errors: " + "; ".join(stats.error_samples))
    return {prefix + key: float(value) for key, value in figures.items()}, goals


def run() -> dict[str, float]:
    import psycopg  # noqa: F401  (fail early when the PostgreSQL driver is missing)

    if not static_is_fresh():
        manage("collectstatic", "--no-input", "-v0", timeout=600)
    server = Server()
    figures: dict[str, float] = {}
    notes: list[str] = []
    try:
        code = prepare_database()
        server.start()
        for size in SIZES:
            workshop_id = reset_workshop(code)
            cpu_before, server_before = time.process_time(), server.cpu_seconds()
            spies = start_profilers(server, size, DURATION)
            try:
                result, elapsed = asyncio.run(run_size(size, workshop_id, code))
            finally:
                stop_profilers(spies)
            cpu = time.process_time() - cpu_before
            more, goals = _figures(result, elapsed, cpu)
            server_cpu = server.cpu_seconds() - server_before
            more[f"workshop_{size}p_gunicorn_workers_cpu_s"] = server_cpu
            # What the workers got of the 2 shared cores, and what a request cost them.
            more[f"workshop_{size}p_gunicorn_workers_cores_used"] = server_cpu / elapsed
            more[f"workshop_{size}p_gunicorn_cpu_ms_per_request"] = (
                1000 * server_cpu / max(1, result.stats.requests)
            )
            more[f"workshop_{size}p_load_average_1min"] = os.getloadavg()[0]
            figures.update(more)
            notes += goals
            time.sleep(2)  # let the workers settle between sizes
    finally:
        server.stop()
        with contextlib.suppress(Exception):
            admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        server.log.close()
        with contextlib.suppress(OSError):
            os.unlink(server.log.name)
    for line in notes:
        print(line)
    return figures
