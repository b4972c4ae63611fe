"""The KPI status workflow: which status may follow which, and which role may make the step.

    draft ──propose──▶ proposed ──approve──▶ approved ──retire──▶ retired
                          ▲   └────reject───▶ rejected ──retire──┘
                          └────propose again────┘

An approved KPI whose removal an editor asked for (`Kpi.removal_requested`) waits for an
approver: retire it, or keep it in the set (approved → approved, recorded as a decision).

Proposing is for those who edit the tree (facilitator, admin); deciding and retiring is for
approvers (manager, admin). The organisation admin counts as both. Nothing else is allowed.

Every step is recorded as a `KpiTransition` (who, when, from, to, why), which the KPI's
timeline shows: one KPI's step from the review pages (`services.kpi_status_change`), and the
wizard's "Submit for review", which proposes every draft and rejected KPI of the plan at once
(`kpiplanner.planning.services.plan_submit`).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from indicators.models import KpiStatus
from kpiplanner.accounts.models import APPROVER_ROLES, EDITOR_ROLES, Role


@dataclass(frozen=True)
class Step:
    to_status: str
    roles: frozenset
    label: object  # lazy translation: what the button says
    needs_reason: bool = False
    style: str = "btn-outline-primary"


PROPOSE = Step(KpiStatus.PROPOSED, EDITOR_ROLES, _("Propose for review"), style="btn-primary")
APPROVE = Step(KpiStatus.APPROVED, APPROVER_ROLES, _("Approve"), style="btn-success")
REJECT = Step(
    KpiStatus.REJECTED, APPROVER_ROLES, _("Reject"), needs_reason=True, style="btn-danger"
)
RETIRE = Step(KpiStatus.RETIRED, APPROVER_ROLES, _("Retire"), style="btn-outline-secondary")
KEEP = Step(KpiStatus.APPROVED, APPROVER_ROLES, _("Keep in the set"), style="btn-success")

STEPS: dict[str, tuple[Step, ...]] = {
    KpiStatus.DRAFT: (PROPOSE,),
    KpiStatus.PROPOSED: (APPROVE, REJECT),
    KpiStatus.REJECTED: (PROPOSE, RETIRE),
    KpiStatus.APPROVED: (RETIRE,),
    KpiStatus.RETIRED: (),
}

# An approved KPI an editor asked to remove.
REMOVAL_STEPS: tuple[Step, ...] = (RETIRE, KEEP)

# A KPI in one of these states has been decided on; a set can only be approved when all are.
DECIDED = frozenset({KpiStatus.APPROVED, KpiStatus.REJECTED, KpiStatus.RETIRED})


def _steps(status: str, removal_requested: bool) -> tuple[Step, ...]:
    if removal_requested and status == KpiStatus.APPROVED:
        return REMOVAL_STEPS
    return STEPS.get(status, ())


def find_step(from_status: str, to_status: str, *, removal_requested=False) -> Step | None:
    """The step from one status to another, or None when the workflow has no such step."""
    return next(
        (s for s in _steps(from_status, removal_requested) if s.to_status == to_status), None
    )


def steps_for(status: str, role: str | None, *, removal_requested=False) -> list[Step]:
    """The steps a member with `role` may take from `status` (for buttons)."""
    return [s for s in _steps(status, removal_requested) if role in s.roles]


def can_comment(role: str | None) -> bool:
    """Everyone in the review may comment; a viewer only reads."""
    return role is not None and role != Role.VIEWER
