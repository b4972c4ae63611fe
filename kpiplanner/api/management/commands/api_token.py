"""`manage.py api_token USERNAME [--organisation SLUG] [--name NAME]`: make a personal API token.

The token acts as USERNAME with their role in the organisation (needed when they are a member of
several). The token is printed on the last line, alone, so a script can take it with `tail -1`.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kpiplanner.accounts.models import Membership, Organisation
from kpiplanner.api.services import token_create


class Command(BaseCommand):
    help = "Make a personal API token for a member; prints the token on the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--organisation", help="The organisation's short name or id.")
        parser.add_argument("--name", default="manage.py api_token", help="What it is for.")

    def handle(self, *args, username: str, organisation: str | None, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("There is no user “%(name)s”.") % {"name": username})
        memberships = Membership.objects.filter(user=user).select_related("organisation")
        if organisation:
            found = Organisation.by_key(organisation)
            if found is None:
                raise CommandError(_("There is no organisation “%(key)s”.") % {"key": organisation})
            memberships = memberships.filter(organisation=found)
        memberships = list(memberships)
        if not memberships:
            raise CommandError(
                _("%(name)s is not a member of that organisation.") % {"name": username}
            )
        if len(memberships) > 1:
            slugs = ", ".join(m.organisation.slug for m in memberships)
            raise CommandError(
                _(
                    "%(name)s is a member of several organisations; choose one with "
                    "--organisation (%(slugs)s)."
                )
                % {"name": username, "slugs": slugs}
            )
        name = name.strip()[:100] or "manage.py api_token"
        membership = memberships[0]
        _token, secret = token_create(membership=membership, name=name)
        self.stdout.write(
            _("Token “%(token)s” of %(name)s in %(organisation)s (%(role)s); shown only now:")
            % {
                "token": name,
                "name": username,
                "organisation": membership.organisation.slug,
                "role": membership.get_role_display(),
            }
        )
        self.stdout.write(secret)
