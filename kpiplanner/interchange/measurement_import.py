"""Importing KPI values from a sheet: reading its lines, checking them, and the template.

A sheet has the columns KPI (the KPI's id, or its exact name within the strategy), period, value
and note, under Dutch or English headers; other columns are ignored, so the template's name
column can stay. Each line is checked with the one write path's rules
(`indicators.measurements.check`) and against the others: the whole file is refused while any
line has a problem, and each problem names its line (the spreadsheet's row number).

`read_entries` turns the sheet's rows into `Entry`s and problems; `plan_entries` sorts the
entries into additions, corrections (with the value they replace) and unchanged ones, with the
problems the rules find. Both run in a fixed number of queries, whatever the number of lines;
`services.measurements_import` writes a plan in bulk.

A line with a KPI and a period but neither value nor note is skipped: it is a template line left
empty. An empty note on a correction keeps the note the period had.
"""

import csv
import datetime
import hashlib
import io
import unicodedata
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from goals.forms import LONG_TEXT
from indicators import measurements as rules
from indicators import tracking
from indicators.models import Kpi, KpiMilestone, Measurement

from .formats import BOM, spreadsheet_safe
from .sheets import CellProblem, Sheet, cell_text, header_key, parse_number, parse_period

# Header (as `header_key` reads it) → column.
HEADERS = {
    "kpi": "kpi",
    "kpi id": "kpi",
    "periode": "period",
    "period": "period",
    "waarde": "value",
    "value": "value",
    "toelichting": "note",
    "opmerking": "note",
    "notitie": "note",
    "note": "note",
    "comment": "note",
}
# Used for the KPI when the sheet has no KPI column.
NAME_HEADERS = {"naam", "name", "kpi naam", "kpi name"}
REQUIRED = ("kpi", "period", "value")
TEMPLATE_PERIODS = 12  # open periods per KPI in the template, at most


def max_rows() -> int:
    return getattr(settings, "MEASUREMENT_IMPORT_MAX_ROWS", 10_000)


@dataclass(frozen=True)
class Entry:
    """One line of the sheet, read."""

    line: int
    kpi: Kpi
    period: datetime.date
    value: Decimal
    note: str  # "" for an empty cell


@dataclass
class Plan:
    """What an import would do, or why it may not."""

    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    additions: list[Entry] = field(default_factory=list)
    corrections: list[tuple[Entry, Measurement]] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0  # template lines left empty

    @property
    def ready(self) -> bool:
        return not self.problems and bool(self.additions or self.corrections)

    def digest(self) -> str:
        """What the plan would change, as one string: a confirm compares it with the preview's."""
        items = [f"+{e.kpi.pk}:{e.period}" for e in self.additions]
        items += [
            f"~{e.kpi.pk}:{e.period}:{old.value.normalize()}:{old.version}"
            for e, old in self.corrections
        ]
        return hashlib.sha256("\n".join(sorted(items)).encode()).hexdigest()


def strategy_kpis(strategy) -> list[Kpi]:
    """The strategy's KPIs with what the rules read (milestones), in two queries."""
    return list(
        Kpi.objects.filter(csf__goal__strategy=strategy)
        .select_related("owner")
        .prefetch_related(
            Prefetch("milestones", queryset=KpiMilestone.objects.order_by("due_date"))
        )
        .order_by("csf__goal__order", "csf__goal__created_at", "csf__order", "order", "created_at")
    )


def _name_key(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


class _Finder:
    """Finds a KPI of the strategy by its id or its exact name."""

    def __init__(self, kpis: list[Kpi]):
        self.by_id = {str(kpi.pk): kpi for kpi in kpis}
        self.by_name: dict[str, list[Kpi]] = {}
        for kpi in kpis:
            self.by_name.setdefault(_name_key(kpi.name), []).append(kpi)

    def find(self, cell) -> Kpi:
        text = cell_text(cell)
        if not text:
            raise CellProblem(_("The KPI is missing."))
        try:
            kpi = self.by_id.get(str(uuid.UUID(text)))
        except ValueError:
            kpi = None
        if kpi is not None:
            return kpi
        key = _name_key(text)
        found = self.by_name.get(key) or self.by_name.get(key.removeprefix("'"), [])
        if len(found) == 1:
            return found[0]
        if found:
            raise CellProblem(
                _("Several KPIs of this strategy are named “%(name)s”: use the KPI's id.")
                % {"name": text}
            )
        raise CellProblem(
            _("There is no KPI “%(text)s” in this strategy (give its id or its exact name).")
            % {"text": text if len(text) <= 60 else text[:59] + "…"}
        )


def _columns(header: list) -> tuple[dict[str, int], list[str]]:
    columns, problems = {}, []
    names = None
    for index, cell in enumerate(header):
        key = header_key(cell)
        column = HEADERS.get(key)
        if column is None:
            if key in NAME_HEADERS and names is None:
                names = index
            continue
        if column in columns:
            problems.append(
                _("The column “%(header)s” appears twice.") % {"header": cell_text(cell)}
            )
        columns[column] = index
    if "kpi" not in columns and names is not None:
        columns["kpi"] = names
    missing = [column for column in REQUIRED if column not in columns]
    if missing:
        problems.append(
            _(
                "The first row must name the columns KPI, period and value (and note if you "
                "like); in Dutch: KPI, periode, waarde, toelichting. Missing: %(missing)s."
            )
            % {"missing": ", ".join(_column_label(column) for column in missing)}
        )
    return columns, problems


def _column_label(column: str) -> str:
    return {"kpi": _("KPI"), "period": _("period"), "value": _("value"), "note": _("note")}[column]


def read_entries(sheet: Sheet, kpis: list[Kpi], *, dutch: bool) -> tuple[list[Entry], Plan]:
    """The sheet's lines as entries; a Plan holding the problems found and the lines skipped.
    No query: `kpis` are the strategy's."""
    plan = Plan()
    if not sheet.rows:
        plan.problems.append((0, _("The file has no rows.")))
        return [], plan
    header_line, header = sheet.rows[0]
    columns, problems = _columns(header)
    if problems:
        plan.problems += [(header_line, problem) for problem in problems]
        return [], plan
    finder = _Finder(kpis)
    entries = []
    seen: dict[tuple, int] = {}  # (KPI, period) → the first line with it

    def cell(cells, column):
        index = columns.get(column)
        return cells[index] if index is not None and index < len(cells) else None

    for line, cells in sheet.rows[1:]:
        value_cell, note = cell(cells, "value"), cell_text(cell(cells, "note"))
        if cell_text(value_cell) == "" and not note:
            plan.skipped += 1
            continue
        found = []
        values = {}
        for column, read in (
            ("kpi", finder.find),
            ("period", parse_period),
            ("value", lambda c: parse_number(c, dutch=dutch)),
        ):
            try:
                values[column] = read(cell(cells, column))
            except CellProblem as exc:
                blank = column == "value" and cell_text(value_cell) == ""
                found.append(_("The value is missing.") if blank else str(exc))
        if len(note) > LONG_TEXT:
            found.append(
                _("The note is %(length)d characters long; at most %(max)d fit.")
                % {"length": len(note), "max": LONG_TEXT}
            )
        if "kpi" in values and "period" in values:  # a duplicate, also of a line with a problem
            key = (values["kpi"].pk, values["period"])
            if key in seen:
                found.insert(0, _duplicate(seen[key]))
            else:
                seen[key] = line
        if found:
            plan.problems += [(line, problem) for problem in found]
            continue
        entries.append(Entry(line, values["kpi"], values["period"], values["value"], note))
    return entries, plan


def _duplicate(first_line: int) -> str:
    return _("The same KPI and period as line %(line)d: a period takes one value.") % {
        "line": first_line
    }


def plan_entries(entries: list[Entry], plan: Plan, *, user, may_enter_all: bool, lock=False):
    """Check the entries with the write path's rules and sort them into `plan` (one query: the
    values the periods have; `lock` takes them for update, in the import's transaction)."""
    existing = _existing(entries, lock=lock)
    seen: dict[tuple, int] = {}
    for entry in entries:
        key = (entry.kpi.pk, entry.period)
        if key in seen:
            plan.problems.append((entry.line, _duplicate(seen[key])))
            continue
        seen[key] = entry.line
        if not may_enter_all and entry.kpi.owner_id != user.pk:
            plan.problems.append(
                (
                    entry.line,
                    _(
                        "You may only enter values for KPIs you own; “%(name)s” is not yours. "
                        "A facilitator or admin can import it."
                    )
                    % {"name": entry.kpi.name},
                )
            )
            continue
        old = existing.get(key)
        note = entry.note or (old.note if old else "")
        try:
            rules.check(entry.kpi, entry.period, entry.value, note)
        except rules.MeasurementRefused as exc:
            plan.problems.append((entry.line, str(exc)))
            continue
        if old is None:
            plan.additions.append(entry)
        elif old.value == entry.value and note == old.note:
            plan.unchanged += 1
        else:
            plan.corrections.append((entry, old))
    plan.problems.sort(key=lambda problem: problem[0])
    return plan


def _existing(entries: list[Entry], *, lock: bool) -> dict[tuple, Measurement]:
    if not entries:
        return {}
    periods = [entry.period for entry in entries]
    rows = Measurement.objects.filter(
        kpi__in={entry.kpi.pk for entry in entries},
        period__gte=min(periods),
        period__lte=max(periods),
    )
    if lock:
        rows = rows.select_for_update()
    return {(row.kpi_id, row.period): row for row in rows}


def imported_summary(plan: Plan) -> str:
    """ "Imported: 12 new values, 2 corrections." with the lines left as they were."""
    parts = [
        ngettext("%(count)d new value", "%(count)d new values", len(plan.additions))
        % {"count": len(plan.additions)},
        ngettext("%(count)d correction", "%(count)d corrections", len(plan.corrections))
        % {"count": len(plan.corrections)},
    ]
    if plan.unchanged:
        parts.append(
            ngettext("%(count)d value unchanged", "%(count)d values unchanged", plan.unchanged)
            % {"count": plan.unchanged}
        )
    if plan.skipped:
        parts.append(
            ngettext("%(count)d empty line skipped", "%(count)d empty lines skipped", plan.skipped)
            % {"count": plan.skipped}
        )
    return _("Imported: %(summary)s.") % {"summary": ", ".join(parts)}


# ---------------------------------------------------------------------------------------------
# Keeping checked entries between the preview and the confirmation (MeasurementUpload.entries)


def entries_to_json(entries: list[Entry]) -> list[list]:
    return [[e.line, str(e.kpi.pk), e.period.isoformat(), str(e.value), e.note] for e in entries]


def entries_from_json(data: list, kpis: list[Kpi], plan: Plan) -> list[Entry]:
    """The kept entries again, with today's KPIs: a KPI deleted since the preview is a problem."""
    by_id = {str(kpi.pk): kpi for kpi in kpis}
    entries = []
    for line, kpi_id, period, value, note in data:
        kpi = by_id.get(kpi_id)
        if kpi is None:
            plan.problems.append((line, _("This KPI no longer exists in this strategy.")))
            continue
        entries.append(Entry(line, kpi, datetime.date.fromisoformat(period), Decimal(value), note))
    return entries


# ---------------------------------------------------------------------------------------------
# The template: the strategy's KPIs with the periods that await a value


def template_lines(kpis: list[Kpi], today: datetime.date | None = None) -> list[tuple]:
    """(kpi, period) for every tracked KPI with a frequency: the completed periods since its last
    value (or its baseline date) that have none, the last TEMPLATE_PERIODS of them; a KPI with
    none missing gets its latest completed period, for a correction. One query."""
    today = today or timezone.localdate()
    tracked = [k for k in kpis if k.frequency and k.status in Kpi.TRACKED_STATUSES]
    recorded: dict = {}
    for kpi_id, period in Measurement.objects.filter(kpi__in=tracked).values_list(
        "kpi_id", "period"
    ):
        recorded.setdefault(kpi_id, set()).add(period)
    lines = []
    for kpi in tracked:
        frequency = kpi.frequency
        last = tracking.period_start(
            tracking.period_start(today, frequency) - datetime.timedelta(days=1), frequency
        )
        done = recorded.get(kpi.pk, set())
        start = max(done, default=None)
        if start is not None:
            start = tracking.period_end(start, frequency) + datetime.timedelta(days=1)
        elif kpi.baseline_date:
            start = tracking.period_start(kpi.baseline_date, frequency)
        else:
            start = last
        missing = []
        period = start
        while period <= last:
            if period not in done:
                missing.append(period)
            period = tracking.period_end(period, frequency) + datetime.timedelta(days=1)
        lines += [(kpi, period) for period in (missing[-TEMPLATE_PERIODS:] or [last])]
    return lines


def template_headers() -> list[str]:
    return [_("KPI"), _("Name"), _("Period"), _("Value"), pgettext("measurement", "Note")]


def template_csv(lines: list[tuple], *, dutch: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if dutch else ",", lineterminator="\r\n")
    writer.writerow(template_headers())
    for kpi, period in lines:
        writer.writerow([kpi.pk, spreadsheet_safe(kpi.name), period.isoformat(), "", ""])
    return BOM + out.getvalue()


def template_xlsx(lines: list[tuple]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Values")[:31]
    sheet.append(template_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row, (kpi, period) in enumerate(lines, start=2):
        sheet.cell(row, 1, str(kpi.pk))
        name = sheet.cell(row, 2)
        name.value = kpi.name
        name.data_type = "s"  # text, never a formula, whatever the name starts with
        sheet.cell(row, 3, period).number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDE", (38, 40, 12, 12, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
