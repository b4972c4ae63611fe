"""Loading objects of the review pages for the signed-in member (see kpiplanner.accounts.access)."""

from goals.models import Strategy
from kpiplanner.accounts.access import can_approve, get_for_member


def get_strategy_for_approver(request, pk) -> Strategy:
    """The strategy, for a member who may approve its KPI set (manager, admin); else 403/404."""
    return get_for_member(
        request,
        Strategy.objects.select_related("organisation"),
        pk,
        organisation_path="organisation",
        allowed=can_approve,
    )
