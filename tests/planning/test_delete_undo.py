"""Deleting in the wizard can be undone for a while: the item comes back with everything under
it, with the same ids, with and without JavaScript, for editors only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from csf.models import CriticalSuccessFactor
from goals.models import Goal
from indicators.models import Kpi, KpiMilestone, Measurement
from kpiplanner.planning.models import DeletedItem
from kpiplanner.planning.services import UNDO_WINDOW
from kpiplanner.reviews.models import Comment
from tests.conftest import ROLES
from tests.factories import CsfFactory, GoalFactory, KpiFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
EDITORS = ["admin", "facilitator"]
READERS = sorted(set(ROLES) - set(EDITORS))


def step_url(strategy, step):
    return reverse("planning:step", args=[strategy.pk, step])


def delete_url(kind, item):
    return reverse("planning:item_delete", args=[kind, item.pk])


def undo_url(deleted):
    return reverse("planning:item_undo", args=[deleted.pk])


@pytest.fixture
def tree(strategy, members):
    """A goal with one CSF and a KPI that has a milestone, a measurement and a comment."""
    goal = GoalFactory(strategy=strategy, title="Minder klantverloop")
    csf = CsfFactory(goal=goal, title="Snel oplossen")
    kpi = KpiFactory(csf=csf, name="Oplostijd", owner=members["manager"])
    KpiMilestone.objects.create(kpi=kpi, due_date=datetime.date(2028, 6, 30), value="12.5")
    MeasurementFactory(kpi=kpi)
    Comment.objects.create(
        strategy=strategy, kpi=kpi, author=members["manager"], author_role="manager", body="Mooi"
    )
    return goal


def counts():
    return (
        Goal.objects.count(),
        CriticalSuccessFactor.objects.count(),
        Kpi.objects.count(),
        KpiMilestone.objects.count(),
        Measurement.objects.count(),
        Comment.objects.count(),
    )


def test_plain_delete_then_undo_brings_the_goal_back_with_everything_under_it(
    client, members, strategy, tree
):
    kpi = Kpi.objects.get()
    before = counts()
    client.force_login(members["facilitator"])
    response = client.post(delete_url("goal", tree))
    assert response.url == step_url(strategy, "goals") + "#undo"
    assert counts() == (0, 0, 0, 0, 0, 0)
    page = client.get(step_url(strategy, "goals")).content.decode()
    deleted = DeletedItem.objects.get()
    assert f'action="{undo_url(deleted)}"' in page
    assert "“Minder klantverloop” is verwijderd" in page
    assert "met 1 kritieke succesfactor en 1 KPI" in page

    response = client.post(undo_url(deleted), follow=True)
    assert response.redirect_chain[0][0] == step_url(strategy, "goals") + f"#goal-{tree.pk}"
    assert "“Minder klantverloop” is teruggezet." in response.content.decode()
    assert counts() == before
    restored = Kpi.objects.get()
    assert (restored.pk, restored.name, restored.version) == (kpi.pk, "Oplostijd", kpi.version)
    assert restored.owner == members["manager"]
    assert restored.milestones.get().value == 12.5
    assert not DeletedItem.objects.exists()


def test_htmx_delete_returns_the_list_with_undo_and_the_progress_bar_out_of_band(
    client, members, strategy, tree
):
    client.force_login(members["admin"])
    html = client.post(delete_url("goal", tree), headers=HX).content.decode()
    assert "<html" not in html
    assert f'id="goal-{tree.pk}"' not in html
    assert "Ongedaan maken" in html and f'data-undo="{tree.pk}"' in html
    # With no goal left, the CSF step is locked again, also in the refreshed progress bar.
    assert 'id="wizard-progress"' in html and 'hx-swap-oob="true"' in html
    assert 'is-locked" data-step="csfs"' in html
    # What is being typed in the add form stays in the browser (hx-preserve).
    assert '<form id="add-form" hx-preserve' in html

    deleted = DeletedItem.objects.get()
    html = client.post(undo_url(deleted), headers=HX).content.decode()
    assert "<html" not in html and f'id="goal-{tree.pk}"' in html
    assert "Ongedaan maken" not in html
    assert 'is-done" data-step="csfs"' in html and 'hx-swap-oob="true"' in html
    assert Goal.objects.filter(pk=tree.pk).exists()


@pytest.mark.parametrize(("kind", "step"), [("csf", "csfs"), ("kpi", "kpis")])
def test_csf_and_kpi_deletions_are_undone_on_their_own_step(
    client, members, strategy, tree, kind, step
):
    item = CriticalSuccessFactor.objects.get() if kind == "csf" else Kpi.objects.get()
    client.force_login(members["facilitator"])
    html = client.post(delete_url(kind, item), headers=HX).content.decode()
    assert f'data-undo="{item.pk}"' in html
    # What went along is counted without the item itself.
    assert ("met 1 KPI" in html) is (kind == "csf")
    assert "kritieke succesfactor" not in html.split('data-undo="')[1].split("</form>")[0]
    assert f'data-undo="{item.pk}"' in client.get(step_url(strategy, step)).content.decode()
    # Another step does not offer it.
    assert "data-undo=" not in client.get(step_url(strategy, "goals")).content.decode()
    client.post(undo_url(DeletedItem.objects.get()))
    assert type(item).objects.filter(pk=item.pk).exists()
    assert Comment.objects.count() == 1


def test_restored_kpi_gets_a_history_entry(client, members, tree):
    kpi = Kpi.objects.get()
    client.force_login(members["facilitator"])
    client.post(delete_url("kpi", kpi))
    client.post(undo_url(DeletedItem.objects.get()))
    latest = kpi.history.first()
    assert latest.history_type == "+"
    assert latest.history_user == members["facilitator"]


@pytest.mark.parametrize("role", EDITORS)
def test_editors_can_undo(client, members, tree, role):
    client.force_login(members["facilitator"])
    client.post(delete_url("goal", tree))
    client.force_login(members[role])
    assert client.post(undo_url(DeletedItem.objects.get())).status_code == 302
    assert Goal.objects.filter(pk=tree.pk).exists()


@pytest.mark.parametrize("role", READERS)
def test_readers_get_403_and_see_no_undo(client, members, strategy, tree, role):
    client.force_login(members["facilitator"])
    client.post(delete_url("goal", tree))
    deleted = DeletedItem.objects.get()
    client.force_login(members[role])
    assert client.post(undo_url(deleted)).status_code == 403
    assert client.post(undo_url(deleted), headers=HX).status_code == 403
    assert "data-undo=" not in client.get(step_url(strategy, "goals")).content.decode()
    assert not Goal.objects.exists()


def test_outsider_gets_404_and_anonymous_goes_to_login(client, members, outsider, tree):
    client.force_login(members["facilitator"])
    client.post(delete_url("goal", tree))
    deleted = DeletedItem.objects.get()
    client.force_login(outsider)
    assert client.post(undo_url(deleted)).status_code == 404
    client.logout()
    response = client.post(undo_url(deleted))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert not Goal.objects.exists()


def test_undo_is_post_only_and_unknown_ids_are_404(client, members, tree):
    client.force_login(members["facilitator"])
    client.post(delete_url("goal", tree))
    assert client.get(undo_url(DeletedItem.objects.get())).status_code == 405
    assert client.post(reverse("planning:item_undo", args=[tree.pk])).status_code == 404
    assert client.post("/plans/undo/not-a-uuid/").status_code == 404


def test_too_late_to_undo_is_refused_in_dutch_and_restores_nothing(client, members, strategy, tree):
    client.force_login(members["facilitator"])
    client.post(delete_url("goal", tree))
    deleted = DeletedItem.objects.get()
    DeletedItem.objects.update(deleted_at=timezone.now() - UNDO_WINDOW - datetime.timedelta(1))
    assert "data-undo=" not in client.get(step_url(strategy, "goals")).content.decode()
    html = client.post(undo_url(deleted), headers=HX).content.decode()
    assert "Het is te laat om" in html and "data-undo-error" in html
    response = client.post(undo_url(deleted), follow=True)
    assert "Het is te laat om" in response.content.decode()
    assert not Goal.objects.exists()


def test_second_undo_is_refused(client, members, tree):
    client.force_login(members["facilitator"])
    client.post(delete_url("goal", tree))
    deleted = DeletedItem.objects.get()
    client.post(undo_url(deleted))
    response = client.post(undo_url(deleted))
    assert response.status_code == 404  # the copy is gone once it was used
    assert Goal.objects.count() == 1


def test_undo_of_a_csf_whose_goal_was_deleted_since_asks_to_undo_the_goal_first(
    client, members, strategy, tree
):
    csf = CriticalSuccessFactor.objects.get()
    client.force_login(members["facilitator"])
    client.post(delete_url("csf", csf))
    csf_deleted = DeletedItem.objects.get()
    client.post(delete_url("goal", tree))
    html = client.post(undo_url(csf_deleted), headers=HX).content.decode()
    assert "Maak die verwijdering eerst ongedaan" in html
    assert not CriticalSuccessFactor.objects.exists()
    assert DeletedItem.objects.filter(pk=csf_deleted.pk).exists()  # still there to retry

    client.post(undo_url(DeletedItem.objects.get(kind="goal")))
    client.post(undo_url(csf_deleted))
    assert CriticalSuccessFactor.objects.filter(pk=csf.pk).exists()
    assert Kpi.objects.count() == 1


def test_old_copies_are_purged_on_the_next_delete(client, members, strategy, tree):
    other = GoalFactory(strategy=strategy)
    client.force_login(members["facilitator"])
    client.post(delete_url("goal", tree))
    DeletedItem.objects.update(deleted_at=timezone.now() - UNDO_WINDOW * 2)
    client.post(delete_url("goal", other))
    assert list(DeletedItem.objects.values_list("item_id", flat=True)) == [other.pk]


@pytest.mark.parametrize("deletions", [1, 6])
def test_goals_step_queries_do_not_grow_with_the_deletions(
    client, members, strategy, django_assert_num_queries, deletions
):
    for _ in range(deletions):
        goal = GoalFactory(strategy=strategy)
        CsfFactory(goal=goal)
        client.force_login(members["facilitator"])
        client.post(delete_url("goal", goal))
    GoalFactory(strategy=strategy)
    # session, user, memberships, strategy+plan, goals, CSFs (none, so no KPI query), deletions,
    # and the add form's choice of a parent goal
    with django_assert_num_queries(10):  # with the header's count of what waits
        html = client.get(step_url(strategy, "goals")).content.decode()
    assert html.count("data-undo=") == min(deletions, 3)
