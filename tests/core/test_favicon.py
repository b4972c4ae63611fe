"""The app has its own icon: linked from every page, and at /favicon.ico for the rest."""

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

pytestmark = pytest.mark.django_db

ICON = f'<link rel="icon" href="{static("img/favicon.svg")}" type="image/svg+xml">'


def test_the_icon_is_a_static_svg():
    path = finders.find("img/favicon.svg")
    assert path
    with open(path, encoding="utf-8") as handle:
        assert handle.read().lstrip().startswith("<svg")


def test_pages_and_error_pages_link_the_icon(client, members):
    assert ICON in client.get(reverse("accounts:login")).content.decode()
    client.force_login(members["viewer"])
    assert ICON in client.get(reverse("dashboard")).content.decode()
    assert ICON in client.get("/no-such-page/").content.decode()  # the 404 page


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url == static("img/favicon.svg")
