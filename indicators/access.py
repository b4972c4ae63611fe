"""Loading KPIs for the signed-in member."""

from kpiplanner.accounts.access import can_write, get_for_member

from .models import Kpi


def get_kpi_for_member(request, pk, *, write: bool = False) -> Kpi:
    return get_for_member(
        request,
        Kpi.objects.select_related("csf__goal__strategy__organisation", "owner", "template"),
        pk,
        organisation_path="csf__goal__strategy__organisation",
        allowed=can_write if write else None,
    )
