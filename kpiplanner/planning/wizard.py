"""The planning wizard's steps and the rules for moving between them.

A small helper in the spirit of les-emplois' `itou/www/utils/wizard.py`: the steps are a StrEnum,
`STEPS` maps each step (in order) to its label, to the test that says the plan is complete up
to and including that step, and to what is still to do while it is not. What each step's page
shows and saves is in `steps.PAGES`. Every test reads the strategy tree as loaded with
`Strategy.objects.with_tree()`, so judging where a plan stands costs no query.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from goals.models import tree_csfs, tree_kpis


class Step(StrEnum):
    STRATEGY = "strategy"
    GOALS = "goals"
    CSFS = "csfs"
    KPIS = "kpis"
    VALIDATION = "validation"
    SUBMIT = "submit"


def kpi_missing_fields(kpi) -> list[str]:
    """Kept for callers of the old name: `Kpi.missing_fields()` is the rule."""
    return kpi.missing_fields()


@dataclass(frozen=True)
class StepSpec:
    """Where a plan stands on a step: its names, whether it is done (reading the tree of goals
    loaded with `with_tree()`), and what to tell someone who asks for a later step too early."""

    label: Promise
    short: Promise
    is_done: Callable[[list], bool]
    todo: Promise | None = None


STEPS: dict[Step, StepSpec] = {
    Step.STRATEGY: StepSpec(_("Strategy"), _("Strategy"), lambda goals: True),
    Step.GOALS: StepSpec(
        _("Goals"),
        _("Goals"),
        lambda goals: bool(goals),
        todo=_("Add at least one goal before you go on."),
    ),
    # A group may park a goal without CSFs, or a CSF without KPIs, and finish the others:
    # those are warned about (`parked`), and one CSF and one KPI are enough to go on.
    Step.CSFS: StepSpec(
        _("Critical success factors"),
        _("CSFs"),
        lambda goals: bool(tree_csfs(goals)),
        todo=_("Give at least one goal a critical success factor first."),
    ),
    Step.KPIS: StepSpec(
        _("KPIs"),
        _("KPIs"),
        lambda goals: bool(tree_kpis(goals)),
        todo=_("Give at least one critical success factor a KPI first."),
    ),
    Step.VALIDATION: StepSpec(
        _("Validation"),
        _("Check"),
        lambda goals: all(not kpi.missing_fields() for kpi in tree_kpis(goals)),
        todo=_(
            "Every KPI needs an owner, a data source, a frequency, a baseline and a target first."
        ),
    ),
    # The last step is never "done": it is where the plan is submitted.
    Step.SUBMIT: StepSpec(_("Submit for review"), _("Submit"), lambda goals: False),
}
ORDER = list(STEPS)


@dataclass(frozen=True)
class Parked:
    """What the group left for later: goals without a CSF, CSFs without a KPI. Warned about on
    the steps where they would be filled, never blocking the rest of the plan."""

    goals: list
    csfs: list

    def __bool__(self) -> bool:
        return bool(self.goals or self.csfs)


def parked(goals) -> Parked:
    return Parked(
        goals=[goal for goal in goals if not goal.csfs.all()],
        csfs=[csf for csf in tree_csfs(goals) if not csf.kpis.all()],
    )


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
