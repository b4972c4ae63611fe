"""Nothing acknowledged is lost when people act on the same item (issue 19, point 5), the parts
that need no second connection: a save without its version is a conflict, a second deletion is
told the item is gone, a comment on a node deleted meanwhile is refused with the text kept.
The races themselves, on PostgreSQL, are in test_races.py."""

import pytest
from django.urls import reverse

from goals.models import Goal, Strategy
from indicators.models import Kpi
from kpiplanner.planning import services
from kpiplanner.planning.models import DeletedItem
from kpiplanner.reviews import views as review_views
from kpiplanner.reviews.models import Comment
from kpiplanner.reviews.services import ReviewError, comment_add
from tests.conftest import ROLES
from tests.factories import CsfFactory, GoalFactory, KpiFactory

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
EDITORS = ["admin", "facilitator"]
READERS = sorted(set(ROLES) - set(EDITORS))
CONFLICT = "niet welke versie"


def step_url(strategy, step):
    return reverse("planning:step", args=[strategy.pk, step])


def delete_url(kind, pk):
    return reverse("planning:item_delete", args=[kind, pk])


# --- a save without the version it was loaded with ------------------------------------------


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_goal_edit_without_version_is_a_conflict_and_the_second_try_saves(
    client, members, strategy, headers
):
    goal = GoalFactory(strategy=strategy, title="Begin")
    client.force_login(members["facilitator"])
    url = reverse("planning:item_edit", args=["goal", goal.pk])
    data = {
        f"{goal.pk}-title": "Zonder versie",
        f"{goal.pk}-perspective": "customer",
        f"{goal.pk}-term": "long",
    }
    response = client.post(url, data, headers=headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert CONFLICT in html
    assert "Zonder versie" in html
    assert Goal.objects.get(pk=goal.pk).title == "Begin"
    # The form now carries the saved version: sending the same text again saves it knowingly.
    assert f'name="{goal.pk}-version" value="1"' in html
    client.post(url, data | {f"{goal.pk}-version": "1"}, headers=headers)
    assert Goal.objects.get(pk=goal.pk).title == "Zonder versie"


def test_kpi_edit_without_version_is_refused(client, members, kpi):
    client.force_login(members["facilitator"])
    url = reverse("planning:item_edit", args=["kpi", kpi.pk])
    data = {
        "csf": str(kpi.csf_id),
        "name": "Nieuwe naam",
        "direction": "lower",
        "indicator_type": "lagging",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    assert Kpi.objects.get(pk=kpi.pk).name == "Gemiddelde oplostijd"


def test_strategy_step_without_version_is_refused(client, members, strategy):
    client.force_login(members["facilitator"])
    data = {"name": "Andere naam", "horizon_start_year": 2026, "horizon_end_year": 2028}
    response = client.post(step_url(strategy, "strategy"), data)
    assert CONFLICT in response.content.decode()
    assert Strategy.objects.get(pk=strategy.pk).name == "Klanten behouden"


def test_a_new_item_needs_no_version(client, members, strategy):
    client.force_login(members["facilitator"])
    data = {"new-title": "Nieuw doel", "new-perspective": "customer", "new-term": "long"}
    client.post(step_url(strategy, "goals"), data)
    assert Goal.objects.filter(title="Nieuw doel").exists()


# --- deleting what another tab deleted already -----------------------------------------------


@pytest.fixture
def deleted_kpi(kpi, members):
    """A KPI deleted by the facilitator a moment ago (in "another tab")."""
    pk = kpi.pk
    services.item_delete(item=Kpi.objects.get(pk=pk), user=members["facilitator"])
    return pk


@pytest.mark.parametrize("role", EDITORS)
def test_second_plain_delete_says_it_is_gone_and_keeps_the_undo(
    client, members, strategy, deleted_kpi, role
):
    client.force_login(members[role])
    response = client.post(delete_url("kpi", deleted_kpi), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[0][0] == step_url(strategy, "kpis") + "#undo"
    assert "is al verwijderd, in een ander tabblad of door iemand anders" in html
    assert DeletedItem.objects.count() == 1
    assert "data-undo" in html


def test_second_htmx_delete_answers_the_list_with_the_notice(
    client, members, strategy, deleted_kpi
):
    client.force_login(members["facilitator"])
    response = client.post(delete_url("kpi", deleted_kpi), headers=HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="items"' in html
    assert "is al verwijderd" in html
    assert "data-undo" in html


@pytest.mark.parametrize("role", READERS)
def test_readers_get_403_on_a_deleted_item_too(client, members, deleted_kpi, role):
    client.force_login(members[role])
    assert client.post(delete_url("kpi", deleted_kpi)).status_code == 403
    assert client.post(delete_url("kpi", deleted_kpi), headers=HX).status_code == 403


def test_outsider_and_anonymous_learn_nothing_of_a_deletion(client, outsider, deleted_kpi):
    response = client.post(delete_url("kpi", deleted_kpi))
    assert response.status_code == 302 and "login" in response.url
    client.force_login(outsider)
    assert client.post(delete_url("kpi", deleted_kpi)).status_code == 404
    assert client.post(delete_url("kpi", deleted_kpi), headers=HX).status_code == 404


def test_a_made_up_or_old_id_is_still_404(client, members, strategy, deleted_kpi):
    client.force_login(members["facilitator"])
    goal = GoalFactory(strategy=strategy)
    assert client.post(delete_url("goal", deleted_kpi)).status_code == 404  # other kind
    DeletedItem.objects.update(deleted_at="2020-01-01T00:00:00Z")
    assert client.post(delete_url("kpi", deleted_kpi)).status_code == 404
    assert Goal.objects.filter(pk=goal.pk).exists()


# --- a comment on a node deleted meanwhile ---------------------------------------------------


def test_comment_on_a_deleted_kpi_is_refused_by_the_service(members, kpi):
    stale = Kpi.objects.select_related("csf__goal__strategy").get(pk=kpi.pk)
    Kpi.objects.filter(pk=kpi.pk).delete()
    with pytest.raises(ReviewError, match="zojuist verwijderd"):
        comment_add(node=stale, author=members["manager"], role="manager", body="Te laat")
    assert not Comment.objects.exists()


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_comment_view_keeps_the_text_when_the_kpi_was_deleted_meanwhile(
    client, members, kpi, monkeypatch, headers
):
    """The request loaded the KPI; it was deleted before the comment was written."""
    stale = Kpi.objects.select_related("csf__goal__strategy").get(pk=kpi.pk)
    loader = review_views.NODE_LOADERS["kpi"]

    def load_then_lose(request, pk):
        found = loader(request, pk)
        Kpi.objects.filter(pk=pk).delete()
        return found

    monkeypatch.setitem(review_views.NODE_LOADERS, "kpi", load_then_lose)
    client.force_login(members["manager"])
    url = reverse("reviews:comments", args=["kpi", stale.pk])
    response = client.post(url, {"body": "Mijn zorgvuldige opmerking"}, headers=headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert "zojuist verwijderd" in html
    assert "Mijn zorgvuldige opmerking" in html
    assert not Comment.objects.exists()


def test_undo_brings_back_a_kpi_with_its_comments_and_milestones(members, strategy):
    kpi = KpiFactory(csf=CsfFactory(goal=GoalFactory(strategy=strategy)))
    kpi.milestones.create(due_date="2027-01-31", value="12")
    loaded = Kpi.objects.select_related("csf__goal__strategy").get(pk=kpi.pk)
    for who in ("manager", "participant"):
        comment_add(node=loaded, author=members[who], role=who, body=f"Van {who}")
    deleted = services.item_delete(item=loaded, user=members["facilitator"])
    services.item_restore(deleted=deleted, user=members["facilitator"])
    assert Comment.objects.filter(kpi_id=kpi.pk).count() == 2
    assert kpi.milestones.count() == 1


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_deciding_on_a_kpi_deleted_meanwhile_says_so_without_error(
    client, members, kpi, monkeypatch, headers
):
    from kpiplanner.reviews import decisions

    Kpi.objects.filter(pk=kpi.pk).update(status="proposed")
    loader = decisions.get_kpi_for_member

    def load_then_lose(request, pk, **kwargs):
        found = loader(request, pk, **kwargs)
        Kpi.objects.filter(pk=pk).delete()
        return found

    monkeypatch.setattr(decisions, "get_kpi_for_member", load_then_lose)
    client.force_login(members["manager"])
    data = {"to_status": "approved", "version": kpi.version}
    response = client.post(reverse("reviews:kpi_status", args=[kpi.pk]), data, headers=headers)
    review = reverse("reviews:strategy_review", args=[kpi.csf.goal.strategy_id])
    target = response.headers.get("HX-Redirect") or response.url
    assert target == review
    page = client.get(review).content.decode()
    assert "Deze KPI is zojuist verwijderd" in page


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_a_comment_sent_after_the_kpi_was_deleted_is_refused_with_its_text(
    client, members, kpi, headers
):
    url = reverse("reviews:comments", args=["kpi", kpi.pk])
    Kpi.objects.filter(pk=kpi.pk).delete()
    client.force_login(members["manager"])
    response = client.post(url, {"body": "Mijn zorgvuldige opmerking"}, headers=headers)
    html = response.content.decode()
    assert response.status_code == (200 if headers else 404)
    assert "data-comment-refused" in html
    assert "is verwijderd, dus je opmerking is niet opgeslagen" in html
    assert "Mijn zorgvuldige opmerking" in html
    if headers:
        assert f'id="thread-body-kpi-{kpi.pk}"' in html  # replaces the thread it was sent from
    assert not Comment.objects.exists()


def test_a_comment_on_another_organisations_node_learns_nothing(client, outsider, kpi):
    """The same answer as for a deleted node; nothing is saved, and a GET is still 404."""
    client.force_login(outsider)
    url = reverse("reviews:comments", args=["kpi", kpi.pk])
    response = client.post(url, {"body": "Hallo"}, headers=HX)
    assert "data-comment-refused" in response.content.decode()
    assert "Gemiddelde oplostijd" not in response.content.decode()
    assert client.get(url).status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize("role", ["viewer"])
def test_who_may_not_comment_still_gets_404_for_a_missing_node(client, members, kpi, role):
    url = reverse("reviews:comments", args=["kpi", kpi.pk])
    Kpi.objects.filter(pk=kpi.pk).delete()
    client.force_login(members[role])
    assert client.post(url, {"body": "Hallo"}, headers=HX).status_code == 404


def test_anonymous_comment_goes_to_login(client, kpi):
    url = reverse("reviews:comments", args=["kpi", kpi.pk])
    response = client.post(url, {"body": "Hallo"})
    assert response.status_code == 302 and "login" in response.url
