"""Shared fixtures: one organisation with a member per role, and an outsider elsewhere.

In the spirit of healthchecks' alice/bob/charlie: `members["viewer"]` is a client-ready user
with that role in `organisation`; `outsider` is a facilitator of `other_organisation`.
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from kpiplanner.accounts.models import Role
from tests.factories import (
    CsfFactory,
    GoalFactory,
    KpiFactory,
    MembershipFactory,
    OrganisationFactory,
    StrategyFactory,
)

ROLES = [role.value for role in Role]


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request's language stays active in the
    thread afterwards (as in Django's own LocaleMiddleware), so without this a test would see
    the language of whichever test ran before it."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test starts with no request counted against any rate limit."""
    from django.core.cache import caches

    caches[settings.RATE_LIMIT_CACHE].clear()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Energie Noord", slug="energie-noord")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Concurrent BV", slug="concurrent")


@pytest.fixture
def members(organisation):
    return {
        role: MembershipFactory(organisation=organisation, role=role, user__username=role).user
        for role in ROLES
    }


@pytest.fixture
def outsider(other_organisation):
    return MembershipFactory(
        organisation=other_organisation, role=Role.FACILITATOR, user__username="outsider"
    ).user


@pytest.fixture
def strategy(organisation):
    return StrategyFactory(organisation=organisation, name="Klanten behouden")


@pytest.fixture
def kpi(strategy):
    goal = GoalFactory(strategy=strategy, title="Minder klantverloop")
    csf = CsfFactory(goal=goal, title="Snel en in één keer oplossen")
    return KpiFactory(csf=csf, name="Gemiddelde oplostijd")


def build_tree(strategy, *, kpis: int, per_csf: int = 3, csfs_per_goal: int = 2):
    """A strategy tree with `kpis` KPIs, for query-count tests at two sizes."""
    made = 0
    while made < kpis:
        goal = GoalFactory(strategy=strategy)
        for _ in range(csfs_per_goal):
            csf = CsfFactory(goal=goal)
            batch = min(per_csf, kpis - made)
            KpiFactory.create_batch(batch, csf=csf)
            made += batch
            if made >= kpis:
                break
    return strategy


def approve_set(client, strategy, *, note: str = "", headers=None):
    """Approve `strategy`'s set as a manager does: open the confirmation page, then confirm it
    (with the digest of the set the page showed)."""
    url = reverse("reviews:set_approve", args=[strategy.pk])
    page = client.get(url).content.decode()
    found = re.search(r'name="basis" value="([0-9a-f]+)"', page)
    basis = found.group(1) if found else "none-shown"
    return client.post(url, {"basis": basis, "note": note}, headers=headers or {})
