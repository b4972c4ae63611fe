"""The one way views load a tenant's object: scoped to the member's organisations, role-checked.

Each model has a thin `get_<model>_for_member(request, pk, *, write=False)` in its app's
`access.py` that calls `get_for_member` with the path from the model to its organisation.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404

from .middleware import SESSION_KEY
from .models import Membership
from .security import log_refusal


def can_write(membership: Membership) -> bool:
    return membership.can_edit


def can_approve(membership: Membership) -> bool:
    return membership.can_approve


def can_read_drafts(membership: Membership) -> bool:
    """Work in progress (drafts, proposals, comments, the wizard) is for everyone but a viewer."""
    return membership.can_read_drafts


def reading_rule(*, write: bool, published: bool = False) -> Callable[[Membership], bool] | None:
    """Who may load an object: editors to write; to read, every member where only what is
    published (approved sets, progress) shows, and everyone but a viewer elsewhere."""
    if write:
        return can_write
    return None if published else can_read_drafts


def get_for_member(
    request,
    queryset: QuerySet,
    pk,
    *,
    organisation_path: str,
    allowed: Callable[[Membership], bool] | None = None,
):
    """Return the object with `pk` if it belongs to one of the user's organisations.

    `organisation_path` is the lookup from the model to its organisation, for example
    "csf__goal__strategy__organisation"; the queryset should `select_related` it. Another
    organisation's object, a missing one and a malformed id all give 404, so nobody learns what
    exists elsewhere. A member whose role fails `allowed` gets 403. The object's organisation
    becomes the one the user is working in, so the header matches the page.
    """
    try:
        obj = queryset.filter(**{f"{organisation_path}__in": list(request.memberships)}).get(pk=pk)
    except (queryset.model.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        log_refusal(request, 404, model=queryset.model._meta.label)
        raise Http404 from exc
    *parents, last = organisation_path.split("__")
    holder = obj
    for name in parents:
        holder = getattr(holder, name)
    membership = request.memberships[getattr(holder, f"{last}_id")]
    if allowed is not None and not allowed(membership):
        log_refusal(request, 403, model=queryset.model._meta.label, role=membership.role)
        raise PermissionDenied
    activate_membership(request, membership)
    return obj


def activate_membership(request, membership: Membership) -> None:
    """Make `membership`'s organisation the one the user works in, now and in later requests."""
    request.membership = membership
    # Only people in several organisations have a choice worth remembering (and a session write).
    if (
        len(request.memberships) > 1
        and request.session.get(SESSION_KEY) != membership.organisation_id
    ):
        request.session[SESSION_KEY] = membership.organisation_id
