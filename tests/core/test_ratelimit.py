"""Rate limits: the helper (kpiplanner/core/ratelimit.py) and where it is used: the live
feedback (wizard and workshop), imports, password reset; the join code has its own tests."""

import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kpiplanner.core import ratelimit
from kpiplanner.core.ratelimit import RateLimit
from kpiplanner.interchange.views import import_limit
from tests.workshops.conftest import join_as_guest, workshop  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def test_a_limit_counts_per_key_and_window(monkeypatch):
    limit = RateLimit("test", limit=3, window=60)
    assert [limit.allow("anna") for _ in range(4)] == [True, True, True, False]
    assert limit.exceeded("anna") and not limit.exceeded("bas")
    assert limit.allow("bas")  # another key is not held up
    later = time.time() + 60
    monkeypatch.setattr(ratelimit, "clock", lambda: later)
    assert limit.count("anna") == 0 and limit.allow("anna")


def test_any_text_may_be_a_key():
    limit = RateLimit("test", limit=1, window=60)
    for key in ("met spaties", "\x00", "é" * 500, 12, None):
        assert limit.allow(key) and not limit.allow(key)


def test_scopes_count_apart():
    one, two = RateLimit("een", limit=1, window=60), RateLimit("twee", limit=1, window=60)
    assert one.allow("x") and two.allow("x")


def test_reset_forgets_a_key():
    limit = RateLimit("test", limit=1, window=60)
    limit.hit("x")
    limit.reset("x")
    assert limit.allow("x")


# The live feedback -----------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_the_feedback_answers_429_past_its_limit(client, members, settings, htmx):
    settings.FEEDBACK_PER_MINUTE = 3
    client.force_login(members["facilitator"])
    headers = HX if htmx else {}
    url = reverse("indicators:smart_feedback")
    for _ in range(3):
        assert client.post(url, {"statement": "x"}, headers=headers).status_code == 200
    response = client.post(url, {"statement": "x"}, headers=headers)
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Je hebt dit vaak verstuurd" in response.content.decode()
    # Someone else types on.
    other = Client()
    other.force_login(members["admin"])
    assert other.post(url, {"statement": "x"}, headers=headers).status_code == 200


def test_a_workshop_participant_has_a_feedback_limit_of_their_own(workshop, settings):  # noqa: F811
    settings.FEEDBACK_PER_MINUTE = 2
    first, _participant = join_as_guest(workshop, "Een")
    second, _ = join_as_guest(workshop, "Twee")
    url = f"/w/{workshop.pk}/feedback/"
    assert [first.post(url, {"text": "x"}, headers=HX).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    assert second.post(url, {"text": "x"}, headers=HX).status_code == 200


# Imports ---------------------------------------------------------------------------------------


def upload():
    return SimpleUploadedFile("plan.json", json.dumps({"x": 1}).encode(), "application/json")


@pytest.mark.parametrize("htmx", [False, True])
def test_imports_past_the_limit_are_refused_in_words(client, members, settings, htmx):
    settings.IMPORTS_PER_HOUR = 2
    client.force_login(members["facilitator"])
    headers = HX if htmx else {}
    url = reverse("interchange:import")
    for _ in range(2):
        response = client.post(url, {"file": upload()}, headers=headers)
        assert "veel bestanden" not in response.content.decode()
    response = client.post(url, {"file": upload()}, headers=headers)
    assert response.status_code == (200 if htmx else 429)
    assert "Je hebt in korte tijd veel bestanden geïmporteerd" in response.content.decode()
    assert import_limit().count(f"user:{members['facilitator'].pk}") == 3


# Password reset --------------------------------------------------------------------------------


def test_password_resets_past_the_limit_get_the_same_refusal_for_any_address(client, settings):
    settings.PASSWORD_RESETS_PER_HOUR = 2
    url = reverse("accounts:password_reset")
    for email in ("a@example.nl", "b@example.nl"):
        assert client.post(url, {"email": email}).status_code == 302
    answers = [client.post(url, {"email": e}) for e in ("a@example.nl", "niemand@example.nl")]
    assert [a.status_code for a in answers] == [429, 429]
    assert "Er zijn vanaf dit adres veel links gevraagd" in answers[0].content.decode()
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.post(url, {"email": "a@example.nl"}).status_code == 302
