"""The handbook store: a rendering is kept and served again only while nothing in it changed."""

import datetime
import gc
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models import QuerySet
from django.db.models.signals import post_save
from django.utils import timezone

from indicators.models import Kpi, Measurement
from kpiplanner.reports import pdf, store
from kpiplanner.reports.models import HandbookRendering, StoredHandbook
from kpiplanner.reviews.services import kpi_set_approve
from tests.factories import (
    CsfFactory,
    GoalFactory,
    KpiFactory,
    MeasurementFactory,
    OrganisationFactory,
    StrategyFactory,
)
from tests.reports.conftest import FAKE_PDF, approved_version, pdf_text

pytestmark = pytest.mark.django_db


def stored(version):
    return {row.language: row for row in StoredHandbook.objects.filter(version=version)}


def test_the_first_download_is_rendered_and_kept_the_next_is_served_from_the_store(
    sample_version, fake_render
):
    first = store.handbook_pdf(sample_version, lang="nl")
    second = store.handbook_pdf(sample_version, lang="nl")
    assert first == second == FAKE_PDF
    assert len(fake_render) == 1
    row = stored(sample_version)["nl"]
    assert bytes(row.pdf) == FAKE_PDF
    assert len(row.fingerprint) == 64
    assert row.render_ms >= 0


def test_each_language_is_kept_apart(sample_version, fake_render):
    store.handbook_pdf(sample_version, lang="nl")
    store.handbook_pdf(sample_version, lang="en")
    store.handbook_pdf(sample_version, lang="en")
    assert len(fake_render) == 2
    assert '<html lang="nl">' in fake_render[0] and '<html lang="en">' in fake_render[1]
    assert set(stored(sample_version)) == {"nl", "en"}


def test_a_new_measurement_gives_a_fresh_rendering_in_place_of_the_old(sample_version, fake_render):
    store.handbook_pdf(sample_version, lang="nl")
    old = stored(sample_version)["nl"].fingerprint
    kpi_id = next(
        kpi["id"]
        for goal in sample_version.snapshot["goals"]
        for csf in goal["csfs"]
        for kpi in csf["kpis"]
        if kpi["name"] == "Gemiddelde oplostijd"
    )
    MeasurementFactory(kpi_id=kpi_id, period=datetime.date(2027, 1, 1), value=Decimal("11.7"))
    store.handbook_pdf(sample_version, lang="nl")
    assert len(fake_render) == 2
    assert "11,7" in fake_render[1] and "11,7" not in fake_render[0]
    assert StoredHandbook.objects.filter(version=sample_version).count() == 1
    assert stored(sample_version)["nl"].fingerprint != old


def test_a_renamed_organisation_gives_a_fresh_rendering(sample_version, fake_render):
    store.handbook_pdf(sample_version, lang="nl")
    organisation = sample_version.strategy.organisation
    organisation.name = "Energie Noord & Zuid"
    organisation.save()
    sample_version.refresh_from_db()
    store.handbook_pdf(sample_version, lang="nl")
    assert len(fake_render) == 2
    assert "Energie Noord &amp; Zuid" in fake_render[1]


def test_a_changed_stylesheet_gives_a_fresh_rendering(sample_version, fake_render, monkeypatch):
    store.handbook_pdf(sample_version, lang="nl")
    monkeypatch.setattr(store, "_file_digest", lambda path: b"another stylesheet")
    store.handbook_pdf(sample_version, lang="nl")
    assert len(fake_render) == 2


def test_the_document_is_dated_the_day_it_was_made_and_a_stored_copy_keeps_its_date(
    sample_version, fake_render, monkeypatch
):
    store.handbook_pdf(sample_version, lang="nl")
    html = fake_render[0]
    assert store.MADE_ON_MARK not in html
    today = datetime.date.today()
    assert f"{today.day} " in html  # "… tot en met 22 november 2026, de dag dat …"
    # The next day nothing changed: yesterday's copy is served, and says when it was made.
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    store.handbook_pdf(sample_version, lang="nl")
    assert len(fake_render) == 1


def test_the_real_pdf_states_the_day_it_was_made(sample_version):
    text = pdf_text(store.handbook_pdf(sample_version, lang="en"))
    assert store.MADE_ON_MARK not in text
    assert datetime.date.today().strftime("%-d %B %Y") in text


def test_two_workers_storing_the_same_handbook_at_once_is_no_error(sample_version, monkeypatch):
    fields = {
        "fingerprint": "a" * 64,
        "pdf": FAKE_PDF,
        "rendered_at": datetime.datetime.now(datetime.UTC),
        "render_ms": 5,
    }
    StoredHandbook.objects.create(version=sample_version, language="nl", **fields)
    # The other worker's row arrives between our update (which found nothing) and our insert.
    monkeypatch.setattr(QuerySet, "update", lambda self, **kwargs: 0)
    store._keep(sample_version, "nl", {**fields, "fingerprint": "b" * 64})
    monkeypatch.undo()
    assert StoredHandbook.objects.get(version=sample_version).fingerprint == "a" * 64


def test_a_too_large_version_is_refused_before_rendering_and_nothing_is_kept(
    sample_version, fake_render, settings
):
    settings.REPORT_MAX_KPIS = 3
    with pytest.raises(pdf.ExportTooLarge):
        store.handbook_pdf(sample_version, lang="nl")
    assert fake_render == []
    assert not StoredHandbook.objects.exists()


# Rendering in advance, when a set is approved


@pytest.fixture
def jobs_inline(monkeypatch):
    """Run background jobs at once, in the test's thread (and its database transaction)."""
    ran = []

    def submit(job, *args):
        ran.append(job.__name__)
        job(*args)

    monkeypatch.setattr(store, "submit", submit)
    return ran


def test_approving_a_set_renders_its_handbook_in_every_language_after_commit(
    strategy, members, fake_render, jobs_inline, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_PRERENDER = True
    with django_capture_on_commit_callbacks(execute=True):
        version = approved_version(strategy, members["manager"], kpis=3)
    assert jobs_inline == ["prerender"]
    assert set(stored(version)) == {"nl", "en"}
    assert len(fake_render) == 2


def test_without_prerendering_an_approval_leaves_the_store_alone(
    strategy, members, fake_render, jobs_inline, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_PRERENDER = False
    with django_capture_on_commit_callbacks(execute=True):
        version = approved_version(strategy, members["manager"], kpis=3)
    assert jobs_inline == [] and fake_render == []
    assert not stored(version)


def test_a_version_too_large_for_a_pdf_is_not_rendered_in_advance(
    strategy, members, fake_render, jobs_inline, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_PRERENDER, settings.REPORT_MAX_KPIS = True, 2
    with django_capture_on_commit_callbacks(execute=True):
        version = approved_version(strategy, members["manager"], kpis=3)
    assert jobs_inline == ["prerender"] and fake_render == []
    assert not stored(version)


def test_a_failing_rendering_in_advance_is_logged_and_the_next_language_still_done(
    sample_version, monkeypatch, caplog
):
    calls = []

    def render(html, **kwargs):
        calls.append(html)
        if len(calls) == 1:
            raise RuntimeError("font trouble")
        return FAKE_PDF

    monkeypatch.setattr(pdf, "html_to_pdf", render)
    store.prerender(sample_version.pk)
    assert len(calls) == 2
    assert list(stored(sample_version)) == ["en"]
    assert "in advance failed" in caplog.text


def test_prerendering_a_version_that_is_gone_does_nothing(fake_render):
    store.prerender(999_999)
    assert fake_render == []


def test_a_background_job_runs_on_the_handbook_thread():
    seen = []
    store.submit(lambda: seen.append(threading.current_thread().name)).result(timeout=10)
    assert seen and seen[0].startswith("handbook")


def test_a_second_approval_of_the_same_strategy_keeps_each_versions_handbook(
    sample_version, members, fake_render
):
    store.handbook_pdf(sample_version, lang="nl")
    kpi = sample_version.strategy.goals.first().csfs.first().kpis.first()
    kpi.name = "Gemiddelde oplostijd (werkdagen)"
    kpi.save()
    version_2 = kpi_set_approve(strategy=sample_version.strategy, approver=members["manager"])
    store.handbook_pdf(version_2, lang="nl")
    assert StoredHandbook.objects.count() == 2
    assert "(werkdagen)" in fake_render[1] and "(werkdagen)" not in fake_render[0]


# Rendering again when a measurement changes


def sample_kpi(version, name="Gemiddelde oplostijd"):
    return Kpi.objects.get(csf__goal__strategy=version.strategy, name=name)


@pytest.mark.parametrize("change", ["recorded", "changed", "deleted"])
def test_a_changed_measurement_renders_the_latest_version_again_after_commit(
    sample_version, fake_render, jobs_inline, settings, django_capture_on_commit_callbacks, change
):
    settings.REPORT_PRERENDER = True
    kpi = sample_kpi(sample_version)
    store.prerender(sample_version.pk)
    assert len(fake_render) == 2
    with django_capture_on_commit_callbacks(execute=True):
        if change == "recorded":
            MeasurementFactory(kpi=kpi, period=datetime.date(2027, 1, 1), value=Decimal("11.7"))
        elif change == "changed":
            measurement = kpi.measurements.last()
            measurement.value = Decimal("11.7")
            measurement.save()
        else:
            kpi.measurements.last().delete()
    assert jobs_inline == ["refresh", "prerender"]
    assert len(fake_render) == 4  # both languages again
    assert ("11,7" in fake_render[2]) == (change != "deleted")
    assert all(row.fingerprint for row in stored(sample_version).values())


def test_a_burst_of_changes_is_rendered_once(
    sample_version, fake_render, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_PRERENDER = True
    waiting = []
    monkeypatch.setattr(store, "submit", lambda job, *args: waiting.append((job, args)))
    first, second = sample_kpi(sample_version), sample_kpi(sample_version, "First-time-right")
    with django_capture_on_commit_callbacks(execute=True):
        for month in (1, 2, 3):
            MeasurementFactory(kpi=first, period=datetime.date(2027, month, 1))
        MeasurementFactory(kpi=second, period=datetime.date(2027, 1, 1))
    assert [job.__name__ for job, _args in waiting] == ["refresh", "refresh"]  # one per KPI
    for job, args in list(waiting):
        job(*args)
    assert [job.__name__ for job, _args in waiting[2:]] == ["prerender"]  # one for the version
    waiting[2][0](*waiting[2][1])
    assert len(fake_render) == 2
    with django_capture_on_commit_callbacks(execute=True):
        MeasurementFactory(kpi=first, period=datetime.date(2027, 4, 1))
    assert [job.__name__ for job, _args in waiting[3:]] == ["refresh"]  # started jobs don't count


def test_only_the_latest_version_of_the_strategy_is_rendered_again(
    sample_version, members, fake_render, jobs_inline, settings, django_capture_on_commit_callbacks
):
    kpi = sample_kpi(sample_version)
    kpi.name = "Gemiddelde oplostijd (werkdagen)"
    kpi.save()
    version_2 = kpi_set_approve(strategy=sample_version.strategy, approver=members["manager"])
    settings.REPORT_PRERENDER = True
    with django_capture_on_commit_callbacks(execute=True):
        MeasurementFactory(kpi=kpi, period=datetime.date(2027, 1, 1))
    assert set(stored(version_2)) == {"nl", "en"}
    assert not stored(sample_version)


def test_a_measurement_without_an_approved_version_renders_nothing(
    strategy, fake_render, jobs_inline, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_PRERENDER = True
    with django_capture_on_commit_callbacks(execute=True):
        MeasurementFactory(kpi=KpiFactory(csf=CsfFactory(goal=GoalFactory(strategy=strategy))))
    assert jobs_inline == ["refresh"]
    assert fake_render == []


def test_without_prerendering_or_for_a_loaded_fixture_a_measurement_queues_nothing(
    sample_version, fake_render, jobs_inline, settings, django_capture_on_commit_callbacks
):
    kpi = sample_kpi(sample_version)
    settings.REPORT_PRERENDER = False
    with django_capture_on_commit_callbacks(execute=True):
        MeasurementFactory(kpi=kpi, period=datetime.date(2027, 1, 1))
    settings.REPORT_PRERENDER = True
    with django_capture_on_commit_callbacks(execute=True):
        measurement = kpi.measurements.last()
        post_save.send(Measurement, instance=measurement, created=True, raw=True)
    assert jobs_inline == [] and fake_render == []


def test_a_renamed_organisation_has_the_latest_handbook_of_each_strategy_rendered_again(
    sample_version, approver, fake_render, jobs_inline, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_PRERENDER = True
    other = approved_version(
        StrategyFactory(organisation=sample_version.strategy.organisation, name="Groei"),
        approver,
        kpis=2,
    )
    store.handbook_pdf(sample_version, lang="nl")
    organisation = sample_version.strategy.organisation
    organisation.name = "Energie Noord & Zuid"
    with django_capture_on_commit_callbacks(execute=True):
        organisation.save()
    assert jobs_inline == ["refresh_organisation", "prerender", "prerender"]
    assert len(fake_render) == 1 + 4  # both strategies, both languages
    assert all("Energie Noord &amp; Zuid" in html for html in fake_render[1:])
    assert {row.version_id for row in StoredHandbook.objects.all()} == {sample_version.pk, other.pk}


def test_an_organisation_saved_without_a_new_name_or_a_new_one_renders_nothing(
    sample_version, fake_render, jobs_inline, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_PRERENDER = True
    organisation = sample_version.strategy.organisation
    with django_capture_on_commit_callbacks(execute=True):
        organisation.save(update_fields=["slug"])
        OrganisationFactory(name="Nieuw BV", slug="nieuw")
    settings.REPORT_PRERENDER = False
    with django_capture_on_commit_callbacks(execute=True):
        organisation.save()
    assert jobs_inline == [] and fake_render == []


# Warming up when someone opens the version page


@pytest.fixture
def warm(settings, monkeypatch):
    settings.REPORT_PRERENDER = True
    monkeypatch.setattr(store, "_warmed", {})
    return store.warm_up


def test_opening_the_version_page_renders_a_stale_handbook_in_that_language(
    sample_version, fake_render, jobs_inline, warm
):
    warm(sample_version.pk, "en")
    assert jobs_inline == ["prerender"]
    assert len(fake_render) == 1 and '<html lang="en">' in fake_render[0]
    assert set(stored(sample_version)) == {"en"}


def test_a_current_handbook_is_only_checked_not_rendered(
    sample_version, fake_render, jobs_inline, warm
):
    store.handbook_pdf(sample_version, lang="nl")
    warm(sample_version.pk, "nl")
    assert jobs_inline == ["prerender"] and len(fake_render) == 1


def test_the_page_warms_up_at_most_once_a_minute_per_version_and_language(
    sample_version, fake_render, jobs_inline, warm, monkeypatch
):
    clock = [1000.0]
    monkeypatch.setattr(store, "_clock", lambda: clock[0])
    warm(sample_version.pk, "nl")
    clock[0] += 30
    warm(sample_version.pk, "nl")
    warm(sample_version.pk, "en")
    clock[0] += store.WARM_UP_EVERY
    warm(sample_version.pk, "nl")
    assert jobs_inline == ["prerender"] * 3  # nl, en, nl a minute later


def test_without_prerendering_the_page_warms_up_nothing(
    sample_version, fake_render, jobs_inline, warm, settings
):
    settings.REPORT_PRERENDER = False
    warm(sample_version.pk, "nl")
    assert jobs_inline == [] and fake_render == []


# One rendering at a time of the same handbook


def waiting_for(token, release):
    """Once someone waits for the rendering `token`, let that rendering finish."""
    running = store._rendering[token]
    wait = running.result

    def result(*args, **kwargs):
        release.set()
        return wait(*args, **kwargs)

    running.result = result


@pytest.mark.parametrize("first_fails", [False, True])
def test_a_download_waits_for_the_same_rendering_under_way_instead_of_starting_another(
    sample_version, monkeypatch, first_fails
):
    started, release = threading.Event(), threading.Event()
    calls = []

    def render_shared(version, lang, key, html):
        calls.append(threading.current_thread().name)
        if len(calls) == 1:
            started.set()
            assert release.wait(10)
            if first_fails:
                raise RuntimeError("font trouble")
        return FAKE_PDF

    monkeypatch.setattr(store, "_render_shared", render_shared)
    outcome = {}

    def first():
        try:
            outcome["first"] = store._render_once(sample_version, "nl", "f" * 64, "<html>")
        except RuntimeError as exc:
            outcome["first"] = exc

    thread = threading.Thread(target=first, name="first")
    thread.start()
    assert started.wait(10)
    waiting_for((sample_version.pk, "nl", "f" * 64), release)
    second = store._render_once(sample_version, "nl", "f" * 64, "<html>")
    thread.join(10)
    assert second == FAKE_PDF
    if first_fails:
        assert isinstance(outcome["first"], RuntimeError)
        assert calls == ["first", "MainThread"]  # the waiter rendered it itself
    else:
        assert outcome["first"] == FAKE_PDF
        assert calls == ["first"]
    assert store._rendering == {}


def test_different_languages_render_side_by_side(sample_version, fake_render):
    assert store._render_once(sample_version, "nl", "a" * 64, "<html lang=nl>") == FAKE_PDF
    assert store._render_once(sample_version, "en", "a" * 64, "<html lang=en>") == FAKE_PDF
    assert len(fake_render) == 2 and store._rendering == {}


# One rendering at a time across worker processes


def other_workers_rendering(version, lang="nl", key="f" * 64, *, minutes_ago=0):
    """A HandbookRendering row as another worker inserts it when it starts rendering."""
    return HandbookRendering.objects.create(
        version=version,
        language=lang,
        fingerprint=key,
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


def keep(version, lang="nl", key="f" * 64, document=FAKE_PDF):
    store._keep(
        version,
        lang,
        {"fingerprint": key, "pdf": document, "rendered_at": timezone.now(), "render_ms": 9},
    )


def test_a_download_waits_for_another_workers_rendering_and_serves_its_file(
    sample_version, fake_render, monkeypatch
):
    rendering = other_workers_rendering(sample_version)
    polls = []

    def the_other_worker_finishes_on_the_second_poll(seconds):
        polls.append(seconds)
        if len(polls) == 2:
            keep(sample_version, document=b"%PDF-theirs")
            rendering.delete()

    monkeypatch.setattr(store, "_sleep", the_other_worker_finishes_on_the_second_poll)
    assert store._render_once(sample_version, "nl", "f" * 64, "<html>") == b"%PDF-theirs"
    assert polls == [store.POLL_SECONDS] * 2
    assert fake_render == []  # not rendered twice
    assert not HandbookRendering.objects.exists()


def test_when_the_other_workers_rendering_fails_the_waiting_download_renders_itself(
    sample_version, fake_render, monkeypatch
):
    rendering = other_workers_rendering(sample_version)
    monkeypatch.setattr(store, "_sleep", lambda seconds: rendering.delete())  # failed: no file
    assert store._render_once(sample_version, "nl", "f" * 64, "<html>") == FAKE_PDF
    assert fake_render == ["<html>"]
    assert stored(sample_version)["nl"].fingerprint == "f" * 64
    assert not HandbookRendering.objects.exists()


def test_a_rendering_left_behind_by_a_killed_worker_expires(
    sample_version, fake_render, monkeypatch, settings
):
    settings.REPORT_RENDER_TIMEOUT = 120
    other_workers_rendering(sample_version, minutes_ago=3)
    monkeypatch.setattr(store, "_sleep", lambda seconds: pytest.fail("waited for a dead worker"))
    assert store._render_once(sample_version, "nl", "f" * 64, "<html>") == FAKE_PDF
    assert len(fake_render) == 1
    assert not HandbookRendering.objects.exists()


def test_a_rendering_that_finished_just_before_our_claim_is_not_rendered_again(
    sample_version, fake_render
):
    keep(sample_version, document=b"%PDF-just-now")  # stored after handbook_pdf's first look
    assert store._render_once(sample_version, "nl", "f" * 64, "<html>") == b"%PDF-just-now"
    assert fake_render == [] and not HandbookRendering.objects.exists()


def test_another_workers_rendering_of_other_content_or_language_does_not_hold_us_up(
    sample_version, fake_render, monkeypatch
):
    other_workers_rendering(sample_version, key="e" * 64)  # before a measurement changed
    other_workers_rendering(sample_version, lang="en")
    monkeypatch.setattr(store, "_sleep", lambda seconds: pytest.fail("waited"))
    assert store._render_once(sample_version, "nl", "f" * 64, "<html>") == FAKE_PDF
    assert HandbookRendering.objects.count() == 2  # theirs, untouched


@pytest.mark.parametrize("fails", [False, True])
def test_our_rendering_is_marked_while_it_runs_and_unmarked_after(
    sample_version, monkeypatch, fails
):
    seen = []

    def render(html, **kwargs):
        seen.extend(HandbookRendering.objects.values_list("language", "fingerprint"))
        if fails:
            raise RuntimeError("font trouble")
        return FAKE_PDF

    monkeypatch.setattr(pdf, "html_to_pdf", render)
    if fails:
        with pytest.raises(RuntimeError):
            store._render_once(sample_version, "nl", "f" * 64, "<html>")
    else:
        store._render_once(sample_version, "nl", "f" * 64, "<html>")
    assert seen == [("nl", "f" * 64)]
    assert not HandbookRendering.objects.exists()


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database locks whole tables between threads",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_asking_at_once_render_the_handbook_once(sample_version, monkeypatch):
    """Two threads with connections of their own stand in for two worker processes."""
    started, release = threading.Event(), threading.Event()
    renders = []

    def slow_render(html, **kwargs):
        renders.append(threading.current_thread().name)
        started.set()
        assert release.wait(10)
        return FAKE_PDF

    monkeypatch.setattr(pdf, "html_to_pdf", slow_render)
    monkeypatch.setattr(store, "_sleep", lambda seconds: release.set())
    outcome = {}

    def download(name):
        try:
            outcome[name] = store._render_shared(sample_version, "nl", "f" * 64, "<html>")
        finally:
            connections.close_all()

    first = threading.Thread(target=download, args=("first",), name="first")
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=download, args=("second",), name="second")
    second.start()
    first.join(10)
    second.join(10)
    assert outcome == {"first": FAKE_PDF, "second": FAKE_PDF}
    assert renders == ["first"]
    assert not HandbookRendering.objects.exists()


# The collector pause around a rendering


def test_the_cyclic_collector_is_back_on_after_a_render_even_one_that_fails():
    assert gc.isenabled()
    with pytest.raises(ValueError), pdf.cyclic_collector_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_overlapping_renders_share_one_pause():
    with pdf.cyclic_collector_paused():
        with pdf.cyclic_collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer render is still running
    assert gc.isenabled()


def test_a_pause_ended_twice_ends_once_and_collects_only_after_a_render(monkeypatch):
    collections = []
    monkeypatch.setattr(gc, "collect", lambda *args: collections.append(args))
    outer, inner = pdf.pause_cyclic_collector(), pdf.pause_cyclic_collector()
    inner()
    inner()
    assert not gc.isenabled()  # the outer pause is still open
    outer()
    assert gc.isenabled() and collections == []  # nothing rendered: nothing to collect
    with pdf.cyclic_collector_paused():
        pdf._owe_collection()
    assert collections == [()]


def test_a_collector_switched_off_by_someone_else_stays_off():
    gc.disable()
    try:
        with pdf.cyclic_collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


# The admin


@pytest.mark.parametrize("rows", [1, 2])
def test_staff_see_the_stored_handbooks_without_loading_the_files(
    client, sample_version, fake_render, django_assert_max_num_queries, rows
):
    from tests.factories import UserFactory

    for lang in ["nl", "en"][:rows]:
        store.handbook_pdf(sample_version, lang=lang)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    with django_assert_max_num_queries(8):
        response = client.get("/admin/reports/storedhandbook/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("13\xa0bytes") == rows  # FAKE_PDF's size
    detail = StoredHandbook.objects.first()
    assert client.get(f"/admin/reports/storedhandbook/{detail.pk}/change/").status_code == 200
