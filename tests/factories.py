"""factory_boy factories for every model the tests build."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Strategy
from indicators.models import Kpi, Measurement
from kpiplanner.accounts.models import Membership, Organisation, Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password("secret-pass-123")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    slug = factory.Sequence(lambda n: f"organisatie-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.FACILITATOR


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Strategie {n}")
    mission = "Klanten snel en goed helpen."
    horizon_start_year = 2026
    horizon_end_year = 2028


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    strategy = factory.SubFactory(StrategyFactory)
    title = factory.Sequence(lambda n: f"Doel {n}")
    perspective = "customer"
    term = "long"


class CsfFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriticalSuccessFactor

    goal = factory.SubFactory(GoalFactory)
    title = factory.Sequence(lambda n: f"Succesfactor {n}")


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kpi

    csf = factory.SubFactory(CsfFactory)
    name = factory.Sequence(lambda n: f"KPI {n}")
    statement = "De gemiddelde oplostijd daalt van 14 naar 10 uur vóór eind Q1 2027."
    unit = "hours"
    direction = "lower"
    baseline_value = Decimal("14")
    baseline_date = datetime.date(2026, 9, 30)
    target_value = Decimal("10")
    target_date = datetime.date(2027, 3, 31)
    frequency = "monthly"
    data_source = "Ticketsysteem"


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    kpi = factory.SubFactory(KpiFactory)
    period = factory.Sequence(lambda n: datetime.date(2020 + n // 12, n % 12 + 1, 1))
    value = Decimal("12.5")
