"""KPI-set health: the classic mistakes, checked over a whole strategy tree.

The checks follow the seeds (000, 003, 004): too many KPIs lose the overview;
every goal needs CSFs and every CSF a KPI; vague or unmeasurable KPIs; only
short-term goals; no KPI on what the customer experiences; only lagging
indicators; the same metric twice; KPIs nobody owns or nobody can measure; a statement
that says another target or deadline than the KPI's fields.

Default limits: at most 3 KPIs per goal and 12 per strategy. Three per goal is
the usual "a limited number that directly supports the goal" advice (seed 004);
twelve is three for each of the four scorecard perspectives a strategy's goals
are spread over (financial, customer, internal process, people & learning).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .engine import evaluate
from .i18n import norm_lang, quote_params, t
from .lexicon import GENERIC, STOPWORDS
from .text import fold, words
from .types import Evaluation, KpiContext, Status

DEFAULT_MAX_KPIS_PER_GOAL = 3
DEFAULT_MAX_KPIS_PER_STRATEGY = 12


@dataclass
class TreeKpi:
    id: object
    name: str
    statement: str = ""
    unit: str | None = None
    frequency: str | None = None
    data_source: str = ""
    owner: str = ""
    indicator_type: str = "lagging"  # "leading" or "lagging"
    customer_facing: bool = False
    evaluation: Evaluation | None = None


@dataclass
class TreeCsf:
    id: object
    title: str
    kpis: list[TreeKpi] = field(default_factory=list)


@dataclass
class TreeGoal:
    id: object
    title: str
    term: str = "long"  # "short" or "long"
    perspective: str = ""
    csfs: list[TreeCsf] = field(default_factory=list)


@dataclass
class TreeStrategy:
    id: object
    name: str
    goals: list[TreeGoal] = field(default_factory=list)


@dataclass(frozen=True)
class HealthFinding:
    """One problem in the KPI set, pointing at the node it concerns."""

    code: str
    severity: str  # "error", "warning" or "info"
    node_kind: str  # "strategy", "goal", "csf" or "kpi"
    node_id: object
    message: str
    suggestion: str


_STOP = STOPWORDS["nl"] | STOPWORDS["en"] | GENERIC


def metric_key(kpi: TreeKpi) -> str:
    """What a KPI measures, stripped of numbers, dates and filler, to spot duplicates."""
    source = kpi.name.strip() or kpi.statement
    tokens = [
        w
        for w in words(fold(source[:500]))
        if not re.search(r"\d", w) and w not in _STOP and len(w) > 2
    ]
    return " ".join(sorted(set(tokens)))


def check_health(
    strategy: TreeStrategy,
    *,
    lang: str = "nl",
    max_kpis_per_goal: int = DEFAULT_MAX_KPIS_PER_GOAL,
    max_kpis_per_strategy: int = DEFAULT_MAX_KPIS_PER_STRATEGY,
    today: dt.date | None = None,
) -> list[HealthFinding]:
    """All findings for one strategy tree, strategy-level first, then in tree order."""
    lang = norm_lang(lang)

    def _(message: str, **params: object) -> str:
        return t(lang, message, **quote_params(params))

    def finding(code, severity, kind, node_id, message, suggestion) -> HealthFinding:
        return HealthFinding(code, severity, kind, node_id, message, suggestion)

    top: list[HealthFinding] = []
    nodes: list[HealthFinding] = []
    all_kpis: list[TreeKpi] = []

    if not strategy.goals:
        top.append(finding(
            "strategy_without_goals", "error", "strategy", strategy.id,
            _("This strategy has no goals yet."),
            _("Start with two to four goals that say where the organisation wants to be."),
        ))  # fmt: skip

    for goal in strategy.goals:
        goal_kpis = [kpi for csf in goal.csfs for kpi in csf.kpis]
        all_kpis.extend(goal_kpis)
        if not goal.csfs:
            nodes.append(finding(
                "goal_without_csf", "error", "goal", goal.id,
                _("Goal %(title)s has no critical success factors.", title=goal.title),
                _("Ask what must go right to reach this goal, and add it as a CSF."),
            ))  # fmt: skip
        if len(goal_kpis) > max_kpis_per_goal:
            nodes.append(finding(
                "too_many_kpis_goal", "warning", "goal", goal.id,
                _("Goal %(title)s has %(count)s KPIs; more than %(max)s blurs the "
                  "focus.", title=goal.title, count=len(goal_kpis), max=max_kpis_per_goal),
                _("Keep the KPIs that show best whether the goal is being reached; "
                  "retire the rest."),
            ))  # fmt: skip
        for csf in goal.csfs:
            if not csf.kpis:
                nodes.append(finding(
                    "csf_without_kpi", "error", "csf", csf.id,
                    _("CSF %(title)s has no KPI.", title=csf.title),
                    _("Add the one number that shows whether this CSF is achieved."),
                ))  # fmt: skip
            for kpi in csf.kpis:
                nodes.extend(_kpi_findings(kpi, lang, today, finding, _))

    if len(all_kpis) > max_kpis_per_strategy:
        top.append(finding(
            "too_many_kpis_strategy", "warning", "strategy", strategy.id,
            _("The strategy has %(count)s KPIs; more than %(max)s loses the overview.",
              count=len(all_kpis), max=max_kpis_per_strategy),
            _("Bring it back to the few KPIs the management team will really manage by."),
        ))  # fmt: skip
    if strategy.goals and all(goal.term == "short" for goal in strategy.goals):
        top.append(finding(
            "only_short_term", "warning", "strategy", strategy.id,
            _("All goals are short-term."),
            _("Add at least one long-term goal so that quick wins do not push out lasting growth."),
        ))  # fmt: skip
    if all_kpis and not any(kpi.customer_facing for kpi in all_kpis):
        top.append(finding(
            "no_customer_kpi", "warning", "strategy", strategy.id,
            _("No KPI reflects what the customer experiences."),
            _("Add a KPI measured from the customer's side, such as the NPS or the share of "
              "questions answered within 24 hours."),
        ))  # fmt: skip
    if all_kpis and all(kpi.indicator_type == "lagging" for kpi in all_kpis):
        top.append(finding(
            "only_lagging", "info", "strategy", strategy.id,
            _("All KPIs are lagging: they show results only after the fact."),
            _("Add a leading KPI that predicts the result, such as the number of qualified "
              "leads per week."),
        ))  # fmt: skip

    seen: dict[str, TreeKpi] = {}
    for kpi in all_kpis:
        key = metric_key(kpi)
        if not key:
            continue
        if key in seen:
            first = seen[key]
            nodes.append(finding(
                "duplicate_metric", "warning", "kpi", kpi.id,
                _("%(name)s measures the same as %(other)s.",
                  name=kpi.name or kpi.statement[:60], other=first.name or first.statement[:60]),
                _("Keep one of the two, or make clear how they differ."),
            ))  # fmt: skip
        else:
            seen[key] = kpi
    return top + nodes


def _kpi_findings(kpi: TreeKpi, lang, today, finding, _) -> list[HealthFinding]:
    found: list[HealthFinding] = []
    label = kpi.name or kpi.statement[:60]
    evaluation = kpi.evaluation or evaluate(
        KpiContext(statement=kpi.statement or kpi.name, lang=lang, today=today)
    )
    if not evaluation.flag("S"):
        found.append(finding(
            "vague_kpi", "warning", "kpi", kpi.id,
            _("KPI %(name)s is vague.", name=label),
            evaluation.criteria["S"].suggestion if evaluation.criteria.get("S") else "",
        ))  # fmt: skip
    m = evaluation.criteria.get("M")
    # Only a missing quantity counts here: a missing data source has its own finding below.
    if m is not None and m.status is Status.MISSING:
        found.append(finding(
            "unmeasurable_kpi", "warning", "kpi", kpi.id,
            _("KPI %(name)s has no measurable target.", name=label),
            evaluation.criteria["M"].suggestion if evaluation.criteria.get("M") else "",
        ))  # fmt: skip
    kinds = {kind for kind, _said, _typed in evaluation.disagreements}
    if kinds:
        details = [
            evaluation.criteria[letter].reason
            for letter, kind in (("M", "value"), ("T", "date"))
            if kind in kinds and evaluation.criteria.get(letter) is not None
        ]
        found.append(finding(
            "statement_disagrees", "warning", "kpi", kpi.id,
            _("The statement of KPI %(name)s and its fields disagree.", name=label),
            " ".join([*details, _("Correct the one that is wrong, so both say the same.")]),
        ))  # fmt: skip
    if not kpi.owner.strip():
        found.append(finding(
            "no_owner", "warning", "kpi", kpi.id,
            _("KPI %(name)s has no owner.", name=label),
            _("Name one person who is accountable for this KPI."),
        ))  # fmt: skip
    if not kpi.data_source.strip():
        found.append(finding(
            "no_data_source", "warning", "kpi", kpi.id,
            _("KPI %(name)s has no data source.", name=label),
            _("Say where the number comes from (system, report or survey)."),
        ))  # fmt: skip
    return found
