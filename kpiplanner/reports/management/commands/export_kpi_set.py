"""python manage.py export_kpi_set --strategy ID [--version N] [--lang nl|en]
[--format pdf|csv|json] -o FILE

Exports an approved KPI-set version for scripts: the PDF handbook, or the CSV and JSON of the
interchange app. Without --version, the latest version. `-o -` writes CSV or JSON to stdout.
"""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from goals.models import Strategy
from kpiplanner.reports.pdf import ExportTooLarge
from kpiplanner.reports.store import handbook_pdf
from kpiplanner.reviews.models import KpiSetVersion

FORMATS = ("pdf", "csv", "json")


class Command(BaseCommand):
    help = "Export an approved KPI-set version as a PDF handbook, CSV or JSON."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Here --version picks the KPI-set version; Django's own --version gives way.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--strategy", required=True, help="The strategy's id (a UUID).")
        parser.add_argument(
            "--version", type=int, dest="number", help="Version number (default: the latest)."
        )
        parser.add_argument(
            "--lang",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the document (default: %(default)s).",
        )
        parser.add_argument("--format", choices=FORMATS, default="pdf", dest="file_format")
        parser.add_argument(
            "-o", "--output", required=True, help="The file to write; '-' for stdout (CSV, JSON)."
        )

    def handle(self, *args, strategy, number, lang, file_format, output, **options):
        version = self._version(strategy, number)
        if output == "-" and file_format == "pdf":
            raise CommandError("Write a PDF to a file, not to stdout: give -o FILE.")
        try:
            content = self._render(version, file_format, lang)
        except ExportTooLarge as exc:
            raise CommandError(exc.message) from exc
        if output == "-":
            sys.stdout.write(content.decode("utf-8") if isinstance(content, bytes) else content)
            return
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        self.stderr.write(
            f"Wrote {path} ({file_format}, {lang}): version {version.number} of "
            f"“{version.strategy.name}”, {path.stat().st_size:,} bytes."
        )

    def _version(self, strategy_id, number) -> KpiSetVersion:
        try:
            strategy = Strategy.objects.select_related("organisation").get(pk=strategy_id)
        except (Strategy.DoesNotExist, ValidationError, ValueError) as exc:
            raise CommandError(f"No strategy with id {strategy_id!r}.") from exc
        versions = KpiSetVersion.objects.filter(strategy=strategy).select_related("approved_by")
        version = (
            versions.order_by("-number").first()
            if number is None
            else versions.filter(number=number).first()
        )
        if version is None:
            if number is None:
                raise CommandError(f"“{strategy.name}” has no approved version yet.")
            raise CommandError(f"“{strategy.name}” has no version {number}.")
        version.strategy = strategy
        return version

    def _render(self, version, file_format: str, lang: str) -> bytes | str:
        if file_format == "pdf":
            return handbook_pdf(version, lang=lang)
        # The interchange app owns the CSV and JSON layouts.
        from kpiplanner.interchange.formats import version_to_csv, version_to_json

        if file_format == "csv":
            return version_to_csv(version, lang)
        return json.dumps(version_to_json(version), ensure_ascii=False, indent=2) + "\n"
