"""Queue (or run at once) the notification digests; meant for cron, every few minutes, so a
digest held back by the one-an-hour rule goes out soon after its hour is up:

    */10 * * * *  cd /srv/kpiplanner && .venv/bin/python manage.py send_notifications

The task runs on the `db_worker`; `--now` sends in this process instead (no worker needed).
"""

from django.core.management.base import BaseCommand

from kpiplanner.notifications.digest import send_notifications
from kpiplanner.notifications.tasks import send_notifications_task


class Command(BaseCommand):
    help = "Queue the notification e-mails that are due (at most one per person an hour)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="Send in this process instead of on the queue."
        )

    def handle(self, *args, now=False, **options):
        if now:
            count = send_notifications()
            self.stdout.write(f"Sent {count} notification e-mail(s).")
            return
        result = send_notifications_task.enqueue()
        self.stdout.write(f"Queued the notifications (task {result.id}).")
