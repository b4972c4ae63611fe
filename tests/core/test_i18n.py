"""Dutch by default; English on request; the chosen language sticks."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_dutch_is_the_default_even_for_an_english_browser(client, members, strategy):
    client.force_login(members["facilitator"])
    response = client.get(reverse("dashboard"), headers={"accept-language": "en-US,en"})
    assert response.headers["Content-Language"] == "nl"
    assert "Strategieën" in response.content.decode()


def test_switching_to_english_sticks(client, members, strategy):
    client.force_login(members["facilitator"])
    response = client.post(
        reverse("set_language"), {"language": "en", "next": strategy.get_absolute_url()}
    )
    assert response.url == strategy.get_absolute_url()
    page = client.get(strategy.get_absolute_url())
    assert page.headers["Content-Language"] == "en"
    assert "Strategies" in page.content.decode()


def test_unknown_language_cookie_falls_back_to_dutch(client, members):
    client.force_login(members["viewer"])
    client.cookies["django_language"] = "xx"
    assert client.get(reverse("dashboard")).headers["Content-Language"] == "nl"


def test_healthz_answers_ok(client):
    response = client.get(reverse("healthz"))
    assert response.content == b"ok"
