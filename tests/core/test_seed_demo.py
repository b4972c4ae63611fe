"""The demo data command."""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from indicators.models import Kpi, Measurement
from kpiplanner.accounts.models import Membership, Role
from kpiplanner.reviews.models import Comment, KpiSetVersion

pytestmark = pytest.mark.django_db

DOMAIN_MODELS = [
    "accounts.Organisation",
    "accounts.Membership",
    "auth.User",
    "goals.Strategy",
    "goals.Goal",
    "csf.CriticalSuccessFactor",
    "indicators.Kpi",
    "indicators.KpiMilestone",
    "indicators.Measurement",
    "reviews.KpiTransition",
    "reviews.Comment",
    "reviews.KpiSetVersion",
]


def snapshot():
    return {
        label: serializers.serialize("json", apps.get_model(label).objects.order_by("pk"))
        for label in DOMAIN_MODELS
    }


def test_seed_builds_one_user_per_role_with_the_given_password(client):
    call_command("seed_demo", "--password", "geheim-wachtwoord", stdout=None)
    for role in Role.values:
        assert Membership.objects.get(user__username=role).role == role
        login = {"username": role, "password": "geheim-wachtwoord"}
        assert client.post("/accounts/login/", login).status_code == 302
        client.logout()


def test_seed_has_a_realistic_tree_with_measurements():
    call_command("seed_demo", "--password", "x")
    kpi = Kpi.objects.get(name="Gemiddelde oplostijd van tickets")
    assert (kpi.baseline_value, kpi.target_value, kpi.unit) == (14, 10, "hours")
    assert "van 14 naar 10 uur" in kpi.statement
    assert Measurement.objects.filter(kpi=kpi).count() >= 3


def test_running_seed_twice_changes_nothing():
    call_command("seed_demo", "--password", "x", "--kpis", "20")
    before = snapshot()
    call_command("seed_demo", "--password", "x", "--kpis", "20")
    assert snapshot() == before


def test_demo_strategy_has_an_approved_version_1_to_export():
    call_command("seed_demo", "--password", "x")
    version = KpiSetVersion.objects.get(strategy__name__startswith="Klanten behouden")
    assert version.number == 1 and version.approved_by.username == "manager"
    approved = [
        kpi["name"]
        for goal in version.snapshot["goals"]
        for csf in goal["csfs"]
        for kpi in csf["kpis"]
        if kpi["status"] == "approved"
    ]
    assert approved == [
        "Gemiddelde oplostijd van tickets",
        "First-time-right",
        "Verzuimpercentage",
    ]
    # Every approved KPI has measurements, so the handbook shows its progress chart.
    assert all(Measurement.objects.filter(kpi__name=name).count() >= 3 for name in approved)


def test_demo_review_goes_on_after_version_1():
    call_command("seed_demo", "--password", "x")
    churn = Kpi.objects.get(name="Klantverloop per kwartaal")
    assert churn.status == "proposed"  # rejected in version 1, fixed, proposed again
    steps = list(churn.transitions.values_list("to_status", flat=True))
    assert steps == ["proposed", "rejected", "proposed"]
    assert Comment.objects.filter(kpi=churn, transition__isnull=False).exists()
    assert set(Kpi.objects.filter(status="draft").values_list("name", flat=True)) == {
        "Net Promoter Score",
        "Trainingsuren per medewerker",
    }
    out = StringIO()
    call_command("seed_demo", "--password", "x", stdout=out)
    assert "Approved version 1, ready to export" in out.getvalue()
    assert KpiSetVersion.objects.count() == 1


def test_random_password_is_printed_when_none_given(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "created with password: " in out


def test_if_empty_leaves_an_existing_database_alone(organisation):
    call_command("seed_demo", "--if-empty")
    assert not Kpi.objects.exists()


def test_large_strategy_has_about_n_kpis():
    call_command("seed_demo", "--password", "x", "--kpis", "100")
    assert Kpi.objects.filter(csf__goal__strategy__name__startswith="Benchmark").count() == 100


def test_demo_dates_follow_the_day_it_was_made():
    from kpiplanner.demo.data import quarter_end

    assert quarter_end(datetime.date(2026, 11, 22), 1) == (datetime.date(2027, 3, 31), "Q1 2027")
    assert quarter_end(datetime.date(2026, 2, 1), 0) == (datetime.date(2026, 3, 31), "Q1 2026")


def test_the_large_strategy_is_approved_as_version_1():
    call_command("seed_demo", "--password", "x", "--kpis", "30")
    version = KpiSetVersion.objects.get(strategy__name__startswith="Benchmark")
    assert version.number == 1 and version.snapshot["counts"]["approved_kpis"] == 30
    assert version.approved_by.username == "manager"


def test_seed_demo_prints_the_open_demo_workshops_code_each_time(capsys):
    """The demo workshop is open, in its goals round, accepting proposals shown live, 3 votes
    each; `make run` (--if-empty) prints its code again on every later start."""
    from kpiplanner.workshops.models import Phase, RoundKind, Workshop

    call_command("seed_demo", "--password", "demo-pass-12345")
    workshop = Workshop.objects.open().get()
    assert f"Workshop code: {workshop.code}" in capsys.readouterr().out
    assert workshop.current_round.kind == RoundKind.GOALS
    assert workshop.current_round.phase == Phase.PROPOSING
    assert workshop.proposals_live and workshop.dots_per_person == 3
    call_command("seed_demo", "--if-empty")
    assert f"Workshop code: {workshop.code}" in capsys.readouterr().out
    call_command("seed_demo")
    assert Workshop.objects.open().count() == 1


def test_the_demo_history_names_who_made_each_change():
    """A seeded KPI's timeline says who set it up, never "someone"."""
    call_command("seed_demo", "--password", "x", "--kpis", "20")
    records = Kpi.history.all()
    assert records.exists()
    assert not records.filter(history_user=None).exists()
    assert not Measurement.history.filter(history_user=None).exists()
