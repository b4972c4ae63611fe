"""A phone's poll while proposals pour in, in one process: 200 participants, 400 proposals, and
a phone whose list lacks the last 20 (a second of a burst of 400 proposals in 8 s): CPU time,
bytes and queries per answer.

`bench_workshop` drives gunicorn and depends on what else the machine runs; these figures do
not. "appended": the phone gets the 20 new rows for the list it holds (from the middleware,
before sessions; each row rendered once per worker and kept in the cache), "..._while_
proposals_come_in": the same with one more proposal before each poll (the rows kept are
extended); "own_proposal": the phone's own proposal, answered with its region and the rows
appended (the view: session, participant, personal state); "whole": the list
sent whole, as every phone got it before rows were appended (and still does after any other
list change), with the list rendered once per list revision and kept in the cache, as in a
room; "list_render": that rendering itself, once per list revision and worker (at most every
WORKSHOP_SHARED_STALE_SECONDS while proposals pour in).
"""

import time

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from goals.models import Strategy
from kpiplanner.demo.data import seed_demo
from kpiplanner.workshops import services
from kpiplanner.workshops.live import poll_token
from kpiplanner.workshops.models import Workshop
from kpiplanner.workshops.screens import shared_list

PEOPLE, PROPOSALS, BEHIND, REPEAT = 200, 400, 20, 10


def _room():
    seed_demo(password="bench-pass")
    workshop = Workshop.objects.get(strategy__in=Strategy.objects.all(), closed_at__isnull=True)
    client = Client()
    client.post("/join/", {"code": workshop.code, "name": "Bench 000"})
    people = [workshop.participants.get()]
    people += [
        services.participant_join(workshop=workshop, name=f"Bench {n:03d}")
        for n in range(1, PEOPLE)
    ]
    round_id = workshop.current_round_id
    for n in range(PROPOSALS - BEHIND):
        services.proposal_add(
            participant=people[n % PEOPLE], round_id=round_id, text=f"Voorstel {n} uit de bench"
        )
    held = Workshop.objects.get(pk=workshop.pk)
    for n in range(PROPOSALS - BEHIND, PROPOSALS):
        services.proposal_add(
            participant=people[n % PEOPLE], round_id=round_id, text=f"Voorstel {n} uit de bench"
        )
    return workshop, held, people[0], client


def _measure(client, url: str, headers: dict, before=None, post=None):
    """The median CPU ms of REPEAT answers (each after `before(n)`), and the last answer's
    bytes and queries; a POST of `post(n)` instead of a GET when given."""
    cpu, size, queries = [], 0, 0
    for n in range(REPEAT):
        if before is not None:
            before(n)
        with CaptureQueriesContext(connection) as captured:
            started = time.process_time()
            if post is None:
                response = client.get(url, headers=headers)
            else:
                response = client.post(url, post(n), headers=headers)
            cpu.append((time.process_time() - started) * 1000)
        assert response.status_code == 200, response.status_code
        size, queries = len(response.content), len(captured)
    return sorted(cpu)[len(cpu) // 2], size, queries


def run() -> dict[str, float]:
    workshop, held, participant, client = _room()
    who = f"p{participant.pk}"
    url = (
        f"/w/{workshop.pk}/live/?rev={held.content_revision}&who={who}"
        f"&t={poll_token(workshop.pk, who)}"
    )
    htmx = {"HX-Request": "true"}
    figures: dict[str, float] = {}
    cache.clear()
    client.get(url, headers={**htmx, "X-Workshop-List": str(held.list_revision)})  # rows cached
    holding = {**htmx, "X-Workshop-List": str(held.list_revision)}
    appended = _measure(client, url, holding)
    whole = _measure(client, url, htmx)  # no list held: the list whole, from the cache

    def another(n):
        services.proposal_add(
            participant=others[n], round_id=workshop.current_round_id, text=f"Nog een {n}"
        )

    others = list(workshop.participants.exclude(pk=participant.pk)[:REPEAT])
    growing = _measure(client, url, holding, before=another)  # one more row each time
    mine = _measure(
        client,
        f"/w/{workshop.pk}/propose/",
        holding,
        post=lambda n: {"round": workshop.current_round_id, "text": f"Van mij {n}"},
    )
    renders = []
    now = Workshop.objects.select_related("current_round").get(pk=workshop.pk)
    for _n in range(REPEAT):
        cache.clear()
        started = time.process_time()
        shared_list(now)
        renders.append((time.process_time() - started) * 1000)
    for name, (cpu, size, queries) in (
        ("appended", appended),
        ("appended_while_proposals_come_in", growing),
        ("own_proposal", mine),
        ("whole", whole),
    ):
        figures[f"workshop_phone_{name}_cpu_median_ms"] = cpu
        figures[f"workshop_phone_{name}_bytes"] = size
        figures[f"workshop_phone_{name}_queries"] = queries
    figures["workshop_phone_list_render_cpu_median_ms"] = sorted(renders)[REPEAT // 2]
    return figures
