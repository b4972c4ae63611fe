"""A workshop under load: gunicorn (3 workers of 4 threads) on PostgreSQL, 50 and 200 participants.

Unlike the other benches this one drives a real server over HTTP, the way the screens do. It
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
  request while one is in flight); it proposes twice before voting starts and spends its 3 dots
  once the region shows `form[data-vote]`, on random visible proposals;
- the facilitator polls the control region and starts voting after 15 s;
- the projector polls the screen region, sending the list revision it holds as workshop.js does
  (a region that leaves the list in place brings the vote counts as data in `#ws-counts`).
Nothing is retried; every loop ends by the deadline, each request after 10 s at most.

Figures per run (prefix `workshop_<n>p_`): requests/s; p50/p95/p99 in ms per endpoint, where a
poll answered 204 ("unchanged"), one answered with only the vote counts ("counts", a 200 with
`HX-Reswap: none` from the middleware) and one answered 200 ("changed", the region rendered) are
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
import html
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST, PORT = "127.0.0.1", 8717
BASE = f"http://{HOST}:{PORT}"
ORIGIN = f"https://{HOST}:{PORT}"  # what the browser sees behind the TLS proxy
DB_NAME = "kpi_bench"
PG = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "bench-pass-8717"
# BENCH_WORKSHOP_SIZES / BENCH_WORKSHOP_SECONDS shorten a trial run; `make bench` uses the defaults.
SIZES = tuple(int(n) for n in os.environ.get("BENCH_WORKSHOP_SIZES", "50,200").split(","))
DURATION = float(os.environ.get("BENCH_WORKSHOP_SECONDS", "60"))
# Threads per gunicorn worker (gthread when more than 1, as in the Procfile); 1: sync workers.
THREADS = int(os.environ.get("BENCH_WORKSHOP_THREADS", "4"))
JOIN_SPREAD = 5.0
VOTING_AT = 15.0
PROPOSALS_EACH = 2
REQUEST_TIMEOUT = 10.0
DRAIN = 10.0
GOAL_POLL_P95_MS = 50.0
GOAL_UPDATE_P95_S = 2.0

HX_GET = re.compile(r'id="live"[^>]*?hx-get="([^"]+)"')
ROUND_ID = re.compile(r'name="round" value="(\d+)"')
VOTE_FORM = re.compile(r'action="/w/[0-9a-f-]+/proposals/(\d+)/vote/" data-vote')
# The phone's shared list: its revision, and whether this answer left it in place (a placeholder
# htmx fills with the list the phone holds, hx-preserve); the client then sends its revision in
# X-Workshop-List, as static/js/workshop.js does.
SHARED_LIST = re.compile(
    r'id="ws-list-(\d+)" data-shared-list="\d+" hx-preserve="true"( data-placeholder)?'
)
SCREEN_COUNTS = re.compile(r'id="ws-counts"[^>]*?data-counts="([^"]*)"')
COUNTS_REVISION = re.compile(r'id="ws-counts"[^>]*?data-revision="(\d+)"')
REV = re.compile(r"([?&]rev=)\d+")
SCREEN_ROW = re.compile(
    r'data-proposal-id="(\d+)">(?:(?!data-proposal-id).)*?data-votes>(\d+)<', re.S
)


def _env() -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="kpiplanner.settings.production",
        SECRET_KEY="bench-only-not-a-secret-" + "x" * 40,
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=f"{PG}/{DB_NAME}",
        CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def _manage(*args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def _sql(query: str, params=()) -> list[tuple]:
    import psycopg

    with psycopg.connect(f"{PG}/{DB_NAME}", autocommit=True) as conn:
        cursor = conn.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def _static_is_fresh() -> bool:
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    return all(p.stat().st_mtime <= built for p in (ROOT / "static").rglob("*") if p.is_file())


def _prepare_database() -> str:
    """A fresh `kpi_bench`, migrated and seeded; returns the demo workshop's code."""
    _admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    _admin_sql(f"CREATE DATABASE {DB_NAME}")
    _manage("migrate", "--no-input", "-v0")
    out = _manage("seed_demo", "--password", PASSWORD)
    code = re.search(r"Workshop code: (\w+)", out)
    if code is None:
        raise RuntimeError(f"seed_demo printed no workshop code:\n{out}")
    return code[1]


def _reset_workshop(code: str) -> str:
    """The demo workshop as seeded, votes shown live; returns its id. Run before each size."""
    (workshop_id,) = _sql("SELECT id FROM workshops_workshop WHERE code = %s", (code,))[0]
    _sql(
        "DELETE FROM workshops_vote WHERE round_id IN "
        "(SELECT id FROM workshops_round WHERE workshop_id = %s)",
        (workshop_id,),
    )
    _sql(
        "DELETE FROM workshops_proposal WHERE round_id IN "
        "(SELECT id FROM workshops_round WHERE workshop_id = %s)",
        (workshop_id,),
    )
    _sql("DELETE FROM workshops_participant WHERE workshop_id = %s", (workshop_id,))
    _sql("UPDATE workshops_round SET phase = 'proposing' WHERE workshop_id = %s", (workshop_id,))
    _sql(
        "UPDATE workshops_workshop SET votes_hidden = false, proposals_live = true, "
        "revision = revision + 1, current_round_id = (SELECT id FROM workshops_round "
        'WHERE workshop_id = %s ORDER BY "order" LIMIT 1) WHERE id = %s',
        (workshop_id, workshop_id),
    )
    _sql("DELETE FROM django_session")
    return str(workshop_id)


class Server:
    """gunicorn with 3 workers (of THREADS threads) on 127.0.0.1:8717, in its own process
    group. Threads let a worker answer cheap polls while another request waits on the
    database; with sync workers 200 phones queued behind each other's queries."""

    def __init__(self):
        # Closed and removed by run() once the server has stopped.
        self.log = tempfile.NamedTemporaryFile(prefix="bench-", delete=False)  # noqa: SIM115
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "kpiplanner.wsgi",
                "--bind",
                f"{HOST}:{PORT}",
                "--workers",
                "3",
                *(["--threads", str(THREADS)] if THREADS > 1 else []),
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=_env(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        import urllib.request

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{BASE}/healthz/", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer:\n{self.tail()}")

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in out.stdout.split()]

    def cpu_seconds(self) -> float:
        """CPU time used so far by the workers (user + system), from /proc."""
        total = 0
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def tail(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-3000:]


class Stats:
    def __init__(self):
        self.durations: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.error_samples: list[str] = []
        self.refused: dict[str, int] = defaultdict(int)
        self.requests = 0
        self.cut = 0

    def error(self, what: str) -> None:
        self.errors[what] += 1
        if len(self.error_samples) < 10:
            self.error_samples.append(what)


class Browser:
    """One person's browser: its cookies, and requests recorded under an endpoint name."""

    def __init__(self, http, stats: Stats):
        self.http = http
        self.stats = stats
        self.cookies: dict[str, str] = {}

    async def send(
        self, method: str, path: str, endpoint: str, *, data=None, htmx=False, extra=None
    ):
        """(status, headers, body) or None on a timeout or a failed connection."""
        import aiohttp

        headers = {"X-Forwarded-Proto": "https", **(extra or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if htmx:
            headers["HX-Request"] = "true"
        if method == "POST":
            headers["Origin"] = ORIGIN
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        started = time.perf_counter()
        self.stats.requests += 1
        try:
            async with self.http.request(
                method, BASE + path, headers=headers, data=data, allow_redirects=False
            ) as response:
                body = await response.text()
                status, response_headers = response.status, response.headers
        except (TimeoutError, aiohttp.ClientError) as exc:
            self.stats.error(f"{endpoint}: {type(exc).__name__}")
            return None
        elapsed = time.perf_counter() - started
        for raw in response_headers.getall("Set-Cookie", []):
            jar = SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        if status >= 400:
            self.stats.error(f"{endpoint}: HTTP {status}")
            return None
        self.stats.durations[endpoint].append(elapsed * 1000)
        return status, response_headers, body


class Poller:
    """Polls a live region as htmx's `every 1s` does and keeps the last region it got."""

    def __init__(self, browser: Browser, role: str, page: str):
        self.browser = browser
        self.role = role
        self.region = page
        self.list_region = page  # the last region that brought the list itself
        self.held_list = None
        self.url = self._url(page)
        self._note_list(page)
        self.next_at = time.perf_counter() + 1.0

    def _note_list(self, region: str) -> None:
        found = SHARED_LIST.search(region)
        if found is None:
            return
        if not found[2]:
            self.list_region = region
            self.held_list = found[1]

    @property
    def list_header(self) -> dict:
        return {"X-Workshop-List": self.held_list} if self.held_list else {}

    @staticmethod
    def _url(region: str) -> str:
        found = HX_GET.search(region)
        if found is None:
            raise RuntimeError("no live region (id=live with hx-get) in the page")
        return html.unescape(found[1])

    def swapped(self, region: str) -> None:
        """A region came back (from a poll or a POST): new URL, and the one-second wait restarts."""
        self.region = region
        self.url = self._url(region)
        self._note_list(region)
        self.next_at = time.perf_counter() + 1.0

    async def poll(self):
        fired = time.perf_counter()
        result = await self.browser.send(
            "GET", self.url, f"{self.role}_poll", htmx=True, extra=self.list_header
        )
        if result is None:
            self.next_at = max(fired + 1.0, time.perf_counter())
            return None
        status, headers, body = result
        # Re-file the duration under the answer it got: unchanged (204), only the vote counts
        # (200 with HX-Reswap: none) or changed (200, the region rendered).
        durations = self.browser.stats.durations
        counts_only = status == 200 and headers.get("HX-Reswap") == "none"
        answer = "counts" if counts_only else status
        durations[f"{self.role}_poll_{answer}"].append(durations[f"{self.role}_poll"].pop())
        if counts_only:
            # As workshop.js does: the region stays; the next poll asks from this revision.
            found = COUNTS_REVISION.search(body)
            if found:
                self.url = REV.sub(lambda m: m[1] + found[1], self.url)
            self.next_at = max(fired + 1.0, time.perf_counter())
            return None
        if status == 200:
            self.swapped(body)
            return body
        self.next_at = max(fired + 1.0, time.perf_counter())
        return None


async def _sleep_until(moment: float) -> None:
    delay = moment - time.perf_counter()
    if delay > 0:
        await asyncio.sleep(delay)


class Run:
    def __init__(self, size: int, workshop_id: str, code: str, http):
        self.size = size
        self.workshop_id = workshop_id
        self.code = code
        self.http = http
        self.stats = Stats()
        self.rng = random.Random(size)
        self.proposals_acked: list[str] = []
        self.proposals_tried: set[str] = set()
        # (ack time, proposal id, participant name) per acknowledged vote
        self.votes_acked: list[tuple[float, int, str]] = []
        self.screen_seen: list[tuple[float, dict[int, int]]] = []
        self.started = 0.0
        self.deadline = 0.0
        self.revisions = 0

    async def login(self, username: str) -> Browser:
        browser = Browser(self.http, self.stats)
        await browser.send("GET", "/accounts/login/", "login")
        result = await browser.send(
            "POST",
            "/accounts/login/",
            "login",
            data={"username": username, "password": PASSWORD},
        )
        if result is None or result[0] != 302:
            raise RuntimeError(f"{username} could not log in: {result and result[0]}")
        return browser

    async def participant(self, index: int) -> None:
        name = f"Bench {index:03d}"
        rng = random.Random(self.size * 1000 + index)
        await _sleep_until(self.started + rng.uniform(0, JOIN_SPREAD))
        browser = Browser(self.http, self.stats)
        if await browser.send("GET", "/join/", "join_page") is None:
            return
        joined = await browser.send(
            "POST", "/join/", "join", data={"code": self.code, "name": name}
        )
        if joined is None or joined[0] != 302:
            if joined is not None:
                self.stats.error(f"join: HTTP {joined[0]} instead of a redirect")
            return
        location = joined[1].get("Location", "")
        page = await browser.send("GET", location, "participant_page")
        if page is None:
            return
        poller = Poller(browser, "participant", page[2])
        round_id = ROUND_ID.search(page[2])
        base = f"/w/{self.workshop_id}"
        propose_at = sorted(rng.uniform(JOIN_SPREAD + 1, VOTING_AT - 1) for _ in range(3))
        propose_at = [self.started + t for t in propose_at[:PROPOSALS_EACH]]
        vote_at = sorted(self.started + rng.uniform(VOTING_AT + 1, DURATION - 8) for _ in range(3))
        proposed = 0
        while True:
            moments = [poller.next_at]
            if proposed < len(propose_at):
                moments.append(propose_at[proposed])
            if vote_at:
                moments.append(vote_at[0])
            moment = min(moments)
            if moment >= self.deadline:
                return
            await _sleep_until(moment)
            if proposed < len(propose_at) and moment == propose_at[proposed]:
                proposed += 1
                text = f"Voorstel {name} nummer {proposed} uit de bench"
                self.proposals_tried.add(text)
                result = await browser.send(
                    "POST",
                    f"{base}/propose/",
                    "propose",
                    data={"round": round_id[1] if round_id else "", "text": text},
                    htmx=True,
                    extra=poller.list_header,
                )
                if result is not None:
                    if f'<div class="ws-proposal-text">{text}</div>' in result[2]:
                        self.proposals_acked.append(text)
                    else:
                        self.stats.refused["propose"] += 1
                    with contextlib.suppress(RuntimeError):
                        poller.swapped(result[2])
            elif vote_at and moment == vote_at[0]:
                choices = VOTE_FORM.findall(poller.list_region)
                if not choices:  # voting not open on this screen yet: try after the next poll
                    vote_at[0] = poller.next_at + 0.01
                    continue
                vote_at.pop(0)
                proposal_id = int(rng.choice(choices))
                result = await browser.send(
                    "POST",
                    f"{base}/proposals/{proposal_id}/vote/",
                    "vote",
                    htmx=True,
                    extra=poller.list_header,
                )
                if result is not None:
                    if "HX-Trigger" in result[1]:
                        self.stats.refused["vote"] += 1
                    else:
                        self.votes_acked.append((time.perf_counter(), proposal_id, name))
                    with contextlib.suppress(RuntimeError):
                        poller.swapped(result[2])
            else:
                await poller.poll()

    async def facilitator(self, browser: Browser) -> None:
        page = await browser.send("GET", f"/workshops/{self.workshop_id}/control/", "control_page")
        if page is None:
            return
        poller = Poller(browser, "control", page[2])
        voting_at = self.started + VOTING_AT
        attempts = 0
        while True:
            moment = min(poller.next_at, voting_at)
            if moment >= self.deadline:
                return
            await _sleep_until(moment)
            if moment == voting_at:
                # Like a person, the facilitator clicks again (at most twice more, 2 s later)
                # when the button got no answer in time or voting did not start.
                attempts += 1
                result = await browser.send(
                    "POST",
                    f"/workshops/{self.workshop_id}/control/start-voting/",
                    "control_action",
                    htmx=True,
                )
                started = result is not None and 'data-phase="voting"' in result[2]
                if result is not None and not started:
                    self.stats.refused["control_action"] += 1
                voting_at = float("inf") if started or attempts >= 3 else time.perf_counter() + 2
                if result is not None:
                    with contextlib.suppress(RuntimeError):
                        poller.swapped(result[2])
            else:
                await poller.poll()

    async def projector(self, browser: Browser) -> None:
        page = await browser.send("GET", f"/workshops/{self.workshop_id}/screen/", "screen_page")
        if page is None:
            return
        poller = Poller(browser, "screen", page[2])
        end = self.deadline + DRAIN
        while True:
            await _sleep_until(poller.next_at)
            now = time.perf_counter()
            if now >= end or (now >= self.deadline and self._all_shown()):
                return
            region = await poller.poll()
            if region is not None:
                # The rows' counts, as workshop.js shows them: those sent as data (#ws-counts)
                # over those in the list (which may be an older rendering, or kept in place).
                counts = {int(p): int(c) for p, c in SCREEN_ROW.findall(region)}
                sent = SCREEN_COUNTS.search(region)
                if sent:
                    data = json.loads(html.unescape(sent[1]))
                    counts |= {int(p): int(c) for p, c in data.items()}
                self.screen_seen.append((time.perf_counter(), counts))

    def _all_shown(self) -> bool:
        if not self.screen_seen:
            return not self.votes_acked
        latest = self.screen_seen[-1][1]
        acked: dict[int, int] = defaultdict(int)
        for _t, proposal_id, _name in self.votes_acked:
            acked[proposal_id] += 1
        return all(latest.get(p, 0) >= n for p, n in acked.items())

    async def go(self) -> float:
        facilitator = await self.login("facilitator")
        screen = await self.login("facilitator")
        self.stats.durations.pop("login", None)
        self.started = time.perf_counter()
        self.deadline = self.started + DURATION
        coroutines = [self.participant(i) for i in range(1, self.size + 1)]
        coroutines += [self.facilitator(facilitator), self.projector(screen)]
        tasks = [asyncio.create_task(c) for c in coroutines]
        limit = self.started + DURATION + DRAIN + REQUEST_TIMEOUT + 5
        pending = set(tasks)
        while pending and time.perf_counter() < limit:
            _done, pending = await asyncio.wait(pending, timeout=10)
            print(
                f"  [{self.size}p] {time.perf_counter() - self.started:5.1f} s: "
                f"{self.stats.requests} requests, {sum(self.stats.errors.values())} errors, "
                f"{len(pending)} clients busy",
                file=sys.stderr,
            )
        for task in pending:  # never expected: every loop ends by the deadline
            task.cancel()
        self.stats.cut = len(pending)
        for task in tasks:
            if task.done() and not task.cancelled() and task.exception() is not None:
                raise task.exception()
        return time.perf_counter() - self.started

    def update_delays(self) -> tuple[list[float], int]:
        """Seconds from each acknowledged vote to the projector showing it; and how many never."""
        rank: dict[int, int] = defaultdict(int)
        delays, unshown = [], 0
        for acked_at, proposal_id, _name in sorted(self.votes_acked):
            rank[proposal_id] += 1
            k = rank[proposal_id]
            before = [counts for seen_at, counts in self.screen_seen if seen_at <= acked_at]
            if before and before[-1].get(proposal_id, 0) >= k:
                delays.append(0.0)
                continue
            shown = next(
                (
                    seen_at
                    for seen_at, counts in self.screen_seen
                    if seen_at > acked_at and counts.get(proposal_id, 0) >= k
                ),
                None,
            )
            if shown is None:
                unshown += 1
                delays.append(float("inf"))
            else:
                delays.append(shown - acked_at)
        return delays, unshown

    def count_check(self) -> dict[str, float]:
        stored_texts = dict(
            _sql(
                "SELECT p.text, count(*) FROM workshops_proposal p JOIN workshops_round r "
                "ON r.id = p.round_id WHERE r.workshop_id = %s GROUP BY p.text",
                (self.workshop_id,),
            )
        )
        acked = set(self.proposals_acked)
        proposal_mismatch = sum(1 for text in acked if stored_texts.get(text) != 1)
        proposal_mismatch += len(self.proposals_acked) - len(acked)  # acknowledged twice
        stored_unacked = sum(n for text, n in stored_texts.items() if text not in acked)
        stored_votes = _sql(
            "SELECT pa.name, v.proposal_id, count(*) FROM workshops_vote v "
            "JOIN workshops_participant pa ON pa.id = v.participant_id "
            "WHERE pa.workshop_id = %s GROUP BY pa.name, v.proposal_id",
            (self.workshop_id,),
        )
        stored = {(name, proposal): n for name, proposal, n in stored_votes}
        acked_votes: dict[tuple[str, int], int] = defaultdict(int)
        for _t, proposal_id, name in self.votes_acked:
            acked_votes[(name, proposal_id)] += 1
        vote_mismatch = sum(
            abs(stored.get(key, 0) - n) for key, n in acked_votes.items() if stored.get(key, 0) < n
        )
        vote_extra = sum(max(0, n - acked_votes.get(key, 0)) for key, n in stored.items())
        return {
            "proposals_acknowledged": len(self.proposals_acked),
            "proposals_stored": sum(stored_texts.values()),
            "proposals_mismatch": proposal_mismatch,
            "proposals_stored_unacknowledged": stored_unacked,
            "votes_acknowledged": len(self.votes_acked),
            "votes_stored": sum(stored.values()),
            "votes_mismatch": vote_mismatch,
            "votes_stored_unacknowledged": vote_extra,
        }


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _revision(workshop_id: str) -> int:
    return _sql("SELECT revision FROM workshops_workshop WHERE id = %s", (workshop_id,))[0][0]


async def _run_size(size: int, workshop_id: str, code: str) -> tuple[Run, float]:
    import aiohttp

    connector = aiohttp.TCPConnector(limit=size + 10, force_close=True)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    first = _revision(workshop_id)
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        run = Run(size, workshop_id, code, http)
        elapsed = await run.go()
        run.revisions = _revision(workshop_id) - first
    return run, elapsed


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


def _start_profilers(server: Server, size: int) -> list[subprocess.Popen]:
    """With BENCH_WORKSHOP_PYSPY=<dir>, sample every worker with py-spy (idle time included)
    into <dir>/<size>p-<pid>.txt as collapsed stacks; for finding where the time goes."""
    folder = os.environ.get("BENCH_WORKSHOP_PYSPY")
    if not folder:
        return []
    Path(folder).mkdir(parents=True, exist_ok=True)
    spy = str(Path(sys.executable).parent / "py-spy")
    return [
        subprocess.Popen(
            [
                *(spy, "record", "--pid", str(pid), "--duration", str(int(DURATION))),
                *("--rate", "50", "--idle", "--format", "raw"),
                *("--output", f"{folder}/{size}p-{pid}.txt"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid in server.worker_pids()
    ]


def _stop_profilers(spies: list[subprocess.Popen]) -> None:
    for spy in spies:
        try:
            spy.wait(timeout=30)
        except subprocess.TimeoutExpired:
            spy.kill()
            spy.wait(timeout=5)


def run() -> dict[str, float]:
    import psycopg  # noqa: F401  (fail early when the PostgreSQL driver is missing)

    if not _static_is_fresh():
        _manage("collectstatic", "--no-input", "-v0", timeout=600)
    server = Server()
    figures: dict[str, float] = {}
    notes: list[str] = []
    try:
        code = _prepare_database()
        server.start()
        for size in SIZES:
            workshop_id = _reset_workshop(code)
            cpu_before, server_before = time.process_time(), server.cpu_seconds()
            spies = _start_profilers(server, size)
            try:
                result, elapsed = asyncio.run(_run_size(size, workshop_id, code))
            finally:
                _stop_profilers(spies)
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
            _admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        server.log.close()
        server.log.close()
        with contextlib.suppress(OSError):
            os.unlink(server.log.name)
    for line in notes:
        print(line)
    return figures
