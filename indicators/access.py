"""Loading KPIs for the signed-in member (or an API token's member)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kpiplanner.accounts.access import get_for_member, reading_rule
from kpiplanner.accounts.security import log_refusal

from .models import Kpi


def get_kpi_for_member(request, pk, *, write: bool = False, published: bool = False) -> Kpi:
    """The KPI; `published=True` for what shows its progress and values, which a viewer may read
    too, but only of an approved KPI or one whose change waits for the manager (goals.models.
    PUBLISHED_KPIS; another KPI is not found for them)."""
    kpi = get_for_member(
        request,
        Kpi.objects.select_related("csf__goal__strategy__organisation", "owner", "template"),
        pk,
        organisation_path="csf__goal__strategy__organisation",
        allowed=reading_rule(write=write, published=published),
    )
    if not request.membership.can_read_drafts and not kpi.published:
        log_refusal(request, 404, model=Kpi._meta.label)
        raise Http404
    return kpi


def may_enter_values(request, kpi: Kpi) -> bool:
    """Whether the member may enter values of `kpi`: its owner, a facilitator or an admin (a
    manager, participant or viewer who does not own it reads). The rule of the KPI page, "My
    KPIs", the file import and the API."""
    membership = request.memberships.get(kpi.csf.goal.strategy.organisation_id)
    return membership is not None and (membership.can_edit or kpi.owner_id == request.user.pk)


def get_kpi_for_entry(request, pk) -> Kpi:
    """The KPI whose values the member enters: 404 outside their organisations, 403 when they
    may only read it."""
    kpi = get_kpi_for_member(request, pk, published=True)
    if not may_enter_values(request, kpi):
        log_refusal(request, 403, model=Kpi._meta.label, role=request.membership.role)
        raise PermissionDenied
    return kpi
