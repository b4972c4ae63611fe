"""The PDF handbook of one approved KPI-set version, set by Typst from a template and data.

The handbook is drawn from the version's snapshot, never from the live tree, so the PDF of
version N says the same thing every time; only the progress charts use the live measurements of
the KPIs that still exist (matched by KPI id). The approved set proper is the KPIs whose status
in the snapshot is "approved".

How it is made: `data.handbook_data` gathers everything the document shows as plain JSON, every
label already translated; `typst/handbook.typ` lays that out; `compile_pdf` runs the Typst
compiler (the `typst` package) in a child process with the fonts of the npm packages the project
installs, ignoring the machine's fonts, so every machine prints the same document.

Safe by construction:
- user text reaches Typst only as JSON strings (`sys.inputs`), which Typst shows as text: it is
  never parsed as markup or code, so `#read(...)`, `$...$` or `*` in a KPI print as written;
- the compiler's root is the template folder, so even the template can read no file outside it;
- `check_size` refuses a version that is too large to render (settings REPORT_MAX_KPIS and
  REPORT_MAX_CHARS), before any work starts.
"""

import functools
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .data import approved_kpis, handbook_data

TEMPLATE_DIR = Path(__file__).resolve().parent / "typst"
TEMPLATE = TEMPLATE_DIR / "handbook.typ"
COMPILER = Path(__file__).resolve().parent / "typst_compile.py"
DEFAULT_RENDER_TIMEOUT = 120  # seconds; setting REPORT_RENDER_TIMEOUT
# glibc's malloc raises its mmap threshold (from 128 KiB up to 32 MiB) each time a large block
# is freed, so Typst's later large blocks come from the heap, which keeps freed memory while
# anything above it lives: the compiler's peak for 500 KPIs then varies from 330 to 405 MB between
# equal runs. At a fixed 128 KiB large blocks stay mapped and go back when freed: 326-328 MB,
# in the same time (bench/bench_export.py).
COMPILER_ENV = {"MALLOC_MMAP_THRESHOLD_": "131072"}
# The fonts: TTF files of IBM Plex (Google Fonts' build) from npm, as package.json installs them.
FONT_DIRS = [
    settings.BASE_DIR / "node_modules" / "@expo-google-fonts" / package / weight
    for package, weights in {
        "ibm-plex-sans": ("400Regular", "400Regular_Italic", "600SemiBold", "700Bold"),
        "ibm-plex-serif": ("400Regular", "400Regular_Italic", "700Bold", "700Bold_Italic"),
    }.items()
    for weight in weights
]

# Defaults that leave room for a 500-KPI set with full definition cards (about 2-3 s of Typst, see
# bench/bench_export.py); settings REPORT_MAX_KPIS and REPORT_MAX_CHARS change them.
DEFAULT_MAX_KPIS = 600
DEFAULT_MAX_CHARS = 600_000

TEXT_FIELDS = ("name", "statement", "definition", "data_source", "owner_name", "rationale")


class ExportTooLarge(Exception):
    """The version is larger than one export may render; the message is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class HandbookError(Exception):
    """Typst could not set the handbook (a fault in the template, never in the data)."""


def check_size(snapshot: dict) -> None:
    """Refuse (ExportTooLarge) a version larger than one export may render."""
    max_kpis = getattr(settings, "REPORT_MAX_KPIS", DEFAULT_MAX_KPIS)
    max_chars = getattr(settings, "REPORT_MAX_CHARS", DEFAULT_MAX_CHARS)
    count = 0
    chars = 0
    for goal in snapshot.get("goals", []):
        chars += len(goal.get("title") or "") + len(goal.get("description") or "")
        for csf in goal.get("csfs", []):
            chars += len(csf.get("title") or "") + len(csf.get("description") or "")
    for _goal, _csf, kpi in approved_kpis(snapshot):
        count += 1
        chars += sum(len(str(kpi.get(name) or "")) for name in TEXT_FIELDS)
    if count > max_kpis:
        raise ExportTooLarge(
            _(
                "This version has %(count)s approved KPIs; one export holds at most %(max)s. "
                "Export it as CSV or JSON instead."
            )
            % {"count": count, "max": max_kpis}
        )
    if chars > max_chars:
        raise ExportTooLarge(
            _(
                "This version holds more text than one PDF may render (%(count)s characters, "
                "at most %(max)s). Export it as CSV or JSON instead."
            )
            % {"count": chars, "max": max_chars}
        )


def handbook_filename(version, lang: str) -> str:
    """The download's name, in the handbook's language: "kpi-handboek-klanten-behouden-
    versie-1.pdf", "kpi-handbook-keep-customers-version-1.pdf"."""
    with translation.override(lang):
        name = slugify(version.snapshot.get("strategy", {}).get("name", ""))[:60]
        return _("kpi-handbook-%(name)s-version-%(number)d.pdf") % {
            "name": name or _("kpi-set"),
            "number": version.number,
        }


@functools.cache
def template_digest() -> str:
    """A digest of what a handbook depends on besides its data: the template, the fonts and the
    Typst release (read once per process; a deploy restarts it)."""
    import typst

    digest = hashlib.sha256(f"typst {typst.__version__}\0".encode())
    for path in sorted(TEMPLATE_DIR.rglob("*")) + sorted(
        font for folder in FONT_DIRS for font in Path(folder).glob("*.ttf")
    ):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for code, _name in settings.LANGUAGES:  # the translated labels
        for folder in settings.LOCALE_PATHS:
            catalogue = Path(folder) / code / "LC_MESSAGES" / "django.mo"
            if catalogue.is_file():
                digest.update(catalogue.read_bytes())
    return digest.hexdigest()


def compile_pdf(data: dict) -> bytes:
    """Set `data` (handbook_data) with the template; the PDF. Raises HandbookError.

    Typst runs in a child process (typst_compile.py): what it allocates goes back to the system
    when the document is done, and a document that takes longer than REPORT_RENDER_TIMEOUT
    seconds is stopped rather than holding a worker.
    """
    missing = [str(folder) for folder in FONT_DIRS if not Path(folder).is_dir()]
    if missing:  # Typst would fall back to fonts of its own: a different document
        raise HandbookError(f"The handbook's fonts are missing (run npm ci): {missing[0]}")
    job = {
        "template": str(TEMPLATE),
        "root": str(TEMPLATE_DIR),
        "fonts": [str(folder) for folder in FONT_DIRS],
        "data": json.dumps(data, ensure_ascii=False),
    }
    timeout = getattr(settings, "REPORT_RENDER_TIMEOUT", DEFAULT_RENDER_TIMEOUT)
    try:
        done = subprocess.run(
            [sys.executable, str(COMPILER)],
            input=json.dumps(job).encode(),
            capture_output=True,
            timeout=timeout,
            check=False,
            env={**os.environ, **COMPILER_ENV},
        )
    except subprocess.TimeoutExpired as exc:
        raise HandbookError(f"Typst took longer than {timeout} s.") from exc
    if done.returncode != 0 or not done.stdout.startswith(b"%PDF"):
        message = done.stderr.decode(errors="replace")[-2000:]
        raise HandbookError(f"Typst failed ({done.returncode}): {message}")
    return done.stdout


def render_handbook(version, *, lang: str, made_on: str | None = None, series=None) -> bytes:
    """The PDF handbook of `version` in `lang` ("nl" or "en"), rendered now; raises
    ExportTooLarge before any work for a version too large. Downloads go through
    `store.handbook_pdf`, which serves a kept rendering when nothing the handbook shows changed."""
    check_size(version.snapshot)
    with translation.override(lang):
        data = handbook_data(version, made_on=made_on, series=series)
    return compile_pdf(data)


def approved_count(version) -> int:
    """How many approved KPIs the version's handbook shows (from the snapshot's counts)."""
    counts = version.snapshot.get("counts") or {}
    if "approved_kpis" in counts:
        return counts["approved_kpis"]
    return sum(1 for _item in approved_kpis(version.snapshot))
