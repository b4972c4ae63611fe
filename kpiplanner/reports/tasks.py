"""Background work of the reports: rendering a large handbook (django-tasks, `db_worker`).

A task is idempotent: it renders only when the current handbook is not kept yet, so running it
twice (a retry, a task re-queued after its worker died) does no harm. A rendering that fails is
logged and queued again, up to REPORT_TASK_ATTEMPTS attempts in all; the failed attempt stays
visible as a failed task result (the admin of django-tasks-db), with its traceback.
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus

logger = logging.getLogger(__name__)

DEFAULT_ATTEMPTS = 3
RETRY_AFTER = datetime.timedelta(seconds=30)


@task()
def render_handbook_task(version_pk: int, lang: str, attempt: int = 1) -> bool:
    """Render and keep the handbook of one version in one language; True if it rendered."""
    from kpiplanner.reviews.models import KpiSetVersion

    from . import store
    from .pdf import ExportTooLarge

    version = (
        KpiSetVersion.objects.select_related("strategy__organisation", "approved_by")
        .filter(pk=version_pk)
        .first()
    )
    if version is None:
        return False  # deleted since: nothing to do
    try:
        return store.ensure_current(version, lang=lang)
    except ExportTooLarge:
        return False  # the download page explains; nothing to keep
    except Exception:
        attempts = getattr(settings, "REPORT_TASK_ATTEMPTS", DEFAULT_ATTEMPTS)
        logger.exception(
            "Rendering the handbook of %s (%s) failed (attempt %s of %s)",
            version,
            lang,
            attempt,
            attempts,
        )
        if attempt < attempts:
            retry(version_pk, lang, attempt + 1)
        raise  # this attempt's result shows as failed, with its traceback


def retry(version_pk: int, lang: str, attempt: int):
    """Queue the rendering again, a little later where the backend can wait."""
    queued = render_handbook_task
    if queued.get_backend().supports_defer:
        queued = queued.using(run_after=timezone.now() + RETRY_AFTER)
    return queued.enqueue(version_pk, lang, attempt)


def queue_rendering(version, lang: str):
    """Have a worker render the handbook; the task result (its id lets a page ask after it)."""
    return render_handbook_task.enqueue(version.pk, lang)


def rendering_failed(version, lang: str) -> bool:
    """Whether the latest rendering of this handbook on the database queue failed its last
    attempt (the "being prepared" page then says so instead of waiting for ever). False on a
    backend without stored results (the immediate one of the tests runs them at once)."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(render_handbook_task.get_backend(), DatabaseBackend):
        return False
    latest = (
        DBTaskResult.objects.filter(
            task_path=render_handbook_task.module_path,
            args_kwargs__args__0=version.pk,
            args_kwargs__args__1=lang,
        )
        .order_by("-enqueued_at")
        .values_list("status", "args_kwargs")
        .first()
    )
    if latest is None:
        return False
    status, args_kwargs = latest
    args = args_kwargs.get("args") or []
    attempt = args[2] if len(args) > 2 else 1
    attempts = getattr(settings, "REPORT_TASK_ATTEMPTS", DEFAULT_ATTEMPTS)
    return status == TaskResultStatus.FAILED and attempt >= attempts
