"""Fixtures of the planning tests."""

import pytest

from indicators.models import KpiStatus
from tests.factories import CsfFactory, GoalFactory, KpiFactory


@pytest.fixture
def complete_tree(strategy, members):
    goal = GoalFactory(strategy=strategy, title="Minder klantverloop")
    csf = CsfFactory(goal=goal, title="Snel oplossen")
    KpiFactory(csf=csf, owner=members["facilitator"], status=KpiStatus.DRAFT)
    KpiFactory(csf=csf, owner=members["facilitator"], status=KpiStatus.REJECTED)
    KpiFactory(csf=csf, owner=members["facilitator"], status=KpiStatus.APPROVED)
    return strategy
