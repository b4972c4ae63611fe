"""A workshop on the shared strategy, and helpers to join it as a guest or a member."""

import pytest
from django.core.cache import cache
from django.test import Client

from kpiplanner.workshops.models import RoundKind, Workshop
from kpiplanner.workshops.services import RoundPlan, workshop_create


@pytest.fixture
def workshop(strategy, members):
    return workshop_create(
        strategy=strategy,
        by=members["facilitator"],
        title="Sessie",
        rounds=[RoundPlan(RoundKind.GOALS), RoundPlan(RoundKind.CSFS), RoundPlan(RoundKind.KPIS)],
        dots_per_person=3,
        max_per_item=2,
    )


def join_as_guest(workshop, name="Gast", client=None):
    """A fresh client that joined `workshop` with its code; returns (client, participant)."""
    client = client or Client()
    response = client.post("/join/", {"code": workshop.code, "name": name})
    assert response.status_code == 302, response.content[:500]
    participant = workshop.participants.get(name=name, user__isnull=True)
    return client, participant


@pytest.fixture
def guest(workshop):
    return join_as_guest(workshop)


@pytest.fixture
def empty_cache():
    """A test that counts what the cache saves starts and ends with it empty."""
    cache.clear()
    yield
    cache.clear()


def fresh(workshop) -> Workshop:
    """The workshop as stored now, with its current round."""
    return Workshop.objects.select_related("current_round").get(pk=workshop.pk)
