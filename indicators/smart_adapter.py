"""Bridge between the Django models and the pure SMART engine in `indicators.smart`.

The engine knows nothing of Django; this module turns a Kpi (with its CSF, goal and strategy)
into the engine's plain input, and a strategy tree into the health checker's input.
"""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

from indicators.smart import (
    Evaluation,
    HealthFinding,
    KpiContext,
    TreeCsf,
    TreeGoal,
    TreeKpi,
    TreeStrategy,
    check_health,
    evaluate,
)
from kpiplanner.accounts.models import display_name


def current_lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def kpi_context(kpi, *, lang: str | None = None, today: datetime.date | None = None) -> KpiContext:
    """The engine's input for a KPI; expects `csf__goal__strategy` and `owner` to be loaded."""
    csf = kpi.csf
    goal = csf.goal
    strategy = goal.strategy
    return KpiContext(
        statement=kpi.statement or kpi.name,
        lang=lang or current_lang(),
        today=today or timezone.localdate(),
        unit=kpi.unit or None,
        direction=kpi.direction or None,
        baseline_value=kpi.baseline_value,
        baseline_date=kpi.baseline_date,
        target_value=kpi.target_value,
        target_max=kpi.target_max,
        target_date=kpi.target_date,
        frequency=kpi.frequency or None,
        data_source=kpi.data_source,
        owner=display_name(kpi.owner),
        owner_accepted=kpi.owner_accepted,
        csf_title=csf.title,
        goal_title=goal.title,
        rationale=kpi.rationale,
        horizon_start_year=strategy.horizon_start_year,
        horizon_end_year=strategy.horizon_end_year,
        has_context=True,
    )


def evaluate_kpi(kpi, *, lang: str | None = None, today: datetime.date | None = None) -> Evaluation:
    return evaluate(kpi_context(kpi, lang=lang, today=today))


def strategy_health(
    strategy,
    goals,
    *,
    lang: str | None = None,
    today: datetime.date | None = None,
    evaluate: Callable[[KpiContext], Evaluation] = evaluate,
) -> tuple[list[HealthFinding], dict]:
    """Health findings for a strategy whose `goals` were loaded with `Strategy.with_tree()`.

    Returns the findings and the evaluation of every KPI by id, so a page can show both without
    judging any KPI twice. `evaluate` judges one KPI's context: the engine's by default, or a
    cached one where the same KPIs are judged over and over (the review page). Runs no query
    of its own.
    """
    lang = lang or current_lang()
    today = today or timezone.localdate()
    evaluations = {}
    tree_goals = []
    for goal in goals:
        goal.strategy = strategy  # reuse the loaded objects instead of querying back up the tree
        tree_csfs = []
        for csf in goal.csfs.all():
            csf.goal = goal
            tree_kpis = []
            for kpi in csf.kpis.all():
                kpi.csf = csf
                context = kpi_context(kpi, lang=lang, today=today)
                evaluation = evaluations[kpi.pk] = evaluate(context)
                tree_kpis.append(
                    TreeKpi(
                        id=kpi.pk,
                        name=kpi.name,
                        statement=kpi.statement,
                        unit=context.unit,
                        frequency=context.frequency,
                        data_source=kpi.data_source,
                        owner=context.owner,
                        indicator_type=kpi.indicator_type,
                        customer_facing=kpi.customer_facing,
                        evaluation=evaluation,
                    )
                )
            tree_csfs.append(TreeCsf(id=csf.pk, title=csf.title, kpis=tree_kpis))
        tree_goals.append(
            TreeGoal(
                id=goal.pk,
                title=goal.title,
                term=goal.term,
                perspective=goal.perspective,
                csfs=tree_csfs,
            )
        )
    findings = check_health(
        TreeStrategy(id=strategy.pk, name=strategy.name, goals=tree_goals),
        lang=lang,
        max_kpis_per_goal=settings.KPI_HEALTH_MAX_PER_GOAL,
        max_kpis_per_strategy=settings.KPI_HEALTH_MAX_PER_STRATEGY,
        today=today,
    )
    return findings, evaluations
