"""The workshop bench's load: the participants, the facilitator and the projector, each a
client that polls, proposes and votes as the screens do (see `bench_workshop` for the model),
and what they saw, for the figures and the count check.
"""

import asyncio
import contextlib
import html
import json
import os
import random
import re
import sys
import time
from collections import defaultdict
from http.cookies import SimpleCookie

from bench.workshop_server import BASE, HOST, PASSWORD, PORT, revision, sql

ORIGIN = f"https://{HOST}:{PORT}"  # what the browser sees behind the TLS proxy
DURATION = float(os.environ.get("BENCH_WORKSHOP_SECONDS", "60"))
JOIN_SPREAD = 5.0
VOTING_AT = 15.0
PROPOSALS_EACH = 2
REQUEST_TIMEOUT = 10.0
DRAIN = 10.0

HX_GET = re.compile(r'id="live"[^>]*?hx-get="([^"]+)"')
ROUND_ID = re.compile(r'name="round" value="(\d+)"')
VOTE_FORM = re.compile(r'action="/w/[0-9a-f-]+/proposals/(\d+)/vote/" data-vote')
# The phone's shared list: its revision, and whether this answer left it in place (a placeholder
# htmx fills with the list the phone holds, hx-preserve); the client then sends its revision in
# X-Workshop-List, as static/js/workshop.js does.
SHARED_LIST = re.compile(
    r'id="ws-list-(\d+)" data-shared-list="\d+" hx-preserve="true"( data-placeholder)?'
)
# Rows appended to the list the phone holds (kpiplanner/workshops/appends.py), as workshop.js
# takes them: only onto the revision they lead from; onto another, the region is fetched anew.
APPEND = re.compile(r'data-append-from="(\d+)" data-append-to="(\d+)"')
SCREEN_COUNTS = re.compile(r'id="ws-counts"[^>]*?data-counts="([^"]*)"')
COUNTS_REVISION = re.compile(r'id="ws-counts"[^>]*?data-revision="(\d+)"')
REV = re.compile(r"([?&]rev=)\d+")
SCREEN_ROW = re.compile(
    r'data-proposal-id="(\d+)">(?:(?!data-proposal-id).)*?data-votes>(\d+)<', re.S
)


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

    def _note_append(self, answer: str) -> None:
        found = APPEND.search(answer)
        if found is None:
            return
        if found[1] == self.held_list:
            self.held_list = found[2]
            self.list_region += answer  # the rows, vote forms included, are on the page now
        else:  # as workshop.js: not this list's rows; the next poll fetches the list whole
            self.held_list = None

    def _note_list(self, region: str) -> None:
        found = SHARED_LIST.search(region)
        if found is None:
            return
        if not found[2]:
            self.list_region = region
            self.held_list = found[1]
        elif found[1] != self.held_list:  # a placeholder for another list: fetched whole next
            self.held_list = None

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
        self._note_append(region)  # before the region: its placeholders name the list renamed
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
        # (200 with HX-Reswap: none), new rows appended ("appended": the same, with rows) or
        # changed (200, the region rendered).
        durations = self.browser.stats.durations
        counts_only = status == 200 and headers.get("HX-Reswap") == "none"
        answer = status
        if counts_only:
            answer = "appended" if APPEND.search(body) else "counts"
        durations[f"{self.role}_poll_{answer}"].append(durations[f"{self.role}_poll"].pop())
        if counts_only:
            # As workshop.js does: the region stays; the next poll asks from this revision.
            found = COUNTS_REVISION.search(body)
            if found:
                self.url = REV.sub(lambda m: m[1] + found[1], self.url)
            self._note_append(body)
            self.next_at = max(fired + 1.0, time.perf_counter())
            return None
        if status == 200:
            self.swapped(body)
            return body
        self.next_at = max(fired + 1.0, time.perf_counter())
        return None


async def sleep_until(moment: float) -> None:
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
        await sleep_until(self.started + rng.uniform(0, JOIN_SPREAD))
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
            await sleep_until(moment)
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
            await sleep_until(moment)
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
            await sleep_until(poller.next_at)
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
            sql(
                "SELECT p.text, count(*) FROM workshops_proposal p JOIN workshops_round r "
                "ON r.id = p.round_id WHERE r.workshop_id = %s GROUP BY p.text",
                (self.workshop_id,),
            )
        )
        acked = set(self.proposals_acked)
        proposal_mismatch = sum(1 for text in acked if stored_texts.get(text) != 1)
        proposal_mismatch += len(self.proposals_acked) - len(acked)  # acknowledged twice
        stored_unacked = sum(n for text, n in stored_texts.items() if text not in acked)
        stored_votes = sql(
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


async def run_size(size: int, workshop_id: str, code: str) -> tuple[Run, float]:
    import aiohttp

    connector = aiohttp.TCPConnector(limit=size + 10, force_close=True)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    first = revision(workshop_id)
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        run = Run(size, workshop_id, code, http)
        elapsed = await run.go()
        run.revisions = revision(workshop_id) - first
    return run, elapsed
