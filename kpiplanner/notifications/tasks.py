"""Background work of the notifications (django-tasks, `db_worker`): the digest e-mails.

Safe to run often and at once on several workers: each person's digest is sent under a lock on
their profile row (kpiplanner/notifications/digest.py), at most once an hour.
"""

from django_tasks import task


@task()
def send_notifications_task() -> int:
    """Send every digest that is due; the number of e-mails sent."""
    from .digest import send_notifications

    return send_notifications()
