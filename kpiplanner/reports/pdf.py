"""The PDF handbook of one approved KPI-set version, rendered by WeasyPrint from Django templates.

The handbook is drawn from the version's snapshot, never from the live tree, so the PDF of
version N says the same thing every time; only the progress charts use the live measurements of
the KPIs that still exist (matched by KPI id). The approved set proper is the KPIs whose status
in the snapshot is "approved".

Safe by construction:
- every piece of user text goes through the template's autoescaping, so it can never become
  markup, let alone a link WeasyPrint would follow;
- WeasyPrint fetches through `static_url_fetcher`, which serves the application's own static
  files and refuses everything else (no network, no file://, no data:);
- `check_size` refuses a version that is too large to render in one request (settings
  REPORT_MAX_KPIS and REPORT_MAX_CHARS), before any rendering starts.
"""

import contextlib
import datetime
import functools
import gc
import math
import mimetypes
import posixpath
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils._os import safe_join
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from indicators.charts import ChartData, progress_chart, short_date
from indicators.models import Measurement
from indicators.templatetags.kpi_tags import kpi_value, threshold_text
from kpiplanner.reviews.snapshot import display_value, goal_titles

# The handbook's base URL: relative and /static/ URLs resolve under it. It is never contacted;
# `static_url_fetcher` maps it to files on disk and refuses every other URL.
BASE_URL = "https://kpiplanner.invalid/"
STATIC_SUFFIXES = {".css", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".woff", ".woff2", ".ttf"}

# Defaults that leave room for a 500-KPI set with full definition cards. Rendering takes about
# 75-80 ms and 1.6 MB of memory per KPI (see bench/bench_export.py), so a larger set would hold a
# web worker for more than a minute; settings REPORT_MAX_KPIS and REPORT_MAX_CHARS change them.
DEFAULT_MAX_KPIS = 600
DEFAULT_MAX_CHARS = 600_000

TEXT_FIELDS = ("name", "statement", "definition", "data_source", "owner_name", "rationale")

# What a rendering costs, rounded up from bench/bench_export.py (75-80 ms per KPI, plus the
# cover, contents and overview): the basis of the wait the download button announces.
SECONDS_PER_KPI = 0.08
SECONDS_FIXED = 1.0


class URLRefused(ValueError):
    """WeasyPrint asked for a URL that is not one of the application's static files."""


class ExportTooLarge(Exception):
    """The version is larger than one export may render; the message is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def static_file(url: str) -> tuple[bytes, str]:
    """The content and media type of the static file `url` names; URLRefused for anything else."""
    static_prefix = BASE_URL.rstrip("/") + "/" + settings.STATIC_URL.lstrip("/")
    if not url.startswith(static_prefix):
        raise URLRefused(f"Refused to fetch {url[:200]!r}: only the application's static files.")
    parts = urlsplit(url)
    name = unquote(parts.path[len(urlsplit(static_prefix).path) :])
    normalised = posixpath.normpath(name) if name else ""
    if (
        parts.query
        or not name
        or normalised != name
        or normalised.startswith(("/", ".."))
        or Path(normalised).suffix.lower() not in STATIC_SUFFIXES
    ):
        raise URLRefused(f"Refused to fetch {url[:200]!r}: not a static file name.")
    path = static_path(normalised)
    if path is None:
        raise URLRefused(f"Refused to fetch {url[:200]!r}: no such static file.")
    mime_type, _encoding = mimetypes.guess_type(path)
    return Path(path).read_bytes(), mime_type or "application/octet-stream"


@functools.cache
def _fetcher_class():
    # Imported late: WeasyPrint loads Pango and fonts, which the web pages don't need.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """WeasyPrint's URL fetcher for the handbook: our static files, and nothing else."""

        def fetch(self, url, headers=None):
            body, mime_type = static_file(url)
            return URLFetcherResponse(url, body, {"Content-Type": mime_type})

    return StaticFilesFetcher


def static_url_fetcher():
    """A WeasyPrint URL fetcher that serves the application's static files and refuses the
    rest: other hosts, file://, data: and every other scheme never reach the network or disk."""
    return _fetcher_class()(allow_redirects=False)


def static_path(name: str) -> str | None:
    """The file of static `name`: collected (hashed names in production) or from the finders."""
    if settings.STATIC_ROOT:
        try:
            collected = safe_join(str(settings.STATIC_ROOT), name)
        except SuspiciousFileOperation:
            return None
        if Path(collected).is_file():
            return collected
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    return found if isinstance(found, str) and Path(found).is_file() else None


_collector_lock = threading.Lock()
_collector_pauses = 0  # pauses open now
_collector_was_enabled = True  # the collector's state before the first of them
_collection_owed = False  # a render ran during the pauses: collect when the last one ends


def pause_cyclic_collector():
    """Pause Python's cyclic garbage collector; returns the function that ends this pause.

    WeasyPrint allocates millions of small objects while it lays out a long document. With the
    collector on, Python rescans the growing heap thousands of times during one render: a third of
    the time of a 100-KPI handbook (bench/bench_export.py). Reference counting still frees most
    objects at once; one collection when the pause ends frees the cycles the document leaves.
    Nested and concurrent pauses (threads) share one: the collector comes back, and collects if a
    render ran, when the last of them ends. Ending a pause twice ends it once.

    The download view ends its pause only once the response has gone out
    (views.ResponseThenCollect), so the user doesn't wait for that collection. Re-enabling the
    collector any earlier would only move it into the rest of the request: every object of the
    render is still in the youngest generation, which the next automatic collection scans.
    """
    global _collector_pauses, _collector_was_enabled
    with _collector_lock:
        _collector_pauses += 1
        if _collector_pauses == 1:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
    ended = False

    def end():
        global _collector_pauses, _collection_owed
        nonlocal ended
        with _collector_lock:
            if ended:
                return
            ended = True
            _collector_pauses -= 1
            collect = _collector_pauses == 0 and _collection_owed
            if _collector_pauses == 0:
                _collection_owed = False
                if _collector_was_enabled:
                    gc.enable()
        if collect:
            gc.collect()

    return end


@contextlib.contextmanager
def cyclic_collector_paused():
    """Run the block with the cyclic garbage collector paused (`pause_cyclic_collector`)."""
    end = pause_cyclic_collector()
    try:
        yield
    finally:
        end()


def _owe_collection():
    global _collection_owed
    with _collector_lock:
        _collection_owed = True


def html_to_pdf(html: str, *, url_fetcher=None) -> bytes:
    """The PDF of `html`; every URL it names goes through `url_fetcher` (static files only)."""
    import weasyprint

    fetcher = url_fetcher if url_fetcher is not None else static_url_fetcher()
    with cyclic_collector_paused():
        _owe_collection()
        document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        pdf = document.write_pdf()
        del document  # unreachable now, so the collection at the end of the pause frees it
    return pdf


# ---------------------------------------------------------------------------------------------
# What the handbook shows


def approved_kpis(snapshot: dict):
    """(goal, csf, kpi) for every approved KPI of a snapshot, in tree order."""
    for goal in snapshot.get("goals", []):
        for csf in goal.get("csfs", []):
            for kpi in csf.get("kpis", []):
                if kpi.get("status") == "approved":
                    yield goal, csf, kpi


def expected_seconds(approved_kpis: int) -> int:
    """How long a cold rendering of a handbook with this many KPIs may take, rounded up to
    5 seconds: what a user waiting for a handbook that nothing has rendered yet is told."""
    seconds = SECONDS_FIXED + SECONDS_PER_KPI * max(approved_kpis, 0)
    return 5 * math.ceil(seconds / 5)


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


@dataclass
class KpiEntry:
    number: str
    anchor: str
    item: dict
    facts: dict
    smart: list[tuple[str, str]]
    chart: object = None


@dataclass
class CsfEntry:
    number: str
    anchor: str
    item: dict
    kpis: list[KpiEntry] = field(default_factory=list)


@dataclass
class GoalEntry:
    number: str
    anchor: str
    item: dict
    perspective: str
    term: str
    period: str
    parent_title: str
    csfs: list[CsfEntry] = field(default_factory=list)

    @property
    def kpi_count(self) -> int:
        return sum(len(csf.kpis) for csf in self.csfs)


def long_date(value) -> str:
    """ "22 november 2026" / "22 November 2026": a date (or ISO text) as the handbook writes it."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return date_format(value, "j F Y")


def _short_date(value) -> str:
    """ "1 mei 2026" / "1 May 2026", as the charts write dates (the overview's deadlines)."""
    if not value:
        return ""
    try:
        return short_date(datetime.date.fromisoformat(value) if isinstance(value, str) else value)
    except ValueError:
        return value


def measurement_series(version, kpi_ids: list[str]) -> dict[str, list]:
    """{kpi id: [(period, value), …]} of the live measurements of the version's KPIs (1 query)."""
    series = defaultdict(list)
    if not kpi_ids:
        return series
    rows = (
        # Only KPIs still in the version's strategy: an id can't pull in another tree's data.
        Measurement.objects.filter(
            kpi_id__in=kpi_ids, kpi__csf__goal__strategy_id=version.strategy_id
        )
        .order_by("kpi_id", "period")
        .values_list("kpi_id", "period", "value")
    )
    for kpi_id, period, value in rows:
        series[str(kpi_id)].append((period, value))
    return series


def _facts(kpi: dict) -> dict:
    """The definition card's values as the reader writes them (labels, local numbers, dates)."""
    unit = kpi.get("unit") or ""

    def amount(name):
        return kpi_value(kpi.get(name), unit) if kpi.get(name) not in (None, "") else ""

    target = amount("target_value")
    if kpi.get("target_max") not in (None, ""):
        target = f"{target} – {amount('target_max')}"
    milestones = [
        f"{long_date(m.get('due_date'))}: {kpi_value(m.get('value'), unit)}"
        for m in kpi.get("milestones") or []
    ]
    return {
        "unit": display_value("kpi", "unit", kpi.get("unit")) if unit else "",
        "direction": display_value("kpi", "direction", kpi.get("direction")),
        "baseline": amount("baseline_value"),
        "baseline_date": long_date(kpi.get("baseline_date")),
        "target": target,
        "target_date": long_date(kpi.get("target_date")),
        "target_day": _short_date(kpi.get("target_date")),
        "thresholds": threshold_text(
            kpi.get("direction") or "",
            unit,
            kpi.get("on_track_threshold"),
            kpi.get("off_track_threshold"),
        ),
        "milestones": milestones,
        "frequency": display_value("kpi", "frequency", kpi.get("frequency"))
        if kpi.get("frequency")
        else "",
        "indicator_type": display_value("kpi", "indicator_type", kpi.get("indicator_type"))
        if kpi.get("indicator_type")
        else "",
    }


def handbook_context(version, *, made_on: str | None = None) -> dict:
    """Everything the handbook template shows, in the active language (2 queries at most).

    `made_on` is the text that dates the document (today, by default).
    """
    snapshot = version.snapshot
    strategy = snapshot.get("strategy", {})
    kpi_ids = [kpi["id"] for _g, _c, kpi in approved_kpis(snapshot)]
    series = measurement_series(version, kpi_ids)
    titles = goal_titles(snapshot)

    goals = []
    scores = []
    customer_facing = leading = charts = 0
    for g, goal in enumerate(snapshot.get("goals", []), start=1):
        period = ""
        if goal.get("period_start") or goal.get("period_end"):
            period = f"{long_date(goal.get('period_start'))} – {long_date(goal.get('period_end'))}"
        goal_entry = GoalEntry(
            number=str(g),
            anchor=f"goal-{goal['id']}",
            item=goal,
            perspective=display_value("goal", "perspective", goal.get("perspective")),
            term=display_value("goal", "term", goal.get("term")),
            period=period.strip(" –"),
            parent_title=titles.get(goal.get("parent_id"), ""),
        )
        for c, csf in enumerate(goal.get("csfs", []), start=1):
            csf_entry = CsfEntry(f"{g}.{c}", f"csf-{csf['id']}", csf)
            approved = [kpi for kpi in csf.get("kpis", []) if kpi.get("status") == "approved"]
            for k, kpi in enumerate(approved, start=1):
                points = series.get(kpi["id"], [])
                chart = None
                if points:
                    charts += 1
                    chart = progress_chart(
                        ChartData.from_snapshot(kpi, points),
                        chart_id=kpi["id"],
                        name=kpi.get("name", ""),
                    )
                smart = kpi.get("smart") or {}
                if kpi.get("smart_score") is not None:
                    scores.append(kpi["smart_score"])
                customer_facing += bool(kpi.get("customer_facing"))
                leading += kpi.get("indicator_type") == "leading"
                csf_entry.kpis.append(
                    KpiEntry(
                        number=f"{g}.{c}.{k}",
                        anchor=f"kpi-{kpi['id']}",
                        item=kpi,
                        facts=_facts(kpi),
                        smart=[(letter, smart.get(letter) or "none") for letter in "SMART"],
                        chart=chart,
                    )
                )
            goal_entry.csfs.append(csf_entry)
        goals.append(goal_entry)

    total = len(kpi_ids)
    approved_at = timezone.localtime(version.approved_at)
    approver = version.approved_by
    return {
        "version": version,
        "organisation": version.strategy.organisation.name,
        "strategy": strategy,
        "horizon": _horizon(strategy),
        "approved_on": long_date(approved_at.date()),
        "approved_by": (approver.get_full_name() or approver.get_username()) if approver else "",
        "made_on": made_on if made_on is not None else long_date(timezone.localdate()),
        "goals": goals,
        "sections": [goal for goal in goals if goal.kpi_count],
        "figures": {
            "kpis": total,
            "goals": len(goals),
            "csfs": sum(len(goal.csfs) for goal in goals),
            "customer_facing": customer_facing,
            "leading": leading,
            "lagging": total - leading,
            "smart_average": round(sum(scores) / len(scores), 1) if scores else None,
            "charts": charts,
        },
        "page_label": _page_label_parts(),
    }


def _horizon(strategy: dict) -> str:
    start, end = strategy.get("horizon_start_year"), strategy.get("horizon_end_year")
    if not start:
        return ""
    return str(start) if start == end or not end else f"{start}–{end}"


def _page_label_parts() -> tuple[str, str, str]:
    """'Page X of Y' split around its numbers, for the CSS page counters (any word order)."""
    text = _("Page %(page)s of %(pages)s")
    before, _sep, rest = text.partition("%(page)s")
    middle, _sep, after = rest.partition("%(pages)s")
    # string-set trims the parts; the stylesheet puts the spaces back between them.
    return before.strip(), middle.strip(), after.strip()


def render_handbook_html(version, *, lang: str, made_on: str | None = None) -> str:
    """The handbook's HTML in `lang`; raises ExportTooLarge before any work for a huge version."""
    check_size(version.snapshot)
    with translation.override(lang):
        return render_to_string("reports/handbook.html", handbook_context(version, made_on=made_on))


def render_handbook(version, *, lang: str) -> bytes:
    """The PDF handbook of `version` in `lang` ("nl" or "en"), rendered now.

    Downloads go through `store.handbook_pdf`, which serves a stored copy when nothing the
    handbook shows has changed.
    """
    return html_to_pdf(render_handbook_html(version, lang=lang))


def handbook_filename(version, lang: str) -> str:
    name = slugify(version.snapshot.get("strategy", {}).get("name", ""))[:60] or "kpi-set"
    return f"kpi-handbook-{name}-v{version.number}-{lang}.pdf"
