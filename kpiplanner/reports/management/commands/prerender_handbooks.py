"""python manage.py prerender_handbooks [--organisation ID] [--all-versions]

Renders the PDF handbooks whose stored copy is out of date, in every language, so that no user
waits for one: by default the latest approved version of every strategy. Run it after a deploy
that changes the handbook's templates, stylesheet, translations or WeasyPrint release: that makes
every stored copy out of date, and each first download would otherwise render while the user
waits. Handbooks that are current are left alone, so running it twice costs nothing.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kpiplanner.accounts.models import Organisation
from kpiplanner.reports.pdf import ExportTooLarge
from kpiplanner.reports.store import ensure_current, latest_versions
from kpiplanner.reviews.models import KpiSetVersion


class Command(BaseCommand):
    help = "Render the PDF handbooks whose stored copy is out of date (after a deploy, say)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisation", help="Only this organisation's strategies (its id or short name)."
        )
        parser.add_argument(
            "--all-versions",
            action="store_true",
            help="Every approved version, not only the latest of each strategy.",
        )

    def handle(self, *args, organisation=None, all_versions=False, **options):
        versions = KpiSetVersion.objects if all_versions else latest_versions()
        versions = versions.select_related("strategy__organisation", "approved_by")
        if organisation is not None:
            found = Organisation.by_key(organisation)
            if found is None:
                raise CommandError(_("There is no organisation “%(key)s”.") % {"key": organisation})
            versions = versions.filter(strategy__organisation=found)
        versions = versions.order_by("strategy__organisation__name", "strategy__name", "number")

        rendered = current = too_large = 0
        for version in versions.iterator(chunk_size=100):
            name = f"“{version.strategy.name}” version {version.number}"
            for lang, _language in settings.LANGUAGES:
                started = time.perf_counter()
                try:
                    if not ensure_current(version, lang=lang):
                        current += 1
                        continue
                except ExportTooLarge:
                    too_large += 1
                    self.stdout.write(f"Skipped {name}: too large for a PDF.")
                    break  # as large in every language
                rendered += 1
                seconds = time.perf_counter() - started
                self.stdout.write(f"Rendered {name} ({lang}) in {seconds:.1f} s.")
        summary = f"Handbooks rendered: {rendered}, already current: {current}"
        if too_large:
            summary += f"; versions too large for a PDF: {too_large}"
        self.stdout.write(self.style.SUCCESS(summary + "."))
