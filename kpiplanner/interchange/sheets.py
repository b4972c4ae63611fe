"""Reading an uploaded sheet (CSV or Excel .xlsx) into rows of cells, and reading those cells.

`read_sheet(raw)` decides the kind from the bytes, not the name: a ZIP archive is read as an
Excel workbook with openpyxl (its first sheet, computed values rather than formulas), anything
else as CSV text: UTF-8 (with or without a byte order mark), UTF-16 when it starts with that
byte order mark (Excel's "Unicode text"), else Windows-1252 (what Excel writes as "CSV" on a
Western-European Windows). The delimiter (comma, semicolon or tab) is the one the first
non-empty line has most of, outside quotes. A problem with the file as a whole raises
`ImportRefused` with one message; rows are numbered as a spreadsheet numbers them (the header is
row 1 when it is the first row).

`parse_number` and `parse_period` read one cell in the reader's notation: Dutch 1.250,5, English
1,250.5. A number written in the other notation is refused, never read 1000 times off.
"""

import csv
import datetime
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .reading import ImportRefused

# An .xlsx is a ZIP archive; an old .xls a Compound File.
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
# A workbook that unpacks to more than this is refused before openpyxl reads it (a ZIP bomb).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
DELIMITERS = (";", ",", "\t")
# Characters that only space digits apart: spaces, no-break spaces, thin and narrow spaces.
SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f']")
MAX_DIGITS, DECIMAL_PLACES = 16, 4  # the Measurement.value field


# The names a sheet may have (a file without an extension is read for what it is).
SHEET_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx")


def sheet_name_allowed(name: str) -> bool:
    """Whether a file of this name may be a sheet: a .csv, .txt, .tsv or .xlsx."""
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return "." not in base or base.lower().endswith(SHEET_SUFFIXES)


@dataclass(frozen=True)
class Sheet:
    rows: list[tuple[int, list]]  # (row number, cells); empty rows left out
    kind: str  # "csv" or "xlsx"


def read_sheet(raw: bytes, *, max_rows: int) -> Sheet:
    """The rows of the uploaded file, at most `max_rows` of them besides empty ones."""
    if not raw.strip():
        raise ImportRefused([_("The file is empty.")])
    if raw.startswith(ZIP_MAGIC):
        return Sheet(_xlsx_rows(raw, max_rows), "xlsx")
    if raw.startswith(OLE_MAGIC):
        raise ImportRefused(
            [_("Old Excel files (.xls) cannot be read: save the sheet as .xlsx or as CSV.")]
        )
    return Sheet(_csv_rows(_decode(raw), max_rows), "csv")


def _too_many(max_rows: int) -> ImportRefused:
    return ImportRefused(
        [
            _("The file has more than %(max)s rows; split it into smaller files.")
            % {"max": number_format(max_rows, force_grouping=True)}
        ]
    )


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            text = None
    else:
        raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                text = None
    if text is None or "\x00" in text:
        raise ImportRefused(
            [
                _(
                    "This is not a CSV or Excel file that can be read. Upload the sheet as .xlsx "
                    "or as CSV (UTF-8 or Windows-1252)."
                )
            ]
        )
    return text.removeprefix("\ufeff")


def _delimiter(text: str) -> str:
    """The delimiter the first non-empty line has most of, outside quotes (";" on a tie)."""
    for line in text.splitlines():
        if line.strip():
            outside = re.sub(r'"[^"]*"', "", line)
            return max(DELIMITERS, key=outside.count)
    return ";"


def _csv_rows(text: str, max_rows: int) -> list[tuple[int, list]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows, number = [], 0
    try:
        for number, cells in enumerate(reader, start=1):
            if any(cell.strip() for cell in cells):
                if len(rows) > max_rows:
                    raise _too_many(max_rows)
                rows.append((number, cells))
    except csv.Error as exc:
        raise ImportRefused(
            [_("Row %(row)d cannot be read as CSV: %(reason)s") % {"row": number, "reason": exc}]
        ) from exc
    return rows


def _xlsx_rows(raw: bytes, max_rows: int) -> list[tuple[int, list]]:
    not_excel = ImportRefused(
        [_("This file cannot be read as an Excel workbook (.xlsx). Save it again as .xlsx or CSV.")]
    )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise not_excel from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise not_excel
    try:
        import openpyxl  # a dependency of the import only (pyproject.toml)
    except ImportError as exc:  # pragma: no cover - installed with the project
        raise ImportRefused([_("Excel files cannot be read here yet; upload a CSV file.")]) from exc
    rows = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no default style" and the like
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                    if any(not _blank(cell) for cell in cells):
                        if len(rows) > max_rows:
                            raise _too_many(max_rows)
                        rows.append((number, list(cells)))
            finally:
                book.close()
    except ImportRefused:
        raise
    except Exception as exc:
        raise not_excel from exc
    return rows


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


# ---------------------------------------------------------------------------------------------
# Cells


def cell_text(cell) -> str:
    """A cell as text, trimmed (None: empty)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def header_key(cell) -> str:
    """A header as compared: lower case, no accents, no surrounding marks ("Waarde *": waarde)."""
    text = unicodedata.normalize("NFKD", cell_text(cell)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


class CellProblem(ValueError):
    """The cell cannot be read; the message says why, in the reader's language."""


def _examples(dutch: bool) -> str:
    return "1.250,5" if dutch else "1,250.5"


def parse_number(cell, *, dutch: bool) -> Decimal:
    """A cell's number. Excel's numbers are numbers already (rounded to the four decimals a value
    keeps); text is read in the reader's notation only."""
    if isinstance(cell, bool):
        raise CellProblem(_("“%(text)s” is not a number.") % {"text": cell_text(cell)})
    if isinstance(cell, int | float):
        if cell != cell or cell in (float("inf"), float("-inf")):
            raise CellProblem(_("This cell holds no number."))
        try:
            value = Decimal(repr(cell)).quantize(Decimal(1).scaleb(-DECIMAL_PLACES))
        except InvalidOperation as exc:  # more digits than a decimal holds: far too large
            raise CellProblem(_("“%(text)s” is too large.") % {"text": repr(cell)}) from exc
        return _fits(value, repr(cell))
    text = cell_text(cell)
    compact = SPACES.sub("", text.replace("\u2212", "-"))
    compact = compact.removesuffix("%").removeprefix("€").removesuffix("€")
    decimal, thousands = (",", ".") if dutch else (".", ",")
    own = re.compile(
        rf"^[-+]?(?:\d+|[1-9]\d{{0,2}}(?:{re.escape(thousands)}\d{{3}})+)"
        rf"(?:{re.escape(decimal)}\d+)?$"
    )
    other = re.compile(
        rf"^[-+]?(?:\d+|[1-9]\d{{0,2}}(?:{re.escape(decimal)}\d{{3}})+)"
        rf"(?:{re.escape(thousands)}\d+)?$"
    )
    if own.match(compact):
        value = Decimal(compact.replace(thousands, "").replace(decimal, "."))
        return _fits(value, text)
    if other.match(compact):
        if dutch:
            message = _(
                "“%(text)s” is written in English notation. This page reads Dutch notation: "
                "a decimal comma and dots between thousands, like %(example)s (or switch the "
                "page to English)."
            )
        else:
            message = _(
                "“%(text)s” is written in Dutch notation. This page reads English notation: "
                "a decimal point and commas between thousands, like %(example)s (or switch the "
                "page to Dutch)."
            )
        raise CellProblem(message % {"text": text, "example": _examples(dutch)})
    raise CellProblem(
        _("“%(text)s” is not a number; write it like %(example)s.")
        % {"text": _shorten(text), "example": _examples(dutch)}
    )


def _fits(value: Decimal, text: str) -> Decimal:
    digits, exponent = value.as_tuple()[1:]
    places = max(0, -exponent)
    whole = len(digits) - places if len(digits) > places else 0
    if places > DECIMAL_PLACES:
        raise CellProblem(
            _("“%(text)s” has more than %(places)d decimals.")
            % {"text": _shorten(text), "places": DECIMAL_PLACES}
        )
    if whole > MAX_DIGITS - DECIMAL_PLACES:
        raise CellProblem(_("“%(text)s” is too large.") % {"text": _shorten(text)})
    return value


ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
DAY_FIRST = re.compile(r"^(\d{1,2})[-.](\d{1,2})[-.](\d{4})$")


def parse_period(cell) -> datetime.date:
    """A cell's date: an Excel date, or 2027-03-01, 2027-03 (its first day) or 01-03-2027."""
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = cell_text(cell)
    parts = None
    if match := ISO_DAY.match(text):
        parts = int(match[1]), int(match[2]), int(match[3])
    elif match := ISO_MONTH.match(text):
        parts = int(match[1]), int(match[2]), 1
    elif match := DAY_FIRST.match(text):
        parts = int(match[3]), int(match[2]), int(match[1])
    if parts is not None:
        try:
            return datetime.date(*parts)
        except ValueError:
            pass
    raise CellProblem(
        _("“%(text)s” is not a date; write it like 2027-03-01, 2027-03 or 01-03-2027.")
        % {"text": _shorten(text)}
    )


def _shorten(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
