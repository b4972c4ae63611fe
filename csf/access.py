"""Loading critical success factors for the signed-in member."""

from kpiplanner.accounts.access import can_write, get_for_member

from .models import CriticalSuccessFactor


def get_csf_for_member(request, pk, *, write: bool = False) -> CriticalSuccessFactor:
    return get_for_member(
        request,
        CriticalSuccessFactor.objects.select_related("goal__strategy__organisation"),
        pk,
        organisation_path="goal__strategy__organisation",
        allowed=can_write if write else None,
    )
