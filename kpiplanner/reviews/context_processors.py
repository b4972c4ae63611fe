"""The count on the header's "For me" link: what waits for the signed-in member."""

from functools import cached_property

from django.utils import timezone

from indicators.due import to_enter_for

from .queries import decisions_waiting


class Waiting:
    """Counted when the template first reads `count`, once per response."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def count(self) -> int:
        request = self.request
        values = to_enter_for(request.user, request.memberships, timezone.localdate())
        return decisions_waiting(request.membership) + values.total


def waiting_for_me(request):
    """`waiting_for_me.count`: KPIs to decide (approvers), rejected KPIs to fix (editors) in the
    organisation one works in, and values due or overdue of the KPIs one owns anywhere (as
    "For me" lists them; its unanswered comments are not counted: working them out reads
    every comment). Lazy: only a page that shows the header pays for it, at most three
    queries whatever the data; htmx partials and signed-out pages pay nothing."""
    membership = getattr(request, "membership", None)
    if membership is None or not request.user.is_authenticated:
        return {}
    return {"waiting_for_me": Waiting(request)}
