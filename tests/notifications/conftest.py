"""Members with e-mail addresses (the factories give none), a plan ready to submit, and a
manager of another organisation who must never hear about this one."""

import pytest

from indicators.models import KpiStatus
from kpiplanner.accounts.models import Role
from tests.factories import CsfFactory, GoalFactory, KpiFactory, MembershipFactory


@pytest.fixture
def mailable(members, other_organisation):
    elsewhere = MembershipFactory(
        organisation=other_organisation, role=Role.MANAGER, user__username="elsewhere"
    ).user
    people = {**members, "elsewhere": elsewhere}
    for user in people.values():
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return people


@pytest.fixture
def plan(strategy, mailable):
    """A strategy whose plan can be submitted: two draft KPIs with an owner."""
    goal = GoalFactory(strategy=strategy, title="Minder klantverloop")
    csf = CsfFactory(goal=goal, title="Snel oplossen")
    for name in ("Oplostijd", "Terugbelpercentage"):
        KpiFactory(csf=csf, name=name, owner=mailable["participant"], status=KpiStatus.DRAFT)
    return strategy
