"""Loading critical success factors for the signed-in member."""

from kpiplanner.accounts.access import get_for_member, reading_rule

from .models import CriticalSuccessFactor


def get_csf_for_member(request, pk, *, write: bool = False) -> CriticalSuccessFactor:
    return get_for_member(
        request,
        CriticalSuccessFactor.objects.select_related("goal__strategy__organisation"),
        pk,
        organisation_path="goal__strategy__organisation",
        allowed=reading_rule(write=write),
    )
