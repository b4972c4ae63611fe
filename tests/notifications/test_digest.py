"""The notification e-mails: who hears what, one digest an hour, the opt-out, the language."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from indicators.models import Kpi, KpiStatus
from kpiplanner.accounts.models import Membership, Profile
from kpiplanner.notifications.digest import send_notifications
from kpiplanner.notifications.models import Notification
from kpiplanner.planning.services import plan_submit
from kpiplanner.reviews.approval import kpi_definition_edit
from kpiplanner.reviews.services import kpi_set_approve, kpi_status_change

HOUR = datetime.timedelta(hours=1)


def later(minutes):
    return timezone.now() + datetime.timedelta(minutes=minutes)


def to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def recipients(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def propose(kpi, user):
    kpi_status_change(kpi=kpi, to_status=KpiStatus.PROPOSED, actor=user, role="facilitator")


def test_a_submission_tells_the_approvers_of_the_organisation_and_nobody_else(plan, mailable):
    plan_submit(strategy=plan, user=mailable["facilitator"])
    # Managers and admins (the approvers); not the submitter, nor another organisation.
    assert recipients(Notification.Kind.REVIEW) == {"manager", "admin"}
    assert send_notifications() == 2
    (message,) = to(mailable["manager"])
    assert message.subject == "KPI Planner: 2 nieuwe dingen voor je"
    assert "Deze KPI's wachten op je beoordeling:" in message.body
    assert "Klanten behouden: Oplostijd, Terugbelpercentage" in message.body
    assert f"/review/{plan.pk}/" in message.body
    assert to(mailable["elsewhere"]) == [] and to(mailable["facilitator"]) == []


def test_two_events_within_the_hour_make_one_mail_and_the_next_waits_an_hour(plan, mailable):
    manager = mailable["manager"]
    first, second = Kpi.objects.order_by("name")
    propose(first, mailable["facilitator"])
    propose(second, mailable["facilitator"])
    send_notifications()
    (digest,) = to(manager)
    assert "Oplostijd, Terugbelpercentage" in digest.body
    # Something new 10 minutes later waits for the hour to be up.
    kpi_status_change(
        kpi=first, to_status=KpiStatus.REJECTED, actor=manager, role="manager", reason="Vaag"
    )
    propose(Kpi.objects.get(pk=first.pk), mailable["facilitator"])
    assert send_notifications(later(10)) == 1  # the facilitator's first: the rejection
    assert send_notifications(later(59)) == 0
    assert len(to(manager)) == 1
    assert send_notifications(later(61)) == 2  # the manager and the admin
    assert len(to(manager)) == 2
    assert "Klanten behouden: Oplostijd" in to(manager)[1].body
    assert "Terugbelpercentage" not in to(manager)[1].body
    # Everything was sent once: nothing more to send.
    assert send_notifications(later(200)) == 0


def test_a_rejection_tells_who_proposed_it_with_the_reason(plan, mailable):
    kpi = Kpi.objects.get(name="Oplostijd")
    propose(kpi, mailable["facilitator"])
    Notification.objects.all().delete()
    kpi_status_change(
        kpi=kpi,
        to_status=KpiStatus.REJECTED,
        actor=mailable["manager"],
        role="manager",
        reason="Meetbaar maken: in uren, niet in dagen.",
    )
    # The facilitator who proposed it; not the admin, who is an editor too.
    assert recipients(Notification.Kind.REJECTED) == {"facilitator"}
    send_notifications()
    (message,) = to(mailable["facilitator"])
    assert "Deze KPI's zijn afgewezen" in message.body
    assert "Oplostijd (Klanten behouden)" in message.body
    assert "Reden: Meetbaar maken: in uren, niet in dagen." in message.body
    assert f"/review/kpi/{kpi.pk}/" in message.body


def test_an_approved_set_tells_the_proposers_its_version(plan, mailable):
    for kpi in Kpi.objects.all():
        propose(kpi, mailable["facilitator"])
        kpi_status_change(
            kpi=Kpi.objects.get(pk=kpi.pk),
            to_status=KpiStatus.APPROVED,
            actor=mailable["manager"],
            role="manager",
        )
    Notification.objects.all().delete()
    version = kpi_set_approve(strategy=plan, approver=mailable["manager"])
    assert recipients(Notification.Kind.APPROVED) == {"facilitator"}
    send_notifications()
    (message,) = to(mailable["facilitator"])
    assert "Klanten behouden: versie 1" in message.body
    assert f"/review/{plan.pk}/versions/{version.number}/" in message.body
    # A changed approved KPI goes back to proposed: the approvers hear it waits.
    kpi = Kpi.objects.get(name="Oplostijd")
    with kpi_definition_edit(kpi=kpi, actor=mailable["admin"]):
        kpi.statement = "De oplostijd daalt van 14 naar 8 uur vóór eind Q1 2027."
        kpi.save_versioned(expected_version=kpi.version)
    assert recipients(Notification.Kind.REVIEW) == {"manager"}


def test_english_for_who_chose_english(plan, mailable):
    Profile.objects.create(user=mailable["admin"], language="en")
    plan_submit(strategy=plan, user=mailable["facilitator"])
    send_notifications()
    (english,) = to(mailable["admin"])
    assert english.subject == "KPI Planner: 2 new things for you"
    assert "These KPIs wait for your review:" in english.body
    assert "Turn them off on your account page" in english.body
    assert to(mailable["manager"])[0].subject.endswith("nieuwe dingen voor je")


def test_who_turned_the_mails_off_gets_none(plan, mailable):
    Profile.objects.create(user=mailable["manager"], email_notifications=False)
    plan_submit(strategy=plan, user=mailable["facilitator"])
    assert recipients(Notification.Kind.REVIEW) == {"admin"}
    # Turned off after the events were recorded: still no mail, and nothing piles up.
    Profile.objects.update_or_create(
        user=mailable["admin"], defaults={"email_notifications": False}
    )
    assert send_notifications() == 0
    assert mail.outbox == []
    assert not Notification.objects.filter(sent_at=None).exists()


def test_who_left_the_organisation_hears_nothing_more(plan, mailable):
    plan_submit(strategy=plan, user=mailable["facilitator"])
    Membership.objects.filter(user=mailable["manager"]).delete()
    send_notifications()
    assert to(mailable["manager"]) == [] and len(to(mailable["admin"])) == 1


def test_no_address_no_notification(plan, mailable):
    mailable["manager"].email = ""
    mailable["manager"].save()
    plan_submit(strategy=plan, user=mailable["facilitator"])
    assert recipients(Notification.Kind.REVIEW) == {"admin"}


def test_the_task_is_queued_when_the_event_commits(
    plan, mailable, django_capture_on_commit_callbacks
):
    # The test settings run tasks at once (ImmediateBackend): the mail goes with the commit.
    with django_capture_on_commit_callbacks(execute=True):
        plan_submit(strategy=plan, user=mailable["facilitator"])
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("now", [True, False])
def test_the_cron_command_sends_what_is_due(plan, mailable, now, capsys):
    plan_submit(strategy=plan, user=mailable["facilitator"])
    call_command("send_notifications", *(["--now"] if now else []))
    assert len(mail.outbox) == 2
    assert ("Sent 2" if now else "Queued") in capsys.readouterr().out


def test_a_failed_mail_is_tried_again(plan, mailable, monkeypatch):
    from kpiplanner.notifications import digest

    plan_submit(strategy=plan, user=mailable["facilitator"])

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(digest, "send_mail", broken)
    assert send_notifications() == 0
    assert Notification.objects.filter(sent_at=None).count() == 4
    monkeypatch.undo()
    assert send_notifications() == 2


def test_an_approver_who_submits_does_not_hear_about_it(plan, mailable):
    plan_submit(strategy=plan, user=mailable["admin"])
    assert recipients(Notification.Kind.REVIEW) == {"manager"}
    assert Notification.objects.filter(recipient=mailable["manager"]).count() == 2  # per KPI
