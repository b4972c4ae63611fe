"""``manage.py smart_check``: judge KPI statements from a JSON-lines file with the SMART engine.

    python manage.py smart_check --jsonl statements.jsonl        # one JSON line per input
    python manage.py smart_check --summary labelled.jsonl        # accuracy against labels
    cat statements.jsonl | python manage.py smart_check --jsonl -

Only the pure engine (``indicators.smart``) judges; this file only reads and writes.
A bad input line gives ``{"line": n, "error": "..."}`` in its place, never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.smart.batch import format_summary, judge_lines, summarise


def _read_lines(path: str) -> list[str]:
    if path == "-":
        return sys.stdin.read().splitlines()
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from exc


class Command(BaseCommand):
    help = "Judge KPI statements (JSON lines with 'text' and optional 'lang') on SMART."

    def add_arguments(self, parser):
        parser.add_argument(
            "--jsonl",
            metavar="PATH",
            help="statements to judge, one JSON object per line ('-' = stdin)",
        )
        parser.add_argument(
            "--summary",
            metavar="LABELLED",
            help="labelled JSON lines (S, M, A, R, T fields); print per-criterion accuracy",
        )
        parser.add_argument(
            "--json-summary",
            action="store_true",
            help="print the summary as JSON instead of a table",
        )

    def handle(self, *args, **options):
        try:
            self._handle(options)
        except BrokenPipeError:
            # The reader went away (e.g. "| head"); stop quietly, like other Unix tools.
            sys.stderr.close()

    def _handle(self, options):
        if not options["jsonl"] and not options["summary"]:
            raise CommandError("give --jsonl PATH and/or --summary LABELLED.jsonl")
        if options["jsonl"]:
            for result in judge_lines(_read_lines(options["jsonl"])):
                self.stdout.write(json.dumps(result, ensure_ascii=False))
        if options["summary"]:
            summary = summarise(_read_lines(options["summary"]))
            if options["json_summary"]:
                self.stdout.write(json.dumps(summary, indent=2))
            else:
                self.stdout.write(format_summary(summary))
