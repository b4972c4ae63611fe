"""Queue (or run at once) the owners' reminder e-mails; meant for cron, once a day:

    15 7 * * *  cd /srv/kpiplanner && .venv/bin/python manage.py send_reminders

The task runs on the `db_worker`; `--now` sends in this process instead (no worker needed).
"""

from django.core.management.base import BaseCommand

from indicators.reminders import send_reminders
from indicators.tasks import send_reminders_task


class Command(BaseCommand):
    help = "Queue today's reminder e-mails to KPI owners (due soon, overdue); --now sends them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="Send in this process instead of on the queue."
        )

    def handle(self, *args, now=False, **options):
        if now:
            count = send_reminders()
            self.stdout.write(f"Sent {count} reminder e-mail(s).")
            return
        result = send_reminders_task.enqueue()
        self.stdout.write(f"Queued the reminders (task {result.id}).")
