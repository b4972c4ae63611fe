"""Accounts: 12-character passwords, idle sessions that end, the admin site for operators only."""

import importlib
import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import clear_url_caches, reverse
from django.utils import translation

from kpiplanner.accounts.models import Membership
from kpiplanner.core.middleware import SEEN_KEY

pytestmark = pytest.mark.django_db


def test_a_password_of_eleven_characters_is_refused_in_dutch(client, members):
    client.force_login(members["viewer"])
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "secret-pass-123",
            "new_password1": "Kort-Ww-26!",
            "new_password2": "Kort-Ww-26!",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit wachtwoord is te kort" in html and "12 tekens" in html


def test_twelve_characters_are_enough():
    validate_password("Twaalf-tekst")
    with pytest.raises(ValidationError):
        validate_password("Elf-tekens!")


def test_a_request_renews_the_session_at_most_once_a_minute(client, members):
    client.force_login(members["viewer"])
    assert client.get(reverse("dashboard")).cookies.get("sessionid") is None  # seen at login
    session = client.session
    session[SEEN_KEY] = int(time.time()) - 61
    session.save()
    response = client.get(reverse("dashboard"))
    assert response.cookies["sessionid"]["max-age"] == 480 * 60
    assert client.session[SEEN_KEY] >= int(time.time()) - 1


def test_a_session_idle_past_its_age_is_over(client, members, settings):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(members["viewer"])
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_an_anonymous_visit_makes_no_session(client):
    response = client.get(reverse("accounts:login"))
    assert "sessionid" not in response.cookies


def test_demo_admins_are_not_staff_or_superusers():
    call_command("seed_demo", "--password", "geheim-wachtwoord", stdout=None)
    admin = Membership.objects.get(user__username="admin", role="admin").user
    assert not admin.is_staff and not admin.is_superuser


def test_the_admin_site_lives_at_the_configured_path(client, settings):
    import kpiplanner.urls

    settings.ADMIN_URL = "beheer-7f3a/"
    try:
        settings.ROOT_URLCONF = importlib.reload(kpiplanner.urls)
        clear_url_caches()
        assert reverse("admin:index") == "/beheer-7f3a/"
        assert client.get("/admin/").status_code == 404
        assert client.get("/beheer-7f3a/").status_code == 302  # to the admin's login
    finally:
        settings.ADMIN_URL = "admin/"
        importlib.reload(kpiplanner.urls)
        clear_url_caches()
    with translation.override("nl"):
        assert reverse("admin:index") == "/admin/"
