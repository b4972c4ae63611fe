"""The review tree's speed-ups keep it right: cached SMART verdicts, stamped node fragments."""

import pytest
from django.urls import reverse
from django.utils import translation

from goals.models import Strategy
from indicators.models import Kpi
from indicators.smart_adapter import strategy_health
from kpiplanner.reviews.models import Comment
from kpiplanner.reviews.queries import SMART_CACHE_SIZE, judge, tree_health
from tests.factories import CsfFactory, GoalFactory, KpiFactory, UserFactory

pytestmark = pytest.mark.django_db


def review(client, strategy):
    return client.get(reverse("reviews:strategy_review", args=[strategy.pk]))


def loaded_tree(strategy) -> tuple:
    loaded = Strategy.objects.with_tree().get(pk=strategy.pk)
    return loaded, list(loaded.goals.all())


def node_html(html: str, kpi) -> str:
    return html.split(f'id="kpi-{kpi.pk}"')[1].split('class="thread-slot"')[0]


def test_verdict_cache_is_bounded_and_shared_between_equal_kpis(strategy, kpi):
    assert judge.cache_info().maxsize == SMART_CACHE_SIZE
    goals = list(Strategy.objects.with_tree().get(pk=strategy.pk).goals.all())
    loaded = Strategy.objects.with_tree().get(pk=strategy.pk)
    first = tree_health(loaded, goals)[1][kpi.pk]
    again = tree_health(loaded, list(loaded.goals.all()))[1][kpi.pk]
    assert again is first


def test_cached_health_gives_the_findings_and_verdicts_of_a_fresh_judgement(strategy, kpi):
    """Judged into the cache, then served from it: the same as the engine judging afresh."""
    KpiFactory(csf=kpi.csf, name="Klanttevredenheid", statement="Klanten tevredener maken")
    KpiFactory(csf=kpi.csf, name="Gemiddelde oplostijd", owner=UserFactory(), data_source="")
    CsfFactory(goal=GoalFactory(strategy=strategy, term="short"))
    judge.cache_clear()
    fresh = strategy_health(*loaded_tree(strategy))
    assert judge.cache_info().currsize == 0  # the default judges without the cache
    filled = tree_health(*loaded_tree(strategy))
    hits = judge.cache_info().hits
    cached = tree_health(*loaded_tree(strategy))
    assert judge.cache_info().hits == hits + 3
    assert filled == cached == fresh
    assert len(fresh[0]) >= 3  # vague KPI, duplicate metric, CSF without KPI


def test_page_shows_the_new_verdict_after_an_edit_even_a_bulk_one(client, members, strategy, kpi):
    client.force_login(members["participant"])
    before = node_html(review(client, strategy).content.decode(), kpi)
    Kpi.objects.filter(pk=kpi.pk).update(statement="Betere service", unit="", target_value=None)
    after = node_html(review(client, strategy).content.decode(), kpi)
    score = before.split("smart-score-")[1][0]
    assert after.split("smart-score-")[1][0] < score


def test_each_node_gets_its_own_ids_counts_and_version(client, members, strategy, kpi):
    quiet = KpiFactory(csf=kpi.csf, name="Zonder reacties", status="proposed")
    kpi.status = "proposed"
    kpi.save()
    for _ in range(2):
        kpi.save_versioned(expected_version=kpi.version)
    for body, role in [("Vraag", "manager"), ("Nog een vraag", "viewer")]:
        Comment.objects.create(
            strategy=strategy, kpi=kpi, author=members[role], author_role=role, body=body
        )
    client.force_login(members["admin"])
    html = review(client, strategy).content.decode()
    busy, calm = node_html(html, kpi), node_html(html, quiet)
    assert reverse("reviews:comments", args=["kpi", kpi.pk]) in busy
    assert reverse("reviews:comments", args=["kpi", quiet.pk]) not in busy
    assert "</i> 2" in busy and "unanswered-dot" in busy
    assert "unanswered-dot" not in calm and "Reageer" in calm
    assert f'name="version" value="{kpi.version}"' in busy and kpi.version == 3
    assert f'name="version" value="{quiet.version}"' in calm and quiet.version == 1
    assert reverse("reviews:kpi_reject", args=[quiet.pk]) in calm


def test_tree_speaks_english_when_chosen(client, members, strategy, kpi):
    kpi.status = "proposed"
    kpi.save()
    client.force_login(members["manager"])
    client.cookies["django_language"] = "en"
    # The language middleware leaves its language active after the request: put Dutch back.
    with translation.override("nl"):
        html = node_html(review(client, strategy).content.decode(), kpi)
    assert "Approve" in html and "Reject…" in html and "Target" in html
    assert "Goedkeuren" not in html


def test_the_comment_button_says_how_many_comments_in_words(client, members, strategy, kpi):
    for body in ("Vraag", "Nog een vraag"):
        Comment.objects.create(
            strategy=strategy, kpi=kpi, author=members["manager"], author_role="manager", body=body
        )
    Comment.objects.create(
        strategy=strategy,
        goal=kpi.csf.goal,
        author=members["manager"],
        author_role="manager",
        body="Eén vraag",
    )
    client.force_login(members["participant"])
    html = review(client, strategy).content.decode()
    assert 'aria-label="2 opmerkingen"' in html and 'aria-label="1 opmerking"' in html
    client.cookies["django_language"] = "en"
    html = review(client, strategy).content.decode()
    assert 'aria-label="2 comments"' in html and 'aria-label="1 comment"' in html
