"""Downloading the PDF handbook: who may, in which language, and what a too-large set gets."""

import pytest
from django.test import override_settings
from django.urls import reverse

from kpiplanner.reports import views
from kpiplanner.reports.models import StoredHandbook
from kpiplanner.reports.tasks import render_handbook_task
from tests.conftest import ROLES
from tests.factories import StrategyFactory
from tests.reports.conftest import FAKE_PDF, approved_version, pdf_text

pytestmark = pytest.mark.django_db


def url(version, **params):
    path = reverse("reports:version_pdf", args=[version.strategy_id, version.number])
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{path}?{query}" if query else path


@pytest.mark.parametrize("role", ROLES)
def test_every_role_of_the_organisation_downloads_the_pdf(
    client, members, sample_version, fake_render, role
):
    client.force_login(members[role])
    response = client.get(url(sample_version, lang="nl"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == FAKE_PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="kpi-handboek-klanten-behouden-versie-1.pdf"' in disposition
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_the_file_name_is_in_the_handbooks_language(client, members, sample_version, fake_render):
    client.force_login(members["manager"])
    client.cookies["django_language"] = "en"
    response = client.get(url(sample_version))
    assert (
        'filename="kpi-handbook-klanten-behouden-version-1.pdf"' in response["Content-Disposition"]
    )
    response = client.get(url(sample_version, lang="nl"))
    assert (
        'filename="kpi-handboek-klanten-behouden-versie-1.pdf"' in response["Content-Disposition"]
    )


def test_the_real_pdf_comes_through_the_view(client, members, sample_version):
    client.force_login(members["viewer"])
    response = client.get(url(sample_version, lang="en"))
    assert response.content.startswith(b"%PDF")
    assert "Gemiddelde oplostijd" in pdf_text(response.content)
    assert response["Content-Language"] == "en"


def test_another_organisation_gets_404(client, outsider, sample_version, fake_render):
    client.force_login(outsider)
    assert client.get(url(sample_version)).status_code == 404
    assert fake_render == []


def test_anonymous_is_sent_to_login(client, sample_version, fake_render):
    response = client.get(url(sample_version))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_missing_version_and_foreign_strategy_are_404(
    client, members, sample_version, other_organisation, fake_render
):
    client.force_login(members["manager"])
    missing = reverse("reports:version_pdf", args=[sample_version.strategy_id, 2])
    assert client.get(missing).status_code == 404
    foreign = StrategyFactory(organisation=other_organisation)
    assert client.get(reverse("reports:version_pdf", args=[foreign.pk, 1])).status_code == 404
    assert client.get(f"/reports/{sample_version.strategy_id}/versions/x/pdf/").status_code == 404
    assert client.get("/reports/not-a-uuid/versions/1/pdf/").status_code == 404


def test_post_is_not_allowed(client, members, sample_version):
    client.force_login(members["admin"])
    assert client.post(url(sample_version)).status_code == 405


def test_htmx_request_gets_the_same_file(client, members, sample_version, fake_render):
    client.force_login(members["viewer"])
    response = client.get(url(sample_version), headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.content == FAKE_PDF


@pytest.mark.parametrize(
    ("query", "cookie", "expected"),
    [
        ({"lang": "en"}, None, "en"),
        ({"lang": "nl"}, "en", "nl"),
        ({}, None, "nl"),  # Dutch is the default UI language
        ({}, "en", "en"),  # the language the member works in
        ({"lang": "fr"}, "en", "en"),  # unknown: the UI language, no error
        ({"lang": "x" * 5000}, None, "nl"),
    ],
)
def test_language_is_the_one_asked_for_else_the_ui_language(
    client, members, sample_version, fake_render, query, cookie, expected
):
    client.force_login(members["viewer"])
    if cookie:
        client.cookies["django_language"] = cookie
    response = client.get(url(sample_version, **query))
    assert response["Content-Language"] == expected
    word = {"nl": "kpi-handboek-", "en": "kpi-handbook-"}[expected]
    assert f'filename="{word}' in response["Content-Disposition"]
    assert fake_render[0]["lang"] == expected


@override_settings(REPORT_MAX_KPIS=3)
def test_too_large_a_version_gets_a_clear_page_not_an_error(
    client, members, sample_version, fake_render
):
    client.force_login(members["viewer"])
    response = client.get(url(sample_version, lang="nl"))
    assert response.status_code == 413
    html = response.content.decode()
    assert "Te groot voor een pdf" in html
    assert "5 goedgekeurde KPI&#x27;s" in html and "hoogstens 3" in html
    assert reverse("interchange:version_csv", args=[sample_version.strategy_id, 1]) in html
    assert fake_render == []


@pytest.mark.parametrize("size", [3, 12])
def test_download_costs_the_same_queries_at_any_size(
    client, members, strategy, fake_render, django_assert_num_queries, size
):
    version = approved_version(strategy, members["manager"], kpis=size)
    client.force_login(members["viewer"])
    # session, user, memberships, strategy, version, measurements, kept copy; the first time
    # also: update the kept copy (none yet: savepoint, insert, release)
    with django_assert_num_queries(11):
        response = client.get(url(version, lang="nl"))
    assert response.status_code == 200
    with django_assert_num_queries(7):
        again = client.get(url(version, lang="nl"))
    assert again.content == response.content
    assert len(fake_render) == 1


# A large set: prepared by a worker while the page says so


def status_url(version, **params):
    path = reverse("reports:version_pdf_status", args=[version.strategy_id, version.number])
    return path + "?" + "&".join(f"{key}={value}" for key, value in params.items())


@pytest.fixture
def queued(monkeypatch):
    """Tasks that the download queued, left unrun (as a busy worker would)."""
    seen = []
    monkeypatch.setattr(
        views, "queue_rendering", lambda version, lang: seen.append((version.pk, lang))
    )
    return seen


@override_settings(REPORT_BACKGROUND_KPIS=4)
def test_a_large_set_is_prepared_by_a_worker_and_the_page_says_so(
    client, members, sample_version, fake_render, queued
):
    client.force_login(members["viewer"])
    response = client.get(url(sample_version, lang="en"))
    assert response.status_code == 202
    assert response["Content-Location"] == status_url(sample_version, lang="en")  # for the JS
    html = response.content.decode()
    assert "Je handboek wordt gemaakt" in html  # the page in the member's language
    assert f'hx-get="{status_url(sample_version, lang="en")}"' in html  # htmx polls
    assert f'href="{status_url(sample_version, lang="en")}"' in html  # without JS: a link
    assert queued == [(sample_version.pk, "en")] and fake_render == []


@override_settings(REPORT_BACKGROUND_KPIS=4)
def test_the_status_says_ready_once_the_worker_kept_the_file_and_the_download_serves_it(
    client, members, sample_version, fake_render, queued, django_assert_max_num_queries
):
    client.force_login(members["viewer"])
    client.get(url(sample_version, lang="nl"))
    polled = client.get(status_url(sample_version, lang="nl"), headers={"HX-Request": "true"})
    assert polled.status_code == 200 and "hx-get" in polled.content.decode()
    assert "<html" not in polled.content.decode()  # only the status block
    render_handbook_task.call(sample_version.pk, "nl")  # the worker
    with django_assert_max_num_queries(8):  # cheap: never renders, never reads the file
        ready = client.get(status_url(sample_version, lang="nl"), headers={"HX-Request": "true"})
    html = ready.content.decode()
    assert "Je handboek is klaar." in html and "hx-get" not in html
    assert f'href="{url(sample_version, lang="nl")}"' in html
    download = client.get(url(sample_version, lang="nl"))
    assert download.status_code == 200 and download.content == FAKE_PDF
    assert len(fake_render) == 1 and len(queued) == 1


@override_settings(REPORT_BACKGROUND_KPIS=4)
def test_the_status_page_works_without_javascript_and_checks_access(
    client, members, outsider, sample_version, fake_render
):
    client.force_login(members["viewer"])
    page = client.get(status_url(sample_version, lang="nl"))
    assert page.status_code == 200 and "<html" in page.content.decode()
    client.force_login(outsider)
    assert client.get(status_url(sample_version, lang="nl")).status_code == 404


@override_settings(REPORT_BACKGROUND_KPIS=4)
def test_with_tasks_run_at_once_the_large_set_is_kept_by_the_time_the_page_shows(
    client, members, sample_version, fake_render
):
    client.force_login(members["viewer"])
    response = client.get(url(sample_version, lang="nl"))
    assert response.status_code == 202
    assert StoredHandbook.objects.filter(version=sample_version, language="nl").exists()
    again = client.get(url(sample_version, lang="nl"))
    assert again.content == FAKE_PDF and len(fake_render) == 1
