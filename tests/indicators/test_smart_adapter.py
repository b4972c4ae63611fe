"""The bridge from models to the SMART engine."""

import datetime

import pytest

from goals.models import Strategy
from indicators.smart import Status, evaluate
from indicators.smart_adapter import evaluate_kpi, strategy_health
from tests.conftest import build_tree
from tests.factories import CsfFactory, GoalFactory, KpiFactory, StrategyFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def test_complete_kpi_in_its_tree_meets_every_criterion(kpi):
    kpi.owner = UserFactory(first_name="Pieter", last_name="Jansen")
    kpi.owner_accepted = True
    kpi.rationale = "Snellere oplossing is wat deze succesfactor vraagt."
    evaluation = evaluate_kpi(kpi, lang="nl", today=TODAY)
    assert evaluation.criteria["S"].status == Status.MET
    assert evaluation.criteria["M"].status == Status.MET
    assert evaluation.criteria["T"].status == Status.MET
    assert evaluation.criteria["R"].status == Status.MET


def test_kpi_without_owner_is_not_yet_achievable(kpi):
    evaluation = evaluate_kpi(kpi, lang="en", today=TODAY)
    assert evaluation.criteria["A"].status != Status.MET
    assert evaluation.criteria["A"].reason  # explained, in English


def test_health_runs_no_queries_on_a_loaded_tree(organisation, django_assert_num_queries):
    strategy = build_tree(StrategyFactory(organisation=organisation), kpis=12)
    strategy = Strategy.objects.with_tree().get(pk=strategy.pk)
    goals = list(strategy.goals.all())
    with django_assert_num_queries(0):
        findings, evaluations = strategy_health(strategy, goals, lang="nl", today=TODAY)
    assert len(evaluations) == 12
    assert any(f.node_kind == "goal" for f in findings)  # 6 KPIs per goal is too many


def test_health_points_at_the_csf_without_kpis(strategy):
    csf = CsfFactory(goal=GoalFactory(strategy=strategy), title="Leeg")
    KpiFactory(csf=CsfFactory(goal=GoalFactory(strategy=strategy)))
    loaded = Strategy.objects.with_tree().get(pk=strategy.pk)
    findings, _ = strategy_health(loaded, list(loaded.goals.all()), lang="nl", today=TODAY)
    assert any(f.node_kind == "csf" and f.node_id == csf.pk for f in findings)


def test_health_judges_each_kpi_with_the_evaluate_it_is_given(organisation):
    """A caller may judge through its own function (the review page's cache): each KPI's
    context goes through it once, and its verdicts are the ones returned and checked."""
    strategy = build_tree(StrategyFactory(organisation=organisation), kpis=4)
    strategy = Strategy.objects.with_tree().get(pk=strategy.pk)
    judged = []

    def counting(context):
        judged.append(context)
        return evaluate(context)

    findings, evaluations = strategy_health(
        strategy, list(strategy.goals.all()), lang="en", today=TODAY, evaluate=counting
    )
    assert len(judged) == len(evaluations) == 4
    assert {(c.lang, c.today) for c in judged} == {("en", TODAY)}
    fresh = strategy_health(strategy, list(strategy.goals.all()), lang="en", today=TODAY)
    assert (findings, evaluations) == fresh
