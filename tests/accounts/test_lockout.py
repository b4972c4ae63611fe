"""Password guessing: django-axes locks one username from one address, with a Dutch page."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

pytestmark = pytest.mark.django_db

RIGHT = "secret-pass-123"


@pytest.fixture(autouse=True)
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)


def log_in(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def guess(client, username, times, address="10.0.0.1"):
    return [log_in(client, username, f"wrong-{n}", address) for n in range(times)]


def test_wrong_passwords_lock_the_account_with_a_dutch_message(client, members):
    answers = guess(client, "viewer", 3)
    assert [a.status_code for a in answers[:2]] == [200, 200]
    assert answers[2].status_code == 429
    page = answers[2].content.decode()
    assert "data-locked-out" in page and "Te veel pogingen" in page
    assert "15 minuten" in page


def test_the_lockout_speaks_english_to_an_english_user(client, members):
    client.cookies["django_language"] = "en"
    answer = guess(client, "viewer", 3)[-1]
    assert answer.status_code == 429 and "Too many attempts" in answer.content.decode()


def test_the_right_password_is_refused_until_the_cool_off_has_passed(client, members):
    guess(client, "viewer", 3)
    refused = log_in(client, "viewer", RIGHT)
    assert refused.status_code == 429
    assert not refused.wsgi_request.user.is_authenticated
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    assert log_in(client, "viewer", RIGHT).status_code == 302


def test_another_username_from_the_same_address_still_logs_in(client, members):
    guess(client, "viewer", 3)
    assert log_in(client, "manager", RIGHT).status_code == 302


def test_the_same_username_from_another_address_still_logs_in(client, members):
    guess(client, "viewer", 3)
    assert log_in(client, "viewer", RIGHT, address="10.0.0.2").status_code == 302


def test_the_address_behind_a_trusted_proxy_is_the_visitors(client, members, settings):
    settings.PROXY_COUNT = 1
    for n in range(3):
        client.post(
            reverse("accounts:login"),
            {"username": "viewer", "password": f"wrong-{n}"},
            REMOTE_ADDR="10.9.9.9",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    # Another visitor behind the same proxy is not locked out.
    other = client.post(
        reverse("accounts:login"),
        {"username": "viewer", "password": RIGHT},
        REMOTE_ADDR="10.9.9.9",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert other.status_code == 302


def test_logins_failures_and_lockouts_are_one_line_security_events(client, members, caplog):
    with caplog.at_level(logging.INFO, logger="security"):
        guess(client, "viewer", 3)
        log_in(client, "manager", RIGHT)
    lines = [r.getMessage() for r in caplog.records if r.name == "security"]
    assert lines.count("event=login_failed ip=10.0.0.1 path=/accounts/login/ user=viewer") == 3
    assert any(line.startswith("event=lockout ") and "user=viewer" in line for line in lines)
    assert any(line.startswith("event=login ") and "user=manager" in line for line in lines)
    assert all("\n" not in line for line in lines)


def test_a_forged_username_cannot_start_a_new_log_line(client, members, caplog):
    with caplog.at_level(logging.INFO, logger="security"):
        log_in(client, "evil\nevent=login user=admin", "x")
    (line,) = [r.getMessage() for r in caplog.records if r.name == "security"]
    assert "\n" not in line and 'user="evil\\nevent=login user=admin"' in line
