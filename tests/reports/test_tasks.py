"""Background work: the handbook task is idempotent, a failing one is retried and reported, and a
task whose worker died is queued again."""

import datetime
import logging

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kpiplanner.reports import pdf, tasks
from kpiplanner.reports.management.commands.requeue_stuck_tasks import requeue_stuck_tasks
from kpiplanner.reports.models import StoredHandbook
from kpiplanner.reports.tasks import render_handbook_task

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_task_renders_once_and_running_it_twice_does_no_harm(sample_version, fake_render):
    assert render_handbook_task.call(sample_version.pk, "nl") is True
    assert render_handbook_task.call(sample_version.pk, "nl") is False  # already current
    assert len(fake_render) == 1
    assert StoredHandbook.objects.filter(version=sample_version).count() == 1


def test_a_task_for_a_version_that_is_gone_does_nothing(fake_render):
    assert render_handbook_task.call(987654, "nl") is False
    assert fake_render == []


def test_a_failing_rendering_is_retried_and_reported(sample_version, monkeypatch, caplog):
    """Tests run tasks at once (the immediate backend): every attempt shows in the results."""
    calls = []

    def broken(data):
        calls.append(data["lang"])
        raise pdf.HandbookError("the template is broken")

    monkeypatch.setattr(pdf, "compile_pdf", broken)
    with caplog.at_level(logging.ERROR, logger="kpiplanner.reports.tasks"):
        result = render_handbook_task.enqueue(sample_version.pk, "en")
    assert calls == ["en", "en", "en"]  # REPORT_TASK_ATTEMPTS = 3 in all
    assert result.status == TaskResultStatus.FAILED
    assert result.errors and "HandbookError" in result.errors[0].exception_class_path
    logged = [record.getMessage() for record in caplog.records]
    assert any("attempt 1 of 3" in line for line in logged)
    assert any("attempt 3 of 3" in line for line in logged)
    assert not StoredHandbook.objects.exists()


def test_a_rendering_that_fails_once_succeeds_on_the_retry(sample_version, monkeypatch):
    real = pdf.compile_pdf
    failures = [pdf.HandbookError("a passing fault")]

    def flaky(data):
        if failures:
            raise failures.pop()
        return real(data)

    monkeypatch.setattr(pdf, "compile_pdf", flaky)
    first = render_handbook_task.enqueue(sample_version.pk, "nl")
    assert first.status == TaskResultStatus.FAILED
    assert StoredHandbook.objects.filter(version=sample_version, language="nl").exists()


@override_settings(TASKS=DB_TASKS)
def test_on_the_database_queue_a_retry_waits_and_the_failure_stays_visible(
    sample_version, monkeypatch
):
    monkeypatch.setattr(pdf, "compile_pdf", lambda data: 1 / 0)
    queued = tasks.queue_rendering(sample_version, "nl")
    row = DBTaskResult.objects.get(pk=queued.id)
    assert row.status == TaskResultStatus.READY
    # The worker runs it: it fails, is logged, and a second attempt is queued for later.
    with pytest.raises(ZeroDivisionError):
        render_handbook_task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
    retry = DBTaskResult.objects.exclude(pk=row.pk).get()
    assert retry.args_kwargs["args"] == [sample_version.pk, "nl", 2]
    assert retry.run_after > timezone.now()


@override_settings(TASKS=DB_TASKS)
def test_a_task_whose_worker_died_is_queued_again(sample_version):
    queued = tasks.queue_rendering(sample_version, "nl")
    started = timezone.now() - datetime.timedelta(hours=1)
    DBTaskResult.objects.filter(pk=queued.id).update(
        status=TaskResultStatus.RUNNING, started_at=started
    )
    fresh = tasks.queue_rendering(sample_version, "en")
    DBTaskResult.objects.filter(pk=fresh.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now()
    )
    assert requeue_stuck_tasks(older_than=600) == [str(queued.id)]
    assert DBTaskResult.objects.get(pk=queued.id).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=fresh.id).status == TaskResultStatus.RUNNING  # still busy
    assert requeue_stuck_tasks(older_than=600) == []  # nothing twice


@override_settings(TASKS=DB_TASKS)
def test_the_requeue_command_says_what_it_did(sample_version, capsys):
    call_command("requeue_stuck_tasks", "--older-than", "60")
    assert "Queued 0 stuck task(s) again." in capsys.readouterr().out


@override_settings(TASKS=DB_TASKS, REPORT_BACKGROUND_KPIS=4)
def test_the_page_says_so_when_the_last_attempt_failed(client, members, sample_version):
    from django.urls import reverse

    client.force_login(members["viewer"])
    args = [sample_version.strategy_id, 1]
    assert client.get(reverse("reports:version_pdf", args=args) + "?lang=nl").status_code == 202
    status_url = reverse("reports:version_pdf_status", args=args) + "?lang=nl"
    assert "hx-get" in client.get(status_url).content.decode()  # queued: still waiting
    DBTaskResult.objects.update(
        status=TaskResultStatus.FAILED,
        args_kwargs={"args": [sample_version.pk, "nl", 3], "kwargs": {}},
    )
    html = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "Het handboek kon niet worden gemaakt." in html and "hx-get" not in html
    # An earlier attempt that failed is retried: the page keeps waiting.
    DBTaskResult.objects.update(args_kwargs={"args": [sample_version.pk, "nl", 1], "kwargs": {}})
    assert "hx-get" in client.get(status_url).content.decode()
