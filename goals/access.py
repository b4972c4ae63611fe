"""Loading strategies and goals for the signed-in member (see kpiplanner.accounts.access)."""

from kpiplanner.accounts.access import get_for_member, reading_rule

from .models import Goal, Strategy


def get_strategy_for_member(
    request, pk, *, write: bool = False, published: bool = False, queryset=None
) -> Strategy:
    """The strategy; `published=True` for pages that show only its approved sets and progress,
    which a viewer may read too (every other page of a strategy is work in progress)."""
    queryset = Strategy.objects.all() if queryset is None else queryset
    return get_for_member(
        request,
        queryset.select_related("organisation"),
        pk,
        organisation_path="organisation",
        allowed=reading_rule(write=write, published=published),
    )


def get_goal_for_member(request, pk, *, write: bool = False) -> Goal:
    return get_for_member(
        request,
        Goal.objects.select_related("strategy__organisation", "parent"),
        pk,
        organisation_path="strategy__organisation",
        allowed=reading_rule(write=write),
    )
