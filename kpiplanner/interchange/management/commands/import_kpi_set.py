"""python manage.py import_kpi_set FILE --organisation ID [--user USERNAME] [--lang en]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from kpiplanner.accounts.models import Organisation
from kpiplanner.interchange.management.files import add_user_and_lang, read_file, user_named
from kpiplanner.interchange.reading import ImportRefused, read_kpi_set
from kpiplanner.interchange.services import kpi_set_import


class Command(BaseCommand):
    help = (
        "Import a KPI set downloaded as JSON (an approved version) as a new strategy of an "
        "organisation. Every KPI starts as a draft. A file with any error is refused whole."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file, as downloaded from KPI Planner.")
        parser.add_argument(
            "--organisation",
            required=True,
            help="The id (or short name) of the organisation that gets the new strategy.",
        )
        add_user_and_lang(
            parser,
            user_help="Username recorded as the author of the new KPIs' first version.",
            lang_help="Language of the messages (default: %(default)s).",
        )

    def handle(self, *args, file, organisation, user=None, lang, **options):
        with translation.override(lang):
            self._import(Path(file), organisation, user)

    def _import(self, path: Path, organisation_key: str, username: str | None) -> None:
        organisation = self._organisation(organisation_key)
        user = user_named(username)
        try:
            result = kpi_set_import(
                data=read_kpi_set(read_file(path)), organisation=organisation, user=user
            )
        except ImportRefused as exc:
            problems = "\n".join(f"- {message}" for message in exc.messages)
            raise CommandError(
                _("This file was not imported; nothing was changed.") + "\n" + problems
            ) from exc
        counts = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported “%(name)s” into %(organisation)s: %(goals)d goals, %(csfs)d "
                    "critical success factors, %(kpis)d KPIs (all drafts)."
                )
                % {"name": result.strategy.name, "organisation": organisation.name, **counts}
            )
        )
        self.stdout.write(result.strategy.get_absolute_url())
        for name in result.missing_owners:
            self.stdout.write(
                self.style.WARNING(
                    _("Owner “%(name)s” is not a member of %(organisation)s; the KPI has none.")
                    % {"name": name, "organisation": organisation.name}
                )
            )
        for slug in result.missing_templates:
            self.stdout.write(
                self.style.WARNING(
                    _("Library template “%(slug)s” does not exist here; the link is left out.")
                    % {"slug": slug}
                )
            )

    def _organisation(self, key: str) -> Organisation:
        found = Organisation.by_key(key)
        if found is None:
            raise CommandError(_("There is no organisation “%(key)s”.") % {"key": key})
        return found
