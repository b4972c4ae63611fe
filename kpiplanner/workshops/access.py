"""Who may see a workshop, and as whom.

Facilitator screens (control, projector, summary) are organisation pages: they load the
workshop through `kpiplanner.accounts.access.get_for_member`, scoped to the member's
organisations (another organisation's workshop: 404) and role-checked (only editors control it).
Participant screens (`/w/<id>/…`) admit the workshop's own participants: a member who joined
as themselves, or a guest whose session holds the participant id the join page gave it. Anyone
else gets 404, so a code is the only way in.
"""

from django.core.exceptions import ValidationError
from django.http import Http404

from kpiplanner.accounts.access import can_write, get_for_member

from .models import Participant, Workshop

GUEST_SESSION_KEY = "workshop_guests"


def get_workshop_for_member(request, pk, *, write: bool = False) -> Workshop:
    return get_for_member(
        request,
        Workshop.objects.select_related("strategy__organisation", "current_round"),
        pk,
        organisation_path="strategy__organisation",
        allowed=can_write if write else None,
    )


def guest_participant_ids(request) -> dict[str, int]:
    return request.session.get(GUEST_SESSION_KEY, {})


def remember_guest(request, participant: Participant) -> None:
    guests = dict(guest_participant_ids(request))
    guests[str(participant.workshop_id)] = participant.pk
    request.session[GUEST_SESSION_KEY] = guests


def find_participant(request, workshop: Workshop) -> Participant | None:
    """This request's participant in `workshop`: the member's own, else the session's guest."""
    if request.user.is_authenticated:
        member = Participant.objects.filter(workshop=workshop, user=request.user).first()
        if member is not None:
            return member
    # A guest, or someone signed in elsewhere who joined this workshop as a guest.
    participant_id = guest_participant_ids(request).get(str(workshop.pk))
    if participant_id is None:
        return None
    return Participant.objects.filter(
        pk=participant_id, workshop=workshop, user__isnull=True
    ).first()


def get_participation(request, pk) -> tuple[Workshop, Participant]:
    """The open workshop `pk` and this request's participant in it, or 404."""
    try:
        workshop = (
            Workshop.objects.select_related("strategy", "current_round__goal", "current_round__csf")
            .filter(closed_at__isnull=True)
            .get(pk=pk)
        )
    except (Workshop.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc
    participant = find_participant(request, workshop)
    if participant is None:
        raise Http404
    return workshop, participant


def was_participant(request, pk) -> bool:
    """Whether this request joined workshop `pk` (open or closed), to say goodbye when it ends."""
    if str(pk) in guest_participant_ids(request):
        return True
    return (
        request.user.is_authenticated
        and Participant.objects.filter(workshop_id=pk, user=request.user).exists()
    )
