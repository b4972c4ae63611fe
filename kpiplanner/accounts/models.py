"""Organisations (tenants), and the members of each with their role."""

from django.conf import settings
from django.db import models
from django.urls import reverse
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
