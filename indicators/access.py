"""Loading KPIs for the signed-in member."""

from kpiplanner.accounts.access import get_for_member, reading_rule

from .models import Kpi


def get_kpi_for_member(request, pk, *, write: bool = False) -> Kpi:
    return get_for_member(
        request,
        Kpi.objects.select_related("csf__goal__strategy__organisation", "owner", "template"),
        pk,
        organisation_path="csf__goal__strategy__organisation",
        allowed=reading_rule(write=write),
    )
