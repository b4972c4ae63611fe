"""The SMART engine: judge KPI statements and KPI sets. Plain Python, no Django.

Public API::

    from indicators.smart import evaluate, KpiContext
    result = evaluate(KpiContext(statement="NPS van 32 naar 40 voor eind Q4 2026", lang="nl"))
    result.as_flags()  # {"S": True, "M": True, "A": True, "R": None, "T": True, "score": 4}
"""

from .engine import evaluate, evaluate_text
from .health import HealthFinding, TreeCsf, TreeGoal, TreeKpi, TreeStrategy, check_health
from .i18n import LETTERS_EN, LETTERS_NL, criterion_label
from .types import Criterion, Evaluation, Extraction, KpiContext, Quantity, Status

__all__ = [
    "LETTERS_EN",
    "LETTERS_NL",
    "Criterion",
    "Evaluation",
    "Extraction",
    "HealthFinding",
    "KpiContext",
    "Quantity",
    "Status",
    "TreeCsf",
    "TreeGoal",
    "TreeKpi",
    "TreeStrategy",
    "check_health",
    "criterion_label",
    "evaluate",
    "evaluate_text",
]
