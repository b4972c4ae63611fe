"""Personal API tokens: a member's key for scripts and integrations, acting with their role in
one organisation. Only a digest of the secret is stored; the token is shown once, when made."""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

# Recognisable in logs and secret scanners; the rest is 256 random bits.
TOKEN_PREFIX = "kpi_"
PREFIX_LENGTH = len(TOKEN_PREFIX) + 6
# Longer than any token we make: a longer header is refused before it is hashed.
TOKEN_MAX_LENGTH = 100


def digest(token: str) -> str:
    """The stored form of a token (sha256: the secret is random, so no slow hash is needed)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    membership = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.CASCADE,  # leaving the organisation ends its tokens
        related_name="api_tokens",
        verbose_name=_("membership"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=PREFIX_LENGTH)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
