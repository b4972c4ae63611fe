"""Every change to an organisation's members: invitations, joining, roles, removal.

Each runs in one transaction that first locks the organisation's row, so changes to one
organisation's members happen one after another: the acting admin is checked to still be an
admin, and the last admin can be neither demoted nor removed, even when two admins act at once.
Each change is written to the organisation's member log (`MemberEvent`) and the security log.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Invitation, MemberEvent, Membership, Organisation, Role, display_name
from .security import log_event

INVITATION_SALT = "kpiplanner.accounts.invitation"


class MemberError(Exception):
    """A change the rules refuse; `message` says why, in the user's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class InvitationInvalid(MemberError):
    """The link is not one we signed (forged, mangled): answered like a missing page."""


class InvitationUnusable(MemberError):
    """A real link that no longer works: expired, used, withdrawn."""


LAST_ADMIN = gettext_lazy(
    "An organisation needs at least one admin: make someone else admin first."
)


# Tokens ---------------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    """The signed, timestamped token of the invitation's link."""
    return signing.dumps(
        {"i": invitation.pk, "o": invitation.organisation_id}, salt=INVITATION_SALT, compress=True
    )


def invitation_link(invitation: Invitation, base_url: str) -> str:
    path = reverse("accounts:invitation_accept", args=[invitation_token(invitation)])
    return base_url.rstrip("/") + path


def invitation_from_token(token: str, *, lock: bool = False) -> Invitation:
    """The invitation a link names, if it can still be accepted.

    Raises InvitationInvalid for a token we did not sign (or naming an invitation of another
    organisation than it says), InvitationUnusable for an expired, used or withdrawn one.
    """
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=settings.INVITATION_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise InvitationUnusable(
            _("This invitation has expired. Ask your organisation's admin for a new one.")
        ) from exc
    except signing.BadSignature as exc:
        raise InvitationInvalid(_("This invitation link is not valid.")) from exc
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        raise InvitationInvalid(_("This invitation link is not valid."))
    queryset = Invitation.objects.select_related("organisation", "invited_by")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.filter(pk=data["i"]).first()
    if invitation is not None and invitation.organisation_id != data.get("o"):
        raise InvitationInvalid(_("This invitation link is not valid."))
    if invitation is None:
        raise InvitationUnusable(
            _("This invitation was withdrawn. Ask your organisation's admin for a new one.")
        )
    if invitation.accepted_at is not None:
        raise InvitationUnusable(
            _("This invitation has already been used. Log in to work in %(name)s.")
            % {"name": invitation.organisation.name}
        )
    return invitation


# The log ------------------------------------------------------------------------------------


def _record(organisation, action, *, actor, subject: str, old_role="", new_role="", request=None):
    MemberEvent.objects.create(
        organisation=organisation,
        action=action,
        actor=actor,
        actor_name=display_name(actor, "?"),
        subject_name=subject[:254],
        old_role=old_role,
        new_role=new_role,
    )
    facts = {"organisation": organisation.slug, "member": subject}
    if old_role:
        facts["old_role"] = old_role
    if new_role:
        facts["new_role"] = new_role
    if actor is not None:
        facts["user"] = actor.get_username()
    log_event(f"member_{action}", request, **facts)


def _lock(organisation: Organisation, actor) -> Membership:
    """Lock the organisation's members for this transaction; the actor's admin membership."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    mine = Membership.objects.filter(organisation=organisation, user=actor, role=Role.ADMIN).first()
    if mine is None:
        raise PermissionDenied  # no longer an admin (changed a moment ago)
    return mine


def _last_admin(membership: Membership) -> bool:
    return (
        membership.role == Role.ADMIN
        and not Membership.objects.filter(organisation=membership.organisation_id, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


# Changes ------------------------------------------------------------------------------------


def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    role: str,
    language: str,
    invited_by,
    base_url: str,
    request=None,
) -> Invitation:
    """Invite `email` with `role`; the mail goes out (in the background) once this commits."""
    from .emails import invitation_mail
    from .tasks import send_email_task

    email = get_user_model().objects.normalize_email(email.strip())
    with transaction.atomic():
        _lock(organisation, invited_by)
        if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
            raise MemberError(
                _("%(email)s is already a member of %(name)s.")
                % {"email": email, "name": organisation.name}
            )
        # Inviting again sends a new link; the earlier one stops working.
        Invitation.objects.filter(
            organisation=organisation, email__iexact=email, accepted_at=None
        ).delete()
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            language=language,
            invited_by=invited_by,
        )
        _record(
            organisation,
            MemberEvent.Action.INVITED,
            actor=invited_by,
            subject=email,
            new_role=role,
            request=request,
        )
        existing = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        subject, body = invitation_mail(
            invitation, link=invitation_link(invitation, base_url), existing_user=existing
        )
        transaction.on_commit(lambda: send_email_task.enqueue(subject, body, email))
    return invitation


def invitation_withdraw(*, invitation: Invitation, actor, request=None) -> None:
    with transaction.atomic():
        _lock(invitation.organisation, actor)
        deleted, _rows = Invitation.objects.filter(pk=invitation.pk, accepted_at=None).delete()
        if deleted:
            _record(
                invitation.organisation,
                MemberEvent.Action.INVITATION_WITHDRAWN,
                actor=actor,
                subject=invitation.email,
                request=request,
            )


@dataclass
class Accepted:
    membership: Membership
    already_member: bool


def invitation_accept(
    *, token: str, user=None, new_user: dict | None = None, request=None
) -> Accepted:
    """Accept the invitation as `user` (signed in), or as a new account made of `new_user`
    (username, first_name, last_name, password). Once: a second acceptance is refused."""
    with transaction.atomic():
        invitation = invitation_from_token(token, lock=True)
        organisation = invitation.organisation
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        if user is None:
            password = new_user.pop("password")
            user = get_user_model()(email=invitation.email, **new_user)
            user.set_password(password)
            user.save()
        membership = Membership.objects.filter(organisation=organisation, user=user).first()
        already = membership is not None
        if not already:
            membership = Membership.objects.create(
                organisation=organisation, user=user, role=invitation.role
            )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        if not already:
            _record(
                organisation,
                MemberEvent.Action.JOINED,
                actor=user,
                subject=display_name(user),
                new_role=invitation.role,
                request=request,
            )
    return Accepted(membership, already)


def member_set_role(*, membership: Membership, role: str, actor, request=None) -> bool:
    """Give the member `role`; False when it already was. The last admin keeps theirs."""
    with transaction.atomic():
        _lock(membership.organisation, actor)
        current = Membership.objects.select_related("user").filter(pk=membership.pk).first()
        if current is None:
            raise MemberError(_("This person is no longer a member."))
        if current.role == role:
            return False
        if role != Role.ADMIN and _last_admin(current):
            raise MemberError(str(LAST_ADMIN))
        old = current.role
        current.role = role
        current.save(update_fields=["role"])
        membership.role = role
        _record(
            membership.organisation,
            MemberEvent.Action.ROLE_CHANGED,
            actor=actor,
            subject=display_name(current.user),
            old_role=old,
            new_role=role,
            request=request,
        )
    return True


def member_remove(*, membership: Membership, actor, request=None) -> None:
    """Take the member out of the organisation (their account stays). Not the last admin."""
    with transaction.atomic():
        _lock(membership.organisation, actor)
        current = Membership.objects.select_related("user").filter(pk=membership.pk).first()
        if current is None:
            return  # removed a moment ago
        if _last_admin(current):
            raise MemberError(str(LAST_ADMIN))
        current.delete()
        _record(
            membership.organisation,
            MemberEvent.Action.REMOVED,
            actor=actor,
            subject=display_name(current.user),
            old_role=current.role,
            request=request,
        )
