"""Organisations (tenants), the members of each with their role, invitations to join, the log
of changes to the members, and each person's own preferences."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Organisation admin")
    FACILITATOR = "facilitator", _("Facilitator")
    MANAGER = "manager", _("Manager")
    PARTICIPANT = "participant", _("Participant")
    VIEWER = "viewer", _("Viewer")


# Who may change the strategy tree (strategies, goals, CSFs, KPIs).
EDITOR_ROLES = frozenset({Role.ADMIN, Role.FACILITATOR})
# Who may approve or reject KPIs and approve a KPI set.
APPROVER_ROLES = frozenset({Role.ADMIN, Role.MANAGER})


def display_name(user, default="") -> str:
    """How a person is named on pages and in files: the full name, else the username.

    `default` names nobody (no user); the template filter `display_name` (`{% load people %}`)
    is the same rule for templates.
    """
    if user is None:
        return default
    return user.get_full_name() or user.get_username()


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("dashboard")

    @classmethod
    def by_key(cls, key: str) -> "Organisation | None":
        """The organisation whose id or short name is `key` (as commands are given it)."""
        found = None
        if key.isascii() and key.isdigit() and len(key) <= 18:
            found = cls.objects.filter(pk=int(key)).first()
        return found or cls.objects.filter(slug=key).first()


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_one_per_user_and_organisation"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"

    @property
    def can_edit(self) -> bool:
        return self.role in EDITOR_ROLES

    @property
    def can_approve(self) -> bool:
        return self.role in APPROVER_ROLES

    @property
    def can_read_drafts(self) -> bool:
        """Everyone but a viewer works on the tree: drafts, proposals, comments. A viewer reads
        the approved sets and the progress (PRODUCT.md, "Who uses it")."""
        return self.role != Role.VIEWER

    @property
    def can_manage_members(self) -> bool:
        return self.role == Role.ADMIN


class Profile(models.Model):
    """What a person chose for themselves, whichever organisation they work in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True, default=""
    )
    # The notification digests (kpiplanner/notifications): whether they are wanted, and when
    # the last one went out (at most one an hour).
    email_notifications = models.BooleanField(_("E-mail me what waits for me"), default=True)
    notified_at = models.DateTimeField(_("last notification e-mail"), null=True, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)

    @classmethod
    def language_of(cls, user) -> str:
        """The user's chosen language, else the site's default."""
        chosen = cls.objects.filter(user=user).values_list("language", flat=True).first()
        return chosen or settings.LANGUAGE_CODE


class Invitation(models.Model):
    """An invitation by e-mail to join an organisation with a role.

    The link carries a signed, timestamped token naming this row (`accounts/invitations.py`);
    the row makes it single-use (`accepted_at`) and lets an admin withdraw it (delete).
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="invitation_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation} ({self.get_role_display()})"

    @property
    def expires_at(self):
        return self.created_at + datetime.timedelta(seconds=settings.INVITATION_MAX_AGE)

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class MemberEvent(models.Model):
    """One change to an organisation's members, for its admins to read: who did what to whom.

    Names are copied, so the line still reads right after the people are removed."""

    class Action(models.TextChoices):
        INVITED = "invited", _("invited")
        INVITATION_WITHDRAWN = "invitation_withdrawn", _("withdrew the invitation of")
        JOINED = "joined", _("joined")
        ROLE_CHANGED = "role_changed", _("changed the role of")
        REMOVED = "removed", _("removed")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="member_events",
        verbose_name=_("organisation"),
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_name = models.CharField(_("by"), max_length=200)
    subject_name = models.CharField(_("member"), max_length=254)
    old_role = models.CharField(_("old role"), max_length=20, choices=Role.choices, blank=True)
    new_role = models.CharField(_("new role"), max_length=20, choices=Role.choices, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("member change")
        verbose_name_plural = _("member changes")

    def __str__(self):
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.subject_name}"
        )

    def describe(self) -> str:
        """The change in a sentence of the active language."""
        facts = {
            "actor": self.actor_name,
            "subject": self.subject_name,
            "old": self.get_old_role_display().lower(),
            "new": self.get_new_role_display().lower(),
        }
        sentences = {
            self.Action.INVITED: _("%(actor)s invited %(subject)s as %(new)s."),
            self.Action.INVITATION_WITHDRAWN: _(
                "%(actor)s withdrew the invitation of %(subject)s."
            ),
            self.Action.JOINED: _("%(subject)s joined as %(new)s."),
            self.Action.ROLE_CHANGED: _(
                "%(actor)s changed the role of %(subject)s from %(old)s to %(new)s."
            ),
            self.Action.REMOVED: _("%(actor)s removed %(subject)s (%(old)s)."),
        }
        return str(sentences.get(self.action, self.action)) % facts
