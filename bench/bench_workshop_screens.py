"""The projector's and the control screen's changed poll in one process, at 200 participants and
400 proposals while voting (counts shown live): CPU time, bytes and queries per answer.

`bench_workshop` drives gunicorn and depends on what else the machine runs; these figures do
not. "after a vote": the screen holds the current list (its `X-Workshop-List`), so the answer
is its head and the counts; "new list": the list changed (here an edited proposal), so the
answer brings it whole (rendered once per list revision and kept in the cache).
"""

import time

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.timing import logged_in_client
from goals.models import Strategy
from kpiplanner.demo.data import seed_demo
from kpiplanner.workshops import services
from kpiplanner.workshops.models import Phase, Workshop

PEOPLE, PROPOSALS, REPEAT = 200, 400, 10
SCREENS = {"projector": "/workshops/{pk}/screen/live/", "control": "/workshops/{pk}/control/live/"}


def _room() -> tuple[Workshop, list]:
    seed_demo(password="bench-pass")
    workshop = Workshop.objects.get(strategy__in=Strategy.objects.all(), closed_at__isnull=True)
    Workshop.objects.filter(pk=workshop.pk).update(votes_hidden=False)
    people = [
        services.participant_join(workshop=workshop, name=f"Bench {n:03d}") for n in range(PEOPLE)
    ]
    round_id = workshop.current_round_id
    proposals = [
        services.proposal_add(
            participant=people[n % PEOPLE], round_id=round_id, text=f"Voorstel {n} uit de bench"
        )
        for n in range(PROPOSALS)
    ]
    services.round_set_phase(workshop=workshop, phase=Phase.VOTING)
    return workshop, list(zip(people, proposals, strict=False))


def _measure(client, url: str, headers: dict, change) -> tuple[list[float], int, int]:
    """CPU ms of each answer after `change()`, and the last answer's bytes and queries."""
    cpu, size, queries = [], 0, 0
    for n in range(REPEAT):
        change(n)
        sent = headers()
        with CaptureQueriesContext(connection) as captured:
            started = time.process_time()
            response = client.get(url, headers=sent)
            cpu.append((time.process_time() - started) * 1000)
        assert response.status_code == 200, response.status_code
        size, queries = len(response.content), len(captured)
    return cpu, size, queries


def run() -> dict[str, float]:
    workshop, pairs = _room()
    client = logged_in_client("facilitator")
    figures: dict[str, float] = {}
    for screen, path in SCREENS.items():
        url = path.format(pk=workshop.pk)
        cache.clear()

        def holding():
            revision = Workshop.objects.get(pk=workshop.pk).list_revision
            return {"HX-Request": "true", "X-Workshop-List": str(revision)}

        def vote(n, screen=screen):
            participant, proposal = pairs[n + (0 if screen == "projector" else REPEAT)]
            services.vote_cast(participant=participant, proposal_id=proposal.pk)

        def edit(n):
            services.proposal_edit(
                workshop=workshop, proposal_id=pairs[n][1].pk, text=f"Voorstel {n}, herschreven"
            )

        client.get(url, headers={"HX-Request": "true"})  # the list rendered once
        for name, change, headers in (
            ("after_a_vote", vote, holding),
            ("new_list", edit, lambda: {"HX-Request": "true"}),
        ):
            cpu, size, queries = _measure(client, url, headers, change)
            prefix = f"workshop_screens_{screen}_{name}"
            figures[f"{prefix}_cpu_median_ms"] = sorted(cpu)[len(cpu) // 2]
            figures[f"{prefix}_bytes"] = size
            figures[f"{prefix}_queries"] = queries
    return figures
