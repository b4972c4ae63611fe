"""The PDF handbook as users download it: a kept rendering while nothing it shows has changed,
else rendered now, or, for a large set, in the background by a task.

A version's snapshot never changes (the organisation's and approver's names and the approval
note are in it), but its handbook also shows live data (the measurements in the charts) and
depends on the template, the fonts, the translations and the Typst release. `handbook_key` is
a digest of all of that, computed without rendering: the version (its snapshot is fixed), the
names, the measurements of its KPIs (the one query the rendering needs anyway) and
`pdf.template_digest()` (read once per process). A kept `StoredHandbook` is served only while
its key still matches, so it can never show outdated data.
The date the document was made is not in the key: a copy made yesterday still says truthfully
when it was made.

Typst sets a 100-KPI handbook in well under a second, so a download renders it on demand. A set
with more approved KPIs than REPORT_BACKGROUND_KPIS would take longer: its download queues the
`render_handbook_task` (django-tasks, run by `manage.py db_worker`) and the page says the file is
being prepared; that page polls `handbook_ready` until the kept rendering is there. Rendering is
idempotent: a task that finds the current rendering kept does nothing.
"""

import hashlib
import json
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from . import pdf as rendering
from .data import approved_kpis, long_date, measurement_series
from .models import StoredHandbook

DEFAULT_BACKGROUND_KPIS = 200  # about a second of Typst (bench/bench_export.py)


def renders_in_background(version) -> bool:
    """Whether a cold rendering of this version would take more than about a second."""
    limit = getattr(settings, "REPORT_BACKGROUND_KPIS", DEFAULT_BACKGROUND_KPIS)
    return rendering.approved_count(version) > limit


def _series(version) -> dict:
    kpi_ids = [kpi["id"] for _g, _c, kpi in approved_kpis(version.snapshot)]
    return measurement_series(version, kpi_ids)


def handbook_key(version, lang: str, series: dict) -> str:
    """The digest of everything the handbook of `version` in `lang` shows, without rendering."""
    digest = hashlib.sha256()
    for part in (
        rendering.template_digest(),
        lang,
        str(version.pk),
        str(version.number),
        version.organisation_name,
        version.approver_name,
        version.note,
    ):
        digest.update(part.encode() + b"\0")
    digest.update(
        json.dumps(
            {kpi: [(str(p), str(v)) for p, v in rows] for kpi, rows in sorted(series.items())}
        ).encode()
    )
    return digest.hexdigest()


def current(version, lang: str) -> tuple[str, dict]:
    """(key, measurement series) of the handbook as it would be rendered now (1 query)."""
    series = _series(version)
    return handbook_key(version, lang, series), series


def kept(version, lang: str, key: str) -> bytes | None:
    """The kept rendering with this key, or None (1 query)."""
    stored = (
        StoredHandbook.objects.filter(version=version, language=lang, fingerprint=key)
        .values_list("pdf", flat=True)
        .first()
    )
    return None if stored is None else bytes(stored)


def is_ready(version, lang: str) -> bool:
    """Whether the current handbook is kept (2 queries; the file itself is not read)."""
    key, _measurements = current(version, lang)
    return StoredHandbook.objects.filter(version=version, language=lang, fingerprint=key).exists()


def render_and_keep(version, lang: str, key: str | None = None, series=None) -> bytes:
    """Render the handbook now and keep it in place of the older one. Raises ExportTooLarge
    (before rendering) for a version too large."""
    if key is None or series is None:
        key, series = current(version, lang)
    rendered_at = timezone.now()
    with translation.override(lang):
        made_on = long_date(timezone.localdate(rendered_at))
    started = time.perf_counter()
    document = rendering.render_handbook(version, lang=lang, made_on=made_on, series=series)
    fields = {
        "fingerprint": key,
        "pdf": document,
        "rendered_at": rendered_at,
        "render_ms": round((time.perf_counter() - started) * 1000),
    }
    if not StoredHandbook.objects.filter(version=version, language=lang).update(**fields):
        try:
            with transaction.atomic():
                StoredHandbook.objects.create(version=version, language=lang, **fields)
        except IntegrityError:
            pass  # another process kept the same handbook a moment ago: theirs will do
    return document


def handbook_pdf(version, *, lang: str) -> bytes:
    """The PDF handbook of `version` in `lang`: the kept copy while it is current, otherwise
    rendered now and kept. Raises ExportTooLarge (before rendering) for a version too large."""
    key, series = current(version, lang)
    document = kept(version, lang, key)
    if document is not None:
        return document
    return render_and_keep(version, lang, key, series)


def ensure_current(version, *, lang: str) -> bool:
    """Render and keep the handbook unless the kept copy is current; True if it rendered."""
    key, series = current(version, lang)
    if StoredHandbook.objects.filter(version=version, language=lang, fingerprint=key).exists():
        return False
    render_and_keep(version, lang, key, series)
    return True
