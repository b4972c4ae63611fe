"""Put the signed-in user's memberships and current organisation on the request."""

SESSION_KEY = "organisation_id"


class MembershipMiddleware:
    """Sets `request.memberships` ({organisation id: Membership}, loaded in one query) and
    `request.membership`, the membership of the organisation the user is working in: the one
    chosen in the organisation switcher, else the first by name. Anonymous users get {} and None.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = {}
        request.membership = None
        if request.user.is_authenticated:
            memberships = {
                m.organisation_id: m
                for m in request.user.memberships.select_related("organisation")
            }
            request.memberships = memberships
            if memberships:
                request.membership = memberships.get(request.session.get(SESSION_KEY)) or min(
                    memberships.values(), key=lambda m: m.organisation.name.lower()
                )
        return self.get_response(request)
