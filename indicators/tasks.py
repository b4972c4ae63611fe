"""Background work of the indicators: the owners' reminder e-mails (django-tasks, `db_worker`).

The task is idempotent: every reminder is recorded once (indicators/reminders.py), so a second
run on the same day, or a retry, sends nothing twice.
"""

from django_tasks import task


@task()
def send_reminders_task() -> int:
    """Send the reminders due today; the number of e-mails sent."""
    from .reminders import send_reminders

    return send_reminders()
