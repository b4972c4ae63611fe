"""python manage.py requeue_stuck_tasks [--older-than SECONDS]

A worker that dies mid-task (killed, out of memory, the machine restarted) leaves its task
marked RUNNING for ever in django-tasks-db: no other worker would pick it up. This command
finds tasks running for longer than TASK_STUCK_AFTER seconds (default 15 minutes; no task of
ours runs that long) and puts them back in the queue, so the next free worker runs them again.
Our tasks are idempotent, so a task that did finish its work after all does no harm twice.

Run it before every `db_worker` start (make run and the Procfile do) and every few minutes from
cron in production.
"""

import datetime
import logging

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def requeue_stuck_tasks(older_than: int | None = None) -> list[str]:
    """Queue again every task running for more than `older_than` seconds; their ids."""
    seconds = older_than if older_than is not None else settings.TASK_STUCK_AFTER
    cutoff = timezone.now() - datetime.timedelta(seconds=seconds)
    stuck = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    requeued = []
    for result in stuck.only("id", "task_path", "started_at"):
        # Only if it is still stuck: a worker may have finished it since we looked.
        if DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        ).update(status=TaskResultStatus.READY, started_at=None):
            logger.warning(
                "Task %s (%s) ran since %s: its worker is gone; queued again",
                result.pk,
                result.task_path,
                result.started_at,
            )
            requeued.append(str(result.pk))
    return requeued


class Command(BaseCommand):
    help = "Queue again the background tasks whose worker died while running them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            help="Seconds a task may run before it counts as stuck (default TASK_STUCK_AFTER).",
        )

    def handle(self, *args, older_than=None, **options):
        requeued = requeue_stuck_tasks(older_than)
        self.stdout.write(f"Queued {len(requeued)} stuck task(s) again.")
