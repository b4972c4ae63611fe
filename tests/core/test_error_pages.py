"""Error pages speak the user's language and lead back into the app; Django's own texts say "je"."""

import pytest
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["Pagina niet gevonden", "hoort bij een organisatie waar je geen lid van bent"]),
        ("en", ["Page not found", "belongs to an organisation you are not a member of"]),
    ],
)
def test_not_found_is_a_page_of_the_app_in_the_users_language(client, members, language, expected):
    client.force_login(members["facilitator"])
    client.cookies["django_language"] = language
    response = client.get("/strategies/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    html = response.content.decode()
    assert all(text in html for text in expected)
    assert f'<html lang="{language}">' in html
    assert f'href="{reverse("dashboard")}"' in html  # a way back
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html  # no CDN, our own look


def test_another_organisations_object_looks_the_same_as_a_missing_one(client, members, outsider):
    from tests.factories import StrategyFactory

    foreign = StrategyFactory(organisation=outsider.memberships.get().organisation)
    client.force_login(members["facilitator"])
    html = client.get(foreign.get_absolute_url()).content.decode()
    assert "Pagina niet gevonden" in html and foreign.name not in html


def test_not_allowed_explains_the_role(client, members):
    client.force_login(members["viewer"])
    response = client.get(reverse("interchange:import"))
    assert response.status_code == 403
    assert "Je rol in deze organisatie staat dit niet toe." in response.content.decode()
    english(client)
    assert "Your role in this organisation does not allow this." in (
        client.get(reverse("interchange:import")).content.decode()
    )


def test_an_expired_form_says_nothing_was_saved_and_how_to_go_on(members):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Het formulier is verlopen" in html and "Er is niets opgeslagen" in html
    assert "cookie" in html  # no CSRF cookie was sent: say so
    assert "CSRF" not in html  # the user is not told a technical term


@pytest.mark.parametrize(
    ("view", "language", "expected"),
    [
        (defaults.server_error, "nl", "De fout ligt bij ons, niet bij jou."),
        (defaults.server_error, "en", "The error is on our side, not yours."),
        (defaults.bad_request, "nl", "Verzoek niet begrepen"),
    ],
)
def test_server_error_and_bad_request_pages_need_no_request_context(view, language, expected):
    request = RequestFactory().get("/")
    with translation.override(language):
        response = view(request) if view is defaults.server_error else view(request, None)
    assert expected in response.content.decode()


def test_password_texts_say_je_not_u(members):
    with translation.override("nl"):
        texts = " ".join(str(text) for text in password_validators_help_texts())
        form = PasswordChangeForm(
            members["facilitator"],
            {"old_password": "wrong", "new_password1": "a", "new_password2": "a"},
        )
        form.is_valid()
        errors = " ".join(form.errors["old_password"])
    assert "Je wachtwoord" in texts and "Uw " not in texts
    assert errors == "Je oude wachtwoord klopt niet. Vul het opnieuw in."
