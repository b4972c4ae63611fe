"""Two workers sending digests at the same moment (the task after an event, and cron), on
PostgreSQL: each person still gets one e-mail."""

import threading
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import connection, connections

from kpiplanner.notifications import tasks
from kpiplanner.notifications.digest import send_notifications
from kpiplanner.notifications.models import Notification
from kpiplanner.planning.services import plan_submit

needs_postgres = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database locks whole tables between threads",
)


@needs_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_workers_at_once_send_each_person_one_mail(plan, mailable, attempt, monkeypatch):
    # Outside a test transaction the commit would run the (immediate) task at once.
    monkeypatch.setattr(tasks, "send_notifications_task", SimpleNamespace(enqueue=lambda: None))
    plan_submit(strategy=plan, user=mailable["facilitator"])
    assert mail.outbox == []
    runs = 4
    barrier = threading.Barrier(runs)
    sent, crashed = [], []
    lock = threading.Lock()

    def run():
        try:
            barrier.wait(10)
            count = send_notifications()
            with lock:
                sent.append(count)
        except Exception as error:  # pragma: no cover - what the test must never see
            with lock:
                crashed.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert crashed == []
    assert sum(sent) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["admin@example.org", "manager@example.org"]
    assert not Notification.objects.filter(sent_at=None).exists()
