"""The planning wizard's steps and the rules for moving between them.

A small helper in the spirit of les-emplois' `itou/www/utils/wizard.py`: the steps are a StrEnum,
`STEPS` maps each step (in order) to its label and to the test that says the plan is complete up
to and including that step. Every test reads the strategy tree as loaded with
`Strategy.objects.with_tree()`, so judging where a plan stands costs no query.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Step(StrEnum):
    STRATEGY = "strategy"
    GOALS = "goals"
    CSFS = "csfs"
    KPIS = "kpis"
    VALIDATION = "validation"
    SUBMIT = "submit"


# The fields every KPI needs before the plan can go to review.
REQUIRED_KPI_FIELDS = ("owner_id", "data_source", "frequency", "baseline_value", "target_value")


def kpi_missing_fields(kpi) -> list[str]:
    """The names of the required fields a KPI still lacks (owner_id reported as "owner")."""
    missing = []
    for name in REQUIRED_KPI_FIELDS:
        value = getattr(kpi, name)
        if value is None or value == "":
            missing.append(name.removesuffix("_id"))
    return missing


def _csfs(goals):
    return [csf for goal in goals for csf in goal.csfs.all()]


def _kpis(goals):
    return [kpi for csf in _csfs(goals) for kpi in csf.kpis.all()]


@dataclass(frozen=True)
class StepSpec:
    label: Promise
    short: Promise
    is_done: Callable[[list], bool]


STEPS: dict[Step, StepSpec] = {
    Step.STRATEGY: StepSpec(_("Strategy"), _("Strategy"), lambda goals: True),
    Step.GOALS: StepSpec(_("Goals"), _("Goals"), lambda goals: bool(goals)),
    Step.CSFS: StepSpec(
        _("Critical success factors"),
        _("CSFs"),
        lambda goals: all(goal.csfs.all() for goal in goals),
    ),
    Step.KPIS: StepSpec(
        _("KPIs"), _("KPIs"), lambda goals: all(csf.kpis.all() for csf in _csfs(goals))
    ),
    Step.VALIDATION: StepSpec(
        _("Validation"),
        _("Check"),
        lambda goals: all(not kpi_missing_fields(kpi) for kpi in _kpis(goals)),
    ),
    # The last step is never "done": it is where the plan is submitted.
    Step.SUBMIT: StepSpec(_("Submit for review"), _("Submit"), lambda goals: False),
}
ORDER = list(STEPS)


def first_open_step(goals) -> Step:
    """The first step whose work is not finished: no later step can be reached before it is."""
    for step, spec in STEPS.items():
        if not spec.is_done(goals):
            return step
    return Step.SUBMIT


def is_reachable(step: Step, goals) -> bool:
    return ORDER.index(step) <= ORDER.index(first_open_step(goals))


def previous_step(step: Step) -> Step | None:
    index = ORDER.index(step)
    return ORDER[index - 1] if index else None


def next_step(step: Step) -> Step | None:
    index = ORDER.index(step)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


@dataclass(frozen=True)
class ProgressItem:
    step: Step
    label: Promise
    short: Promise
    number: int
    done: bool
    current: bool
    reachable: bool


def progress(current: Step, goals) -> list[ProgressItem]:
    """The progress bar: every step with whether it is done, current and reachable."""
    open_step = first_open_step(goals)
    open_index = ORDER.index(open_step)
    return [
        ProgressItem(
            step=step,
            label=spec.label,
            short=spec.short,
            number=index + 1,
            done=index < open_index,
            current=step == current,
            reachable=index <= open_index,
        )
        for index, (step, spec) in enumerate(STEPS.items())
    ]
