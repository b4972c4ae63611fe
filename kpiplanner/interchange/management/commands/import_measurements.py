"""python manage.py import_measurements FILE --strategy ID [--user USERNAME] [--lang en]"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from goals.models import Strategy
from kpiplanner.interchange.management.files import add_user_and_lang, read_file, user_named
from kpiplanner.interchange.measurement_import import (
    Plan,
    imported_summary,
    max_rows,
    read_entries,
    strategy_kpis,
)
from kpiplanner.interchange.reading import ImportRefused
from kpiplanner.interchange.services import MeasurementsRefused, measurements_import
from kpiplanner.interchange.sheets import read_sheet


class Command(BaseCommand):
    help = (
        "Import KPI values from a CSV or Excel (.xlsx) sheet with the columns KPI, period, value "
        "and note, as the import page does. A file with any bad line is refused whole, every bad "
        "line named, and the command ends with a non-zero exit status."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV or .xlsx file.")
        parser.add_argument("--strategy", required=True, help="The id of the strategy.")
        add_user_and_lang(
            parser,
            user_help="Username recorded as the one who entered the values (and in history).",
            lang_help="Language of the messages and the notation of numbers in the file: nl "
            "reads 1.250,5, en reads 1,250.5 (default: %(default)s).",
        )

    def handle(self, *args, file, strategy, user=None, lang, **options):
        with translation.override(lang):
            self._import(Path(file), strategy, user, dutch=lang.startswith("nl"))

    def _import(self, path: Path, strategy_id: str, username: str | None, *, dutch: bool):
        try:
            strategy = Strategy.objects.get(pk=strategy_id)
        except (Strategy.DoesNotExist, ValidationError, ValueError) as exc:
            raise CommandError(_("There is no strategy “%(id)s”.") % {"id": strategy_id}) from exc
        user = user_named(username)
        kpis = strategy_kpis(strategy)
        try:
            raw = read_file(path)
            entries, read = read_entries(read_sheet(raw, max_rows=max_rows()), kpis, dutch=dutch)
            plan = measurements_import(entries=entries, read=read, user=user, may_enter_all=True)
        except ImportRefused as exc:
            self._refuse(Plan(problems=[(0, message) for message in exc.messages]))
        except MeasurementsRefused as exc:
            self._refuse(exc.plan)
        self.stdout.write(self.style.SUCCESS(imported_summary(plan)))

    def _refuse(self, plan: Plan):
        lines = [
            (_("Line %(line)s") % {"line": line} if line else _("The file")) + f": {message}"
            for line, message in plan.problems
        ]
        raise CommandError(
            _("This file was not imported; nothing was changed.") + "\n" + "\n".join(lines)
        )
