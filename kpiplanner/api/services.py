"""Making and revoking API tokens (the token page and the api_token command)."""

import datetime

from django.utils import timezone

from kpiplanner.accounts.models import Membership

from .models import PREFIX_LENGTH, ApiToken, digest, new_secret

# How often a token's "last used" is written: not on every request of a busy script.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


def token_create(*, membership: Membership, name: str) -> tuple[ApiToken, str]:
    """A new token of `membership`, and its secret: shown once, never stored."""
    secret = new_secret()
    token = ApiToken.objects.create(
        membership=membership,
        name=name.strip(),
        prefix=secret[:PREFIX_LENGTH],
        secret_hash=digest(secret),
    )
    return token, secret


def token_revoke(*, token: ApiToken) -> None:
    """Stop `token` working, at once and for good (the row stays, for the list)."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])


def token_used(*, token: ApiToken) -> None:
    """Note that `token` was used now (at most once a minute)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
