"""Loading KPIs for the signed-in member."""

from django.core.exceptions import PermissionDenied

from kpiplanner.accounts.access import can_write, get_for_member
from kpiplanner.accounts.security import log_refusal

from .models import Kpi


def get_kpi_for_member(request, pk, *, write: bool = False) -> Kpi:
    return get_for_member(
        request,
        Kpi.objects.select_related("csf__goal__strategy__organisation", "owner", "template"),
        pk,
        organisation_path="csf__goal__strategy__organisation",
        allowed=can_write if write else None,
    )


def may_enter_values(request, kpi: Kpi) -> bool:
    """Whether the member may enter values of `kpi`: its owner, a facilitator or an admin (a
    manager, participant or viewer who does not own it reads)."""
    membership = request.memberships.get(kpi.csf.goal.strategy.organisation_id)
    return membership is not None and (membership.can_edit or kpi.owner_id == request.user.pk)


def get_kpi_for_entry(request, pk) -> Kpi:
    """The KPI whose values the member enters: 404 outside their organisations, 403 when they
    may only read it."""
    kpi = get_kpi_for_member(request, pk)
    if not may_enter_values(request, kpi):
        log_refusal(request, 403, model=Kpi._meta.label, role=request.membership.role)
        raise PermissionDenied
    return kpi
