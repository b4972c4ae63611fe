"""Accounts: password reset without user enumeration, the language preference applied after
login on any device, and signing out every other session."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kpiplanner.accounts.models import Profile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"


@pytest.fixture
def known(db):
    return UserFactory(username="ria", email="ria@example.nl")


def ask_reset(client, email):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(RESET, {"email": email})
    return response, queries


def test_reset_answers_known_and_unknown_addresses_alike(client, known):
    known_answer, _queries = ask_reset(client, "ria@example.nl")
    assert len(mail.outbox) == 1
    unknown_answer, _queries = ask_reset(client, "niemand@example.nl")
    assert len(mail.outbox) == 1  # nobody to mail
    assert known_answer.status_code == unknown_answer.status_code == 302
    assert known_answer.url == unknown_answer.url == reverse("accounts:password_reset_done")
    assert known_answer.content == unknown_answer.content
    assert "Kijk in je mail" in client.get(known_answer.url).content.decode()


def test_the_web_request_does_the_same_work_for_any_address(client, known, settings):
    """The look-up and the mail happen in the task: on the queue, the request only adds it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    _answer, known_queries = ask_reset(client, "ria@example.nl")
    _answer, unknown_queries = ask_reset(client, "niemand@example.nl")
    assert [q["sql"] for q in known_queries] == [q["sql"] for q in unknown_queries]
    assert not any("auth_user" in q["sql"] for q in known_queries)
    assert mail.outbox == []


def test_the_reset_link_sets_a_new_password_and_works_once(client, known):
    Profile.objects.create(user=known, language="en")
    client.post(RESET, {"email": "RIA@example.nl"})
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "A new password for KPI Planner"  # her language
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    new = "Nieuw-lang-wachtwoord"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    known.refresh_from_db()
    assert known.check_password(new)
    again = client.get(link, follow=True)
    assert "data-reset-invalid" in again.content.decode()


def test_a_bad_address_is_refused_in_dutch_with_the_text_kept(client):
    response = client.post(RESET, {"email": "geen adres"})
    html = response.content.decode()
    assert response.status_code == 200 and 'value="geen adres"' in html
    assert "geldig e-mailadres" in html


# Language --------------------------------------------------------------------------------------


def test_the_language_switch_keeps_a_signed_in_persons_choice(client, known):
    client.force_login(known)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert Profile.objects.get(user=known).language == "en"


def test_an_anonymous_switch_stores_nothing(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert not Profile.objects.exists()


def test_the_chosen_language_follows_the_person_to_another_device(known):
    laptop = Client()
    laptop.force_login(known)
    laptop.post("/accounts/language/", {"language": "en"})
    phone = Client()  # no cookie of its own yet: Dutch
    assert 'lang="nl"' in phone.get(reverse("accounts:login")).content.decode()
    response = phone.post(
        reverse("accounts:login"), {"username": "ria", "password": "secret-pass-123"}
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert 'lang="en"' in phone.get("/").content.decode()


def test_without_a_choice_login_leaves_the_language_alone(client, known):
    response = client.post(
        reverse("accounts:login"), {"username": "ria", "password": "secret-pass-123"}
    )
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_account_page_refuses_an_unknown_language(client, known):
    client.force_login(known)
    response = client.post("/accounts/language/", {"language": "xx"}, follow=True)
    assert "Kies een van de talen." in response.content.decode()
    assert not Profile.objects.exists()


def test_the_account_page_needs_a_login(client):
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


# Other sessions --------------------------------------------------------------------------------


def login(username="ria"):
    device = Client()
    response = device.post(
        reverse("accounts:login"), {"username": username, "password": "secret-pass-123"}
    )
    assert response.status_code == 302
    return device


def test_signing_out_everywhere_else_ends_the_other_sessions_only(known):
    other_person = UserFactory(username="bas")
    here, laptop, phone, bas = login(), login(), login(), login("bas")
    response = here.post(reverse("accounts:sign_out_others"), {"password": "secret-pass-123"})
    assert response.status_code == 302
    assert here.get(reverse("accounts:account")).status_code == 200
    for device in (laptop, phone):
        gone = device.get(reverse("accounts:account"))
        assert gone.status_code == 302 and gone.url.startswith("/accounts/login/")
    assert bas.get(reverse("accounts:account")).status_code == 200
    known.refresh_from_db()
    assert known.check_password("secret-pass-123")  # the same password, newly salted
    assert other_person.check_password("secret-pass-123")


def test_signing_out_elsewhere_asks_for_the_password(known):
    here, laptop = login(), login()
    response = here.post(reverse("accounts:sign_out_others"), {"password": "fout"})
    assert response.status_code == 200
    assert "Dit is niet je wachtwoord." in response.content.decode()
    assert laptop.get(reverse("accounts:account")).status_code == 200


def test_signing_out_elsewhere_is_in_the_security_log(known, caplog):
    here = login()
    with caplog.at_level("INFO", logger="security"):
        here.post(reverse("accounts:sign_out_others"), {"password": "secret-pass-123"})
    assert any(
        "event=sessions_revoked" in r.message and "user=ria" in r.message for r in caplog.records
    )
