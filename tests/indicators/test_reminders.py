"""Reminder e-mails to KPI owners: once per KPI, period and kind, only their own KPIs, in their
language; queued by `manage.py send_reminders`; the count on "Voor mij"."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, connection, connections
from django.urls import reverse

from indicators import tracking
from indicators.models import Reminder
from indicators.reminders import send_reminders
from tests.factories import KpiFactory, MeasurementFactory, MembershipFactory, UserFactory

DAY = datetime.date(2026, 12, 5)  # November's value is due (overdue from 10 December)


@pytest.fixture
def owner(organisation):
    return MembershipFactory(
        organisation=organisation,
        role="participant",
        user__username="eigenaar",
        user__email="eigenaar@example.org",
        user__first_name="Eva",
    ).user


@pytest.fixture
def owned(kpi, owner):
    kpi.owner = owner
    kpi.status = "approved"
    kpi.baseline_date = datetime.date(2026, 10, 1)  # October and November want a value
    kpi.target_date = datetime.date(2027, 6, 30)
    kpi.save()
    return kpi


def test_an_owner_gets_one_email_listing_overdue_and_due_values(owned, owner):
    assert send_reminders(DAY) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["eigenaar@example.org"]
    assert message.subject == "KPI Planner: 2 waarden wachten op je"
    assert "Hallo Eva" in message.body
    assert "Deze waarden zijn te laat:" in message.body
    assert f"- {owned.name} (Klanten behouden): okt 2026" in message.body
    assert "nov 2026, vóór 10 december 2026" in message.body
    assert "/my-kpis/" in message.body
    assert set(Reminder.objects.values_list("period", "kind")) == {
        (datetime.date(2026, 10, 1), tracking.OVERDUE),
        (datetime.date(2026, 11, 1), tracking.DUE_SOON),
    }


def test_never_twice_for_the_same_kpi_period_and_kind(owned):
    send_reminders(DAY)
    assert send_reminders(DAY) == 0
    assert send_reminders(DAY + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


def test_a_due_value_that_turns_overdue_is_reminded_once_more(owned):
    send_reminders(DAY)
    mail.outbox.clear()
    assert send_reminders(datetime.date(2026, 12, 10)) == 1
    assert "Deze waarden zijn te laat:" in mail.outbox[0].body
    assert "nov 2026" in mail.outbox[0].body
    assert "okt 2026" not in mail.outbox[0].body  # sent already


def test_due_soon_starts_the_configured_days_before_the_period_ends(owned, settings):
    MeasurementFactory(kpi=owned, period=datetime.date(2026, 10, 1), value=Decimal(13))
    MeasurementFactory(kpi=owned, period=datetime.date(2026, 11, 1), value=Decimal(13))
    settings.REMINDER_DAYS_BEFORE = 3
    assert send_reminders(datetime.date(2026, 12, 27)) == 0
    assert send_reminders(datetime.date(2026, 12, 28)) == 1
    assert "dec 2026, vóór 10 januari 2027" in mail.outbox[0].body
    settings.REMINDER_DAYS_BEFORE = 10
    other = KpiFactory(csf=owned.csf, owner=owned.owner, baseline_date=datetime.date(2026, 12, 1))
    assert send_reminders(datetime.date(2026, 12, 20)) == 0  # 11 days before: too early
    assert send_reminders(datetime.date(2026, 12, 21)) == 1
    assert other.name in mail.outbox[-1].body


def test_only_the_owners_own_kpis_and_nobody_elses(owned, owner, members, organisation):
    second = MembershipFactory(
        organisation=organisation, user__username="tweede", user__email="tweede@example.org"
    ).user
    theirs = KpiFactory(csf=owned.csf, owner=second, status="approved", name="Hun KPI")
    KpiFactory(csf=owned.csf, owner=None, name="Zonder eigenaar")
    send_reminders(DAY)
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert set(by_address) == {"eigenaar@example.org", "tweede@example.org"}
    assert theirs.name not in by_address["eigenaar@example.org"]
    assert owned.name not in by_address["tweede@example.org"]
    assert "Zonder eigenaar" not in "".join(by_address.values())


def test_no_email_for_rejected_kpis_owners_without_address_or_former_members(owned, owner):
    KpiFactory(csf=owned.csf, owner=owner, status="retired", name="Vervallen")
    no_address = UserFactory(username="zonder", email="")
    MembershipFactory(organisation=owned.csf.goal.strategy.organisation, user=no_address)
    KpiFactory(csf=owned.csf, owner=no_address)
    left = UserFactory(username="vertrokken", email="weg@example.org")
    KpiFactory(csf=owned.csf, owner=left)  # not a member of the organisation (any more)
    send_reminders(DAY)
    assert [m.to for m in mail.outbox] == [["eigenaar@example.org"]]
    assert "Vervallen" not in mail.outbox[0].body


def test_the_email_is_in_the_owners_own_language(owned, owner):
    from kpiplanner.accounts.models import Profile

    Profile.objects.create(user=owner, language="en")
    send_reminders(DAY)
    assert mail.outbox[0].subject == "KPI Planner: 2 values wait for you"
    assert "Hello Eva" in mail.outbox[0].body
    assert "These values are due soon:" in mail.outbox[0].body


def test_without_a_choice_the_email_is_in_the_default_language_not_the_active_one(owned, settings):
    from django.utils import translation

    with translation.override("en"):
        send_reminders(DAY)
    assert "Hallo Eva" in mail.outbox[0].body
    settings.LANGUAGE_CODE = "en"
    Reminder.objects.all().delete()
    mail.outbox.clear()
    send_reminders(DAY)
    assert mail.outbox[0].subject == "KPI Planner: 2 values wait for you"
    assert "These values are overdue:" in mail.outbox[0].body
    assert "Oct 2026" in mail.outbox[0].body


def test_the_database_refuses_a_second_reminder_of_the_same_kind(owned):
    Reminder.objects.create(kpi=owned, period=datetime.date(2026, 11, 1), kind=tracking.OVERDUE)
    with pytest.raises(IntegrityError):
        Reminder.objects.create(kpi=owned, period=datetime.date(2026, 11, 1), kind=tracking.OVERDUE)


def test_a_failing_email_is_not_recorded_so_the_next_run_tries_again(owned, monkeypatch):
    import indicators.reminders as reminders

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(reminders, "send_mail", broken)
    assert send_reminders(DAY) == 0
    assert not Reminder.objects.exists()
    monkeypatch.undo()
    assert send_reminders(DAY) == 1


def test_the_command_queues_the_task_which_sends(owned):
    from io import StringIO

    from django.utils import timezone

    out = StringIO()
    # The immediate backend of the tests runs the task as it is queued, on today's date.
    call_command("send_reminders", stdout=out)
    assert "Queued the reminders" in out.getvalue()
    today = timezone.localdate()
    expected = tracking.reminders(owned.open_periods(today), today, 3)
    assert Reminder.objects.count() == len(expected)
    out = StringIO()
    call_command("send_reminders", "--now", stdout=out)
    assert "Sent 0 reminder e-mail(s)." in out.getvalue()


def test_voor_mij_shows_the_count_of_values_to_enter(client, owned, owner, members):
    from django.utils import timezone

    from indicators.due import count_to_enter

    expected = count_to_enter([owned], timezone.localdate())
    assert expected.overdue >= 1  # October 2026 is overdue from 10 November 2026 on
    client.force_login(owner)
    html = client.get(reverse("reviews:inbox")).content.decode()
    assert f'data-values-to-enter="{expected.total}"' in html
    assert reverse("kpis:mine") in html
    client.cookies["django_language"] = "en"
    english = client.get(reverse("reviews:inbox")).content.decode()
    assert "value overdue" in english or "values overdue" in english
    # Someone who owns nothing sees no such panel.
    client.force_login(members["viewer"])
    assert "data-values-to-enter" not in client.get(reverse("reviews:inbox")).content.decode()


# Two runs at once (cron and a retry, two workers), on PostgreSQL: still one e-mail.

needs_postgres = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database locks whole tables between threads",
)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_runs_at_once_send_each_reminder_once(owned):
    runs = 4
    barrier = threading.Barrier(runs)
    sent, crashed = [], []
    lock = threading.Lock()

    def run():
        try:
            barrier.wait(10)
            count = send_reminders(DAY)
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
    assert sorted(sent) == [0, 0, 0, 1]
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 2
