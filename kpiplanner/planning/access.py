"""Loading what the wizard keeps for the signed-in member (see kpiplanner.accounts.access)."""

from kpiplanner.accounts.access import can_write, get_for_member

from .models import DeletedItem


def get_deleted_item_for_member(request, pk, *, write: bool = False) -> DeletedItem:
    return get_for_member(
        request,
        DeletedItem.objects.select_related("strategy__organisation"),
        pk,
        organisation_path="strategy__organisation",
        allowed=can_write if write else None,
    )
