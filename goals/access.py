"""Loading strategies and goals for the signed-in member (see kpiplanner.accounts.access)."""

from kpiplanner.accounts.access import can_write, get_for_member

from .models import Goal, Strategy


def get_strategy_for_member(request, pk, *, write: bool = False, queryset=None) -> Strategy:
    queryset = Strategy.objects.all() if queryset is None else queryset
    return get_for_member(
        request,
        queryset.select_related("organisation"),
        pk,
        organisation_path="organisation",
        allowed=can_write if write else None,
    )


def get_goal_for_member(request, pk, *, write: bool = False) -> Goal:
    return get_for_member(
        request,
        Goal.objects.select_related("strategy__organisation", "parent"),
        pk,
        organisation_path="strategy__organisation",
        allowed=can_write if write else None,
    )
