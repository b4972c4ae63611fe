"""Downloading the PDF handbook: who may, in which language, and what a too-large set gets."""

import gc

import pytest
from django.test import override_settings
from django.urls import reverse

from kpiplanner.reports import views
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
    assert 'filename="kpi-handbook-klanten-behouden-v1-nl.pdf"' in disposition
    assert "private" in response["Cache-Control"]


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
    assert response["Content-Disposition"].endswith(f'-{expected}.pdf"')
    assert f'<html lang="{expected}">' in fake_render[0]


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
    # session, user, memberships, strategy, version, measurements, stored copy; the first time
    # also: mark the rendering (expired marks deleted, savepoint, insert, release), look for a
    # copy stored meanwhile, update the stored copy (none yet: savepoint, insert, release), unmark
    with django_assert_num_queries(17):
        response = client.get(url(version, lang="nl"))
    assert response.status_code == 200
    with django_assert_num_queries(7):
        again = client.get(url(version, lang="nl"))
    assert again.content == response.content
    assert len(fake_render) == 1


# The garbage a rendering leaves is collected after the response has gone out


@pytest.fixture
def collector_events(monkeypatch):
    """What happens to the collector: ("sent", enabled?) when the server closes the response,
    "collect" for every full collection."""
    events = []
    collect, close = gc.collect, views.ResponseThenCollect.close

    def recording_collect(*args):
        events.append("collect")
        return collect(*args)

    def recording_close(self):
        events.append(("sent", gc.isenabled()))
        close(self)

    monkeypatch.setattr(gc, "collect", recording_collect)
    monkeypatch.setattr(views.ResponseThenCollect, "close", recording_close)
    return events


def test_a_rendering_is_collected_only_after_its_response_is_sent(
    client, members, sample_version, collector_events
):
    client.force_login(members["viewer"])
    response = client.get(url(sample_version, lang="nl"))  # rendered now
    assert response.content.startswith(b"%PDF")
    assert collector_events == [("sent", False), "collect"]
    assert gc.isenabled()
    collector_events.clear()
    assert client.get(url(sample_version, lang="nl")).content == response.content  # stored
    assert collector_events == [("sent", False)]  # nothing rendered, nothing to collect
    assert gc.isenabled()


@override_settings(REPORT_MAX_KPIS=3)
def test_a_refused_or_failed_download_ends_the_pause_at_once(
    client, members, sample_version, collector_events, monkeypatch
):
    client.force_login(members["viewer"])
    assert client.get(url(sample_version)).status_code == 413
    assert gc.isenabled()

    def broken(version, *, lang):
        raise RuntimeError("font trouble")

    monkeypatch.setattr(views, "handbook_pdf", broken)
    client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        client.get(url(sample_version))
    assert gc.isenabled()
    assert collector_events == []


def test_a_response_dropped_without_being_sent_still_ends_the_pause():
    response = views.ResponseThenCollect(b"%PDF", end_pause=views.pause_cyclic_collector())
    assert not gc.isenabled()
    del response
    assert gc.isenabled()
