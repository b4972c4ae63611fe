"""The member's own token page: make (shown once), list, revoke; any role, own tokens only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kpiplanner.accounts.models import Role
from kpiplanner.api.models import ApiToken, digest
from kpiplanner.api.services import token_create
from kpiplanner.api.views import MAX_ACTIVE_TOKENS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/accounts/tokens/"
HTMX = {"HX-Request": "true"}


def test_anonymous_visitors_are_sent_to_login(client, members):
    token, _ = token_create(membership=members["admin"].memberships.get(), name="x")
    login = reverse("accounts:login")
    for response in (
        client.get(URL),
        client.post(URL, {"name": "x"}),
        client.post(f"{URL}{token.pk}/revoke/"),
    ):
        assert response.status_code == 302 and response.url.startswith(login)
    assert ApiToken.objects.count() == 1 and ApiToken.objects.get().is_active


@pytest.mark.parametrize("role", [r.value for r in Role])
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_every_member_makes_a_token_shown_once_and_stored_hashed(client, members, role, htmx):
    client.force_login(members[role])
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"name": "Power BI"}, headers=HTMX if htmx else {})
    assert response.status_code == 201
    token = ApiToken.objects.get(membership__user=members[role])
    html = response.content.decode()
    secret = re.search(r'value="(kpi_[^"]+)" data-token-secret', html).group(1)
    assert secret.startswith(token.prefix) and len(secret) > 40
    assert token.secret_hash == digest(secret)
    assert ApiToken.objects.filter(secret_hash=secret).count() == 0  # never stored as is
    assert ("<html" in html) is not htmx  # htmx gets the panel only
    assert token.membership.role == role
    later = client.get(URL).content.decode()
    assert token.prefix in later and secret not in later


def test_the_page_lists_only_ones_own_tokens(client, members):
    token_create(membership=members["admin"].memberships.get(), name="Van de beheerder")
    client.force_login(members["viewer"])
    html = client.get(URL).content.decode()
    assert "Van de beheerder" not in html


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_member_revokes_their_token(client, members, htmx):
    token, _ = token_create(membership=members["viewer"].memberships.get(), name="Oud")
    client.force_login(members["viewer"])
    response = client.post(f"{URL}{token.pk}/revoke/", headers=HTMX if htmx else {})
    token.refresh_from_db()
    assert not token.is_active
    if htmx:
        assert response.status_code == 200
        assert 'data-token-state="revoked"' in response.content.decode()
    else:
        assert response.status_code == 302 and response.url == URL
        assert "ingetrokken" in client.get(URL).content.decode()


def test_someone_elses_token_is_404(client, members, outsider):
    mine, _ = token_create(membership=members["admin"].memberships.get(), name="Van mij")
    theirs, _ = token_create(membership=outsider.memberships.get(), name="Van een ander")
    client.force_login(members["facilitator"])
    for token in (mine, theirs):
        assert client.post(f"{URL}{token.pk}/revoke/").status_code == 404
        token.refresh_from_db()
        assert token.is_active
    assert client.post(f"{URL}999999/revoke/").status_code == 404
    assert client.get(f"{URL}{mine.pk}/revoke/").status_code == 405


@pytest.mark.parametrize(
    "name",
    ["", "   ", "x" * 101, "Klantverloop " * 7700, "tekst\x00met een nul"],
    ids=["empty", "blank", "101", "100 kB", "NUL"],
)
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_bad_name_is_refused_with_the_text_kept(client, members, name, htmx):
    client.force_login(members["admin"])
    response = client.post(URL, {"name": name}, headers=HTMX if htmx else {})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_odd_unicode_in_a_name_is_kept(client, members):
    client.force_login(members["admin"])
    name = "\u202eKPI\u200b 😀 é\u0301 אב"
    assert client.post(URL, {"name": name}).status_code == 201
    assert ApiToken.objects.get().name == name


def test_a_member_with_many_tokens_revokes_one_first(client, members):
    membership = members["admin"].memberships.get()
    for number in range(MAX_ACTIVE_TOKENS):
        token_create(membership=membership, name=f"Script {number}")
    client.force_login(members["admin"])
    response = client.post(URL, {"name": "Nog een"})
    assert "trek eerst een token in" in response.content.decode()
    assert ApiToken.objects.count() == MAX_ACTIVE_TOKENS


def test_a_user_without_an_organisation_sees_why_and_cannot_make_one(client):
    client.force_login(UserFactory(username="los"))
    assert "geen lid van een organisatie" in client.get(URL).content.decode()
    assert client.post(URL, {"name": "x"}).status_code == 404


def test_the_page_speaks_english_when_chosen(client, members):
    client.force_login(members["admin"])
    client.cookies["django_language"] = "en"
    html = client.get(URL).content.decode()
    assert "Your API tokens" in html and "Create token" in html
    response = client.post(URL, {"name": "Power BI"})
    assert "Token “Power BI” created." in response.content.decode()


def test_the_dutch_page_keeps_its_wording(client, members):
    client.force_login(members["admin"])
    html = client.post(URL, {"name": "Power BI"}).content.decode()
    assert "Een token maken" in html and "Token maken" in html
    assert "Token “Power BI” is gemaakt." in html


def test_the_list_takes_the_same_queries_at_any_size(client, members):
    membership = members["admin"].memberships.get()
    client.force_login(members["admin"])
    counts = []
    for size in (1, 10):
        while ApiToken.objects.count() < size:
            token_create(membership=membership, name="Script")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_page_leads_back_to_the_account_page_it_is_opened_from(client, members):
    client.force_login(members["viewer"])
    html = client.get(URL).content.decode()
    assert f'<a href="{reverse("accounts:account")}" data-account-link>Je account</a>' in html
