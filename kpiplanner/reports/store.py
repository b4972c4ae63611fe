"""The PDF handbook as users download it: from the store when nothing it shows has changed.

Rendering a handbook takes WeasyPrint seconds (75-80 ms per KPI), while a version never
changes. So every rendering is kept (`StoredHandbook`) under a fingerprint of what it shows, and a
download whose fingerprint matches is served from the database at once. The fingerprint is a
digest of the handbook's HTML, the stylesheet and the WeasyPrint release: a new measurement, a
renamed organisation, a changed template or translation gives a new fingerprint and a fresh
rendering, so a stored file can never be out of date. The date the document was made is left
out of the digest: a copy made yesterday still says truthfully when it was made.

When a set is approved, its handbook is rendered in every language on a background thread right
after the approval commits (setting REPORT_PRERENDER), so even the first download is immediate.
When a measurement of one of its KPIs is recorded, changed or deleted, the strategy's latest
version is rendered again in the same way, so the next download finds the charts up to date.
A burst of changes costs one rendering: a version waits on the thread at most once.

A download never renders a handbook that is already being rendered: one that finds this process
rendering it (the background thread, or another request) waits for that rendering, and one that
finds another worker rendering it (a `HandbookRendering` row) waits for the file that worker
stores. A second rendering would only compete with the first for the CPU and finish later.
"""

import datetime
import functools
import hashlib
import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation

from . import pdf as rendering
from .models import HandbookRendering, StoredHandbook

logger = logging.getLogger(__name__)

# Stands in for the date in the HTML that is fingerprinted; the real date replaces it before
# rendering. Letters, digits and hyphens only, so escaping leaves it as it is.
MADE_ON_MARK = "kpiplanner-made-on-5b1f0c9e"
STYLESHEET = "css/report.css"
# How often a download waiting for another worker's rendering looks for the stored file.
POLL_SECONDS = 0.25
DEFAULT_RENDER_TIMEOUT = 120  # seconds; setting REPORT_RENDER_TIMEOUT


def fingerprint(html: str) -> str:
    """A digest of everything a rendering of `html` depends on."""
    import weasyprint

    digest = hashlib.sha256()
    digest.update(f"weasyprint {weasyprint.__version__}\0".encode())
    path = rendering.static_path(STYLESHEET)
    digest.update(_file_digest(path) if path else b"")
    digest.update(html.encode())
    return digest.hexdigest()


def _file_digest(path: str) -> bytes:
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).digest()


def handbook_pdf(version, *, lang: str) -> bytes:
    """The PDF handbook of `version` in `lang`: the stored copy while it is current, otherwise
    rendered now and kept. Raises ExportTooLarge (before rendering) for a version too large."""
    html, key = _html_and_fingerprint(version, lang)
    stored = _stored(version, lang, key)
    if stored is not None:
        return stored
    return _render_once(version, lang, key, html)


def ensure_current(version, *, lang: str) -> bool:
    """Render and keep the handbook of `version` in `lang` unless the stored copy is current;
    True if it rendered. Raises ExportTooLarge (before rendering) for a version too large."""
    html, key = _html_and_fingerprint(version, lang)
    if StoredHandbook.objects.filter(version=version, language=lang, fingerprint=key).exists():
        return False
    _render_once(version, lang, key, html)
    return True


def _html_and_fingerprint(version, lang: str) -> tuple[str, str]:
    html = rendering.render_handbook_html(version, lang=lang, made_on=MADE_ON_MARK)
    return html, fingerprint(html)


def _stored(version, lang: str, key: str) -> bytes | None:
    stored = (
        StoredHandbook.objects.filter(version=version, language=lang, fingerprint=key)
        .values_list("pdf", flat=True)
        .first()
    )
    return None if stored is None else bytes(stored)


# The renderings this process is doing now, by (version, language, fingerprint).
_rendering: dict[tuple, Future] = {}
_rendering_lock = threading.Lock()


def _render_once(version, lang: str, key: str, html: str) -> bytes:
    """Render and keep the handbook, or wait for the same rendering already under way here
    (the first thread to ask renders, through `_render_shared`)."""
    token = (version.pk, lang, key)
    with _rendering_lock:
        running = _rendering.get(token)
        if running is None:
            _rendering[token] = mine = Future()
    if running is not None:
        try:
            return running.result()
        except Exception:
            return _render_shared(version, lang, key, html)  # that one failed: try ourselves
    try:
        document = _render_shared(version, lang, key, html)
    except Exception as exc:
        mine.set_exception(exc)
        raise
    else:
        mine.set_result(document)
        return document
    finally:
        with _rendering_lock:
            del _rendering[token]


def _render_shared(version, lang: str, key: str, html: str) -> bytes:
    """Render and keep the handbook, unless another worker is rendering the same one: then wait
    for the file it stores. Renders after all if that rendering fails or its worker vanished."""
    while True:
        claim = _claim(version, lang, key)
        if claim is not None:
            try:
                # The other worker may have finished between our first look and our claim.
                stored = _stored(version, lang, key)
                return stored if stored is not None else _render_and_keep(version, lang, key, html)
            finally:
                HandbookRendering.objects.filter(pk=claim).delete()
        _sleep(POLL_SECONDS)
        stored = _stored(version, lang, key)
        if stored is not None:
            return stored


def _claim(version, lang: str, key: str) -> int | None:
    """Mark the handbook as being rendered by us (its id), or None if another worker is on it.

    A mark older than REPORT_RENDER_TIMEOUT was left by a worker that died mid-rendering (a
    server timeout, say): it no longer holds anyone up.
    """
    now = timezone.now()
    timeout = getattr(settings, "REPORT_RENDER_TIMEOUT", DEFAULT_RENDER_TIMEOUT)
    HandbookRendering.objects.filter(
        version=version, language=lang, started_at__lt=now - datetime.timedelta(seconds=timeout)
    ).delete()
    try:
        with transaction.atomic():
            return HandbookRendering.objects.create(
                version=version, language=lang, fingerprint=key, started_at=now
            ).pk
    except IntegrityError:
        return None


_sleep = time.sleep  # tests stand in for the other worker here
_clock = time.monotonic  # and move this one on


def _render_and_keep(version, lang: str, key: str, html: str) -> bytes:
    rendered_at = timezone.now()
    with translation.override(lang):
        made_on = rendering.long_date(timezone.localdate(rendered_at))
    started = time.perf_counter()
    document = rendering.html_to_pdf(html.replace(MADE_ON_MARK, made_on))
    fields = {
        "fingerprint": key,
        "pdf": document,
        "rendered_at": rendered_at,
        "render_ms": round((time.perf_counter() - started) * 1000),
    }
    _keep(version, lang, fields)
    return document


def _keep(version, lang: str, fields: dict) -> None:
    """Store a rendering in place of the version's older one in `lang` (1 query, or 4 the first
    time)."""
    if StoredHandbook.objects.filter(version=version, language=lang).update(**fields):
        return
    try:
        with transaction.atomic():
            StoredHandbook.objects.create(version=version, language=lang, **fields)
    except IntegrityError:
        pass  # another worker stored the same handbook a moment ago: theirs will do


def prerender(version_pk, languages: tuple[str, ...] | None = None) -> None:
    """Render and keep the handbook of one version in every language, or in `languages`, unless
    the stored copy is current (a background job)."""
    from kpiplanner.reviews.models import KpiSetVersion

    version = (
        KpiSetVersion.objects.select_related("strategy__organisation", "approved_by")
        .filter(pk=version_pk)
        .first()
    )
    if version is None:
        return
    for lang in languages or [code for code, _name in settings.LANGUAGES]:
        try:
            ensure_current(version, lang=lang)
        except rendering.ExportTooLarge:
            return  # the download page explains; nothing to keep
        except Exception:
            logger.exception("Rendering the handbook of %s (%s) in advance failed", version, lang)


def prerender_after_commit(version_pk) -> None:
    """Once the current transaction commits, render the version's handbook in the background."""
    if getattr(settings, "REPORT_PRERENDER", True):
        transaction.on_commit(lambda: queue_prerender(version_pk))


def refresh_after_commit(kpi_id) -> None:
    """A measurement of `kpi_id` changed: once that commits, render the latest version of its
    strategy again in the background, as its handbook shows the KPI's progress chart."""
    if getattr(settings, "REPORT_PRERENDER", True):
        transaction.on_commit(lambda: _queue_once(("kpi", kpi_id), refresh, kpi_id))


def refresh(kpi_id) -> None:
    """Queue the latest version of the strategy `kpi_id` belongs to (a background job)."""
    latest = (
        latest_versions()
        .filter(strategy__goals__csfs__kpis=kpi_id)
        .values_list("pk", flat=True)
        .first()
    )
    if latest is not None:  # None: no approved version yet, or the KPI was deleted
        queue_prerender(latest)


def rename_after_commit(organisation_id) -> None:
    """An organisation was saved (renamed, say): once that commits, render the latest version of
    each of its strategies again in the background, as the handbook names the organisation.
    Handbooks that did not change are found current and left alone."""
    if getattr(settings, "REPORT_PRERENDER", True):
        transaction.on_commit(
            lambda: _queue_once(
                ("organisation", organisation_id), refresh_organisation, organisation_id
            )
        )


def refresh_organisation(organisation_id) -> None:
    """Queue the latest version of each strategy of the organisation (a background job)."""
    for pk in (
        latest_versions()
        .filter(strategy__organisation_id=organisation_id)
        .values_list("pk", flat=True)
    ):
        queue_prerender(pk)


def latest_versions():
    """The latest approved version of each strategy, as a queryset to filter further."""
    from kpiplanner.reviews.models import KpiSetVersion

    newer = KpiSetVersion.objects.filter(
        strategy=OuterRef("strategy"), number__gt=OuterRef("number")
    )
    return KpiSetVersion.objects.filter(~Exists(newer))


def queue_prerender(version_pk) -> Future | None:
    """Have the background thread render the version's handbook, unless it is already waiting."""
    return _queue_once(("version", version_pk), prerender, version_pk)


# Jobs waiting for the background thread. A job already waiting is not queued again: it reads
# the data when it starts, so one run covers every change committed before that.
_queued: set[tuple] = set()
_queued_lock = threading.Lock()


def _queue_once(key: tuple, job, *args) -> Future | None:
    with _queued_lock:
        if key in _queued:
            return None
        _queued.add(key)

    @functools.wraps(job)
    def run(*args):
        with _queued_lock:
            _queued.discard(key)  # a change from now on needs a run of its own
        job(*args)

    return submit(run, *args)


# When a version's page last had its handbook checked, by (version, language), in this process.
WARM_UP_EVERY = 60.0  # seconds
_warmed: dict[tuple, float] = {}


def warm_up(version_pk, lang: str) -> Future | None:
    """Someone opened the page with the version's download buttons: have the handbook in their
    language checked on the background thread, and rendered if it is out of date, so that a
    click soon after finds it stored or under way and waits only for the rest.

    For what the other triggers miss: a release nobody ran prerender_handbooks after, an older
    version after a measurement changed, a renamed approver. The request only queues the job, at
    most once a minute per version and language; a current handbook costs the job its
    fingerprint, not a rendering.
    """
    if not getattr(settings, "REPORT_PRERENDER", True):
        return None
    now = _clock()
    with _queued_lock:
        if now - _warmed.get((version_pk, lang), -WARM_UP_EVERY) < WARM_UP_EVERY:
            return None
        if len(_warmed) >= 10_000:  # a long-running process: forget the oldest checks
            _warmed.clear()
        _warmed[(version_pk, lang)] = now
    return _queue_once(("version", version_pk, lang), prerender, version_pk, (lang,))


# One thread per process: renderings queue up rather than compete for the CPU. Its thread starts
# at the first job, so a server that forks workers after importing this module is unaffected.
_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="handbook")


def submit(job, *args) -> Future:
    """Run `job(*args)` on the background thread, with database connections of its own."""

    def run():
        try:
            job(*args)
        finally:
            connections.close_all()  # this thread's connections only

    return _POOL.submit(run)
