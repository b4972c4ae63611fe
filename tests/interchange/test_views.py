"""Downloads of a version (JSON, CSV) and the import page: permissions, htmx, bad input."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from goals.models import Strategy
from indicators.models import Kpi
from kpiplanner.reviews.services import kpi_set_approve
from tests.conftest import ROLES, build_tree
from tests.factories import StrategyFactory, UserFactory

from .conftest import SCRIPT, export, file_bytes, first_kpi

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
DOWNLOADS = ["interchange:version_json", "interchange:version_csv"]


def download_url(name, version, number=None):
    return reverse(name, args=[version.strategy_id, number or version.number])


def upload(data: dict | bytes, name="kpi-set.json"):
    raw = data if isinstance(data, bytes) else file_bytes(data)
    return SimpleUploadedFile(name, raw, content_type="application/json")


# --- downloads ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", DOWNLOADS)
@pytest.mark.parametrize("role", ROLES)
def test_every_member_may_download(client, varied, members, name, role):
    client.force_login(members[role])
    response = client.get(download_url(name, varied))
    assert response.status_code == 200
    extension = name.rsplit("_", 1)[1]
    assert response["Content-Disposition"] == (
        f'attachment; filename="klanten-behouden-20262028-v1.{extension}"'
    )


@pytest.mark.parametrize("name", DOWNLOADS)
def test_another_organisation_gets_404(client, varied, outsider, name):
    client.force_login(outsider)
    assert client.get(download_url(name, varied)).status_code == 404


@pytest.mark.parametrize("name", DOWNLOADS)
def test_anonymous_is_sent_to_login(client, varied, name):
    url = download_url(name, varied)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("name", DOWNLOADS)
@pytest.mark.parametrize("number", [2, 0, 10**30])
def test_missing_version_gets_404(client, varied, members, name, number):
    client.force_login(members["viewer"])
    url = reverse(name, args=[varied.strategy_id, number])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", DOWNLOADS)
def test_version_number_of_another_strategy_gets_404(client, varied, members, name):
    """A strategy of the member's own organisation without versions: its 'v1' does not exist."""
    other = StrategyFactory(organisation=varied.strategy.organisation)
    client.force_login(members["viewer"])
    assert client.get(reverse(name, args=[other.pk, 1])).status_code == 404


@pytest.mark.parametrize("name", DOWNLOADS)
def test_htmx_request_gets_the_same_file(client, varied, members, name):
    client.force_login(members["viewer"])
    plain = client.get(download_url(name, varied))
    htmx = client.get(download_url(name, varied), **HTMX)
    assert htmx.status_code == 200
    assert htmx["Content-Disposition"] == plain["Content-Disposition"]


@pytest.mark.parametrize("name", DOWNLOADS)
def test_post_is_not_allowed(client, varied, members, name):
    client.force_login(members["admin"])
    assert client.post(download_url(name, varied)).status_code == 405


def test_json_download_is_utf8_and_imports_back(client, varied, members, other_organisation):
    client.force_login(members["viewer"])
    response = client.get(download_url("interchange:version_json", varied))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    text = response.content.decode("utf-8")
    assert "Zoë’s" in text  # written as is, not as \u escapes
    data = json.loads(text)
    assert data["format"] == "kpiplanner/kpi-set" and data["version"]["number"] == 1


def test_csv_follows_the_page_language_or_lang(client, varied, members):
    client.force_login(members["viewer"])
    url = download_url("interchange:version_csv", varied)
    dutch = client.get(url).content.decode("utf-8")
    assert dutch.startswith("\ufeffDoel;")
    english = client.get(url, {"lang": "en"}).content.decode("utf-8")
    assert english.startswith("\ufeffGoal,")
    client.cookies["django_language"] = "en"
    assert client.get(url).content.decode("utf-8").startswith("\ufeffGoal,")


@pytest.mark.parametrize("lang", ["xx", "", "nl'--", "e" * 500])
def test_csv_with_an_unknown_lang_uses_the_page_language(client, varied, members, lang):
    client.force_login(members["viewer"])
    response = client.get(download_url("interchange:version_csv", varied), {"lang": lang})
    assert response.status_code == 200
    assert response.content.decode("utf-8").startswith("\ufeffDoel;")


@pytest.mark.parametrize("name", DOWNLOADS)
def test_download_query_count_does_not_grow_with_the_set(
    client, organisation, members, django_assert_num_queries, name
):
    counts = []
    for size in (3, 30):
        strategy = build_tree(StrategyFactory(organisation=organisation), kpis=size)
        owners = UserFactory.create_batch(3)
        for index, kpi in enumerate(Kpi.objects.filter(csf__goal__strategy=strategy)):
            kpi.status = "approved"
            kpi.owner = owners[index % 3]
            kpi.save()
        version = kpi_set_approve(strategy=strategy, approver=members["manager"])
        client.force_login(members["viewer"])
        # session, user, memberships, strategy, version (+ owners' usernames for JSON)
        with django_assert_num_queries(6 if name.endswith("json") else 5) as queries:
            response = client.get(download_url(name, version))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- the import page ----------------------------------------------------------------------

IMPORT = reverse("interchange:import")


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("facilitator", 200), ("manager", 403), ("participant", 403), ("viewer", 403)],
)
def test_import_page_is_for_editors(client, members, role, status):
    client.force_login(members[role])
    assert client.get(IMPORT).status_code == status
    assert client.get(IMPORT, **HTMX).status_code == status


@pytest.mark.parametrize("role", ["manager", "participant", "viewer"])
def test_other_roles_cannot_post_a_file(client, varied, members, role):
    client.force_login(members[role])
    before = Strategy.objects.count()
    response = client.post(IMPORT, {"file": upload(export(varied))})
    assert response.status_code == 403
    assert Strategy.objects.count() == before


def test_anonymous_is_sent_to_login_and_nothing_is_imported(client, varied):
    before = Strategy.objects.count()
    response = client.post(IMPORT, {"file": upload(export(varied))})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert client.get(IMPORT).status_code == 302
    assert Strategy.objects.count() == before


def test_a_user_without_organisation_gets_403(client):
    client.force_login(UserFactory())
    assert client.get(IMPORT).status_code == 403


def test_page_says_where_the_set_goes_and_that_kpis_become_drafts(client, members):
    client.force_login(members["facilitator"])
    html = client.get(IMPORT).content.decode()
    assert "Energie Noord" in html
    assert "Elke KPI komt binnen als concept" in html
    assert 'enctype="multipart/form-data"' in html
    assert f'action="{IMPORT}"' in html and f'hx-post="{IMPORT}"' in html


def test_plain_upload_redirects_to_the_new_strategy(client, varied, members):
    client.force_login(members["facilitator"])
    response = client.post(IMPORT, {"file": upload(export(varied))})
    new = Strategy.objects.exclude(pk=varied.strategy_id).get()
    assert new.organisation == varied.strategy.organisation
    assert response.status_code == 302
    assert response["Location"] == new.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "is geïmporteerd: 4 doelen, 3 kritieke succesfactoren, 4 KPI&#x27;s." in page
    assert "Het bestand bevat versie 1 van een KPI-set van Energie Noord." in page


def test_htmx_upload_redirects_the_browser(client, varied, members):
    client.force_login(members["admin"])
    response = client.post(IMPORT, {"file": upload(export(varied))}, **HTMX)
    new = Strategy.objects.exclude(pk=varied.strategy_id).get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == new.get_absolute_url()


def test_editor_of_another_organisation_imports_into_their_own(
    client, varied, outsider, other_organisation, organisation
):
    client.force_login(outsider)
    data = {"file": upload(export(varied)), "organisation": organisation.pk}
    response = client.post(IMPORT, data)
    new = Strategy.objects.exclude(pk=varied.strategy_id).get()
    assert new.organisation == other_organisation  # the forged field is ignored
    assert response["Location"] == new.get_absolute_url()


def test_import_goes_to_the_organisation_worked_in(client, varied, members, other_organisation):
    """An admin in two organisations who switched to the other one imports there."""
    admin = members["admin"]
    other_organisation.memberships.create(user=admin, role="facilitator")
    client.force_login(admin)
    client.post(reverse("accounts:switch_organisation"), {"organisation": other_organisation.pk})
    client.post(IMPORT, {"file": upload(export(varied))})
    assert Strategy.objects.filter(organisation=other_organisation).count() == 1


def test_owner_not_found_is_reported_after_the_import(client, varied, outsider):
    client.force_login(outsider)
    response = client.post(IMPORT, {"file": upload(export(varied))}, follow=True)
    html = response.content.decode()
    assert "Eigenaren “Pieter Jansen”" not in html  # he is a member of both
    assert "is geen lid van Concurrent BV, dus die KPI heeft nog geen eigenaar." in html


def test_refused_file_lists_the_problems_and_keeps_nothing(client, varied, members):
    data = export(varied)
    first_kpi(data)["target_date"] = "31-03-2027"
    client.force_login(members["facilitator"])
    before = Strategy.objects.count()
    response = client.post(IMPORT, {"file": upload(data)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit bestand is niet geïmporteerd; er is niets veranderd." in html
    assert "Doel 1, KSF 1, KPI 1: streefdatum (target_date) is geen datum" in html
    assert "<html" in html
    assert Strategy.objects.count() == before


def test_refused_file_over_htmx_redraws_only_the_problems_and_keeps_the_chosen_file(
    client, members
):
    client.force_login(members["facilitator"])
    response = client.post(IMPORT, {"file": upload(b"not json", name="mijn set.json")}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    # The form (and its file field, with the file still chosen) is not replaced.
    assert "<form" not in html and 'type="file"' not in html
    assert "HX-Retarget" not in response
    assert "Het bestand is geen geldige JSON" in html
    assert "(mijn set.json)" in html
    assert response["Vary"].count("HX-Request") == 1


def test_form_error_over_htmx_redraws_the_whole_form(client, members):
    client.force_login(members["facilitator"])
    response = client.post(IMPORT, {}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="import-form"')
    assert "Dit veld is verplicht." in html
    assert response["HX-Retarget"] == "#import-form"
    assert response["HX-Reswap"] == "outerHTML"


def test_the_import_form_swaps_its_feedback_area(client, members):
    client.force_login(members["facilitator"])
    html = client.get(IMPORT).content.decode()
    assert 'hx-target="#import-feedback"' in html
    assert '<div id="import-feedback" aria-live="polite">' in html


def test_hostile_text_in_a_refused_file_is_shown_escaped(client, varied, members):
    data = export(varied)
    data["format"] = "<script>alert(1)</script>"
    client.force_login(members["facilitator"])
    html = client.post(IMPORT, {"file": upload(data)}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_imported_html_is_shown_as_text_on_the_strategy_page(client, varied, members):
    client.force_login(members["facilitator"])
    response = client.post(IMPORT, {"file": upload(export(varied))}, follow=True)
    html = response.content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;vet&lt;/b&gt;" in html
    assert SCRIPT not in html


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({}, "Dit veld is verplicht."),
        ({"file": upload(b"", name="leeg.json")}, "Het verstuurde bestand is leeg."),
    ],
)
def test_missing_or_empty_file_gets_a_form_error(client, members, files, expected):
    client.force_login(members["facilitator"])
    response = client.post(IMPORT, files)
    assert response.status_code == 200
    assert expected in response.content.decode()


@override_settings(INTERCHANGE_MAX_FILE_BYTES=2048)
def test_file_over_the_cap_gets_a_form_error(client, varied, members):
    client.force_login(members["facilitator"])
    before = Strategy.objects.count()
    response = client.post(IMPORT, {"file": upload(export(varied))})
    html = response.content.decode()
    assert "je kunt hoogstens 2,0\xa0KB importeren." in html
    assert Strategy.objects.count() == before


@override_settings(INTERCHANGE_MAX_FILE_BYTES=2048)
def test_file_far_over_the_cap_is_refused_with_its_real_size(client, members):
    client.force_login(members["facilitator"])
    big = b'{"format": "' + b"x" * (300 * 1024) + b'"}'
    html = client.post(IMPORT, {"file": upload(big)}).content.decode()
    assert "Het bestand is 300,0\xa0KB; je kunt hoogstens 2,0\xa0KB importeren." in html


def test_dashboard_shows_the_import_button_to_editors_only(client, members):
    for role in ROLES:
        client.force_login(members[role])
        html = client.get(reverse("dashboard")).content.decode()
        assert (f'href="{IMPORT}"' in html) is (role in {"admin", "facilitator"}), role


@pytest.mark.parametrize(
    "raw",
    [
        b'{"format": "\\ud800\\u0000<b>"}',
        b'{"\\udfff": 1, "\\udfff": 2}',
        b'{"format": "kpiplanner/kpi-set", "schema": 1, "strategy": {}, "goals": '
        b'[{"id": "\\ud83d", "perspective": "\\udc00"}]}',
    ],
)
def test_broken_unicode_in_a_quoted_value_is_shown_not_a_500(client, members, raw):
    client.force_login(members["facilitator"])
    response = client.post(IMPORT, {"file": upload(raw)})
    assert response.status_code == 200
    assert "Dit bestand is niet geïmporteerd" in response.content.decode()


@pytest.mark.parametrize("name", DOWNLOADS)
def test_downloads_are_not_kept_in_a_browser_cache(client, members, varied, name):
    client.force_login(members["viewer"])
    response = client.get(download_url(name, varied))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
