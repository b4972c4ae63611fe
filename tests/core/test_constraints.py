"""Every rule that can be stated in the database is enforced there, not only by forms."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from goals.models import Goal
from indicators.models import Kpi, KpiTemplate, Measurement
from kpiplanner.accounts.models import Membership
from tests.factories import (
    CsfFactory,
    GoalFactory,
    KpiFactory,
    MeasurementFactory,
    MembershipFactory,
    StrategyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def rejected(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_one_membership_per_user_and_organisation():
    membership = MembershipFactory()
    rejected(
        lambda: Membership.objects.create(
            user=membership.user, organisation=membership.organisation, role="viewer"
        )
    )


def test_unknown_role_is_rejected():
    rejected(lambda: MembershipFactory(role="owner"))


def test_strategy_horizon_cannot_end_before_it_starts():
    rejected(lambda: StrategyFactory(horizon_start_year=2027, horizon_end_year=2026))


def test_strategy_horizon_years_must_be_plausible():
    rejected(lambda: StrategyFactory(horizon_start_year=1066, horizon_end_year=2026))


def test_one_year_horizon_is_allowed():
    assert StrategyFactory(horizon_start_year=2027, horizon_end_year=2027).horizon_label == "2027"


@pytest.mark.parametrize(
    "fields",
    [
        {"perspective": "moral"},
        {"term": "medium"},
        {"period_start": datetime.date(2027, 1, 1), "period_end": datetime.date(2026, 1, 1)},
    ],
)
def test_goal_rejects_invalid_values(fields):
    rejected(lambda: GoalFactory(**fields))


def test_goal_cannot_be_its_own_parent():
    goal = GoalFactory()
    rejected(lambda: Goal.objects.filter(pk=goal.pk).update(parent=goal))


def test_parent_goal_from_another_strategy_fails_validation():
    goal = GoalFactory(parent=GoalFactory())
    with pytest.raises(ValidationError) as excinfo:
        goal.full_clean()
    assert "parent" in excinfo.value.message_dict


@pytest.mark.parametrize(
    "fields",
    [
        {"unit": "parsecs"},
        {"direction": "sideways"},
        {"frequency": "hourly"},
        {"status": "maybe"},
        {"indicator_type": "sideways"},
        # the target date must come after the baseline date
        {"baseline_date": datetime.date(2027, 1, 1), "target_date": datetime.date(2027, 1, 1)},
        # only a range has an upper bound, and it is not below the lower one
        {"direction": "higher", "target_max": Decimal("5")},
        {"direction": "range", "target_value": Decimal("10"), "target_max": Decimal("9")},
        # thresholds must agree with the direction
        {
            "direction": "higher",
            "on_track_threshold": Decimal("5"),
            "off_track_threshold": Decimal("8"),
        },
        {
            "direction": "lower",
            "on_track_threshold": Decimal("8"),
            "off_track_threshold": Decimal("5"),
        },
        {"direction": "range", "target_max": Decimal("20"), "on_track_threshold": Decimal("1")},
    ],
)
def test_kpi_rejects_inconsistent_definition(fields):
    rejected(lambda: KpiFactory(**fields))


@pytest.mark.parametrize(
    "fields",
    [
        {
            "direction": "lower",
            "on_track_threshold": Decimal("11"),
            "off_track_threshold": Decimal("13"),
        },
        {
            "direction": "higher",
            "on_track_threshold": Decimal("72"),
            "off_track_threshold": Decimal("65"),
        },
        {"direction": "range", "target_value": Decimal("1.2"), "target_max": Decimal("2")},
        {"unit": "", "frequency": "", "baseline_date": None},
    ],
)
def test_kpi_accepts_consistent_definition(fields):
    assert KpiFactory(**fields).pk


def test_one_measurement_per_kpi_and_period():
    measurement = MeasurementFactory()
    rejected(
        lambda: Measurement.objects.create(
            kpi=measurement.kpi, period=measurement.period, value=Decimal("1")
        )
    )


def test_template_slug_is_unique_and_area_valid():
    existing = KpiTemplate.objects.first()
    fields = {
        "area": "finance",
        "name_nl": "x",
        "name_en": "x",
        "definition_nl": "x",
        "definition_en": "x",
        "unit": "count",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "lagging",
    }
    rejected(lambda: KpiTemplate.objects.create(slug=existing.slug, **fields))
    rejected(lambda: KpiTemplate.objects.create(slug="new-one", **{**fields, "area": "astrology"}))


def test_deleting_an_owner_keeps_the_kpi():
    owner = UserFactory()
    kpi = KpiFactory(owner=owner, csf=CsfFactory())
    owner.delete()
    assert Kpi.objects.get(pk=kpi.pk).owner is None
