def membership(request):
    """Expose the current membership and the others, for the header and organisation switcher."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    current = request.membership
    if current is None:
        return {"current_membership": None, "other_memberships": []}
    others = sorted(
        (m for m in request.memberships.values() if m.pk != current.pk),
        key=lambda m: m.organisation.name.lower(),
    )
    return {"current_membership": current, "other_memberships": others}
