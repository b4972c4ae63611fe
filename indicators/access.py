"""Loading KPIs for the signed-in member."""

from django.http import Http404

from kpiplanner.accounts.access import get_for_member, reading_rule
from kpiplanner.accounts.security import log_refusal

from .models import Kpi, KpiStatus


def get_kpi_for_member(request, pk, *, write: bool = False, published: bool = False) -> Kpi:
    """The KPI; `published=True` for what shows its progress and values, which a viewer may read
    too, but only of an approved KPI (another KPI is not found for them)."""
    kpi = get_for_member(
        request,
        Kpi.objects.select_related("csf__goal__strategy__organisation", "owner", "template"),
        pk,
        organisation_path="csf__goal__strategy__organisation",
        allowed=reading_rule(write=write, published=published),
    )
    if not request.membership.can_read_drafts and kpi.status != KpiStatus.APPROVED:
        log_refusal(request, 404, model=Kpi._meta.label)
        raise Http404
    return kpi
