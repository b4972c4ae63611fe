"""Undo never overwrites what exists: a copy whose rows are back already puts nothing back."""

import uuid

import pytest
from django.urls import reverse

from goals.models import Goal
from indicators.models import Kpi
from kpiplanner.planning import services
from kpiplanner.planning.models import DeletedItem
from tests.factories import CsfFactory, GoalFactory, KpiFactory

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def undo_url(deleted):
    return reverse("planning:item_undo", args=[deleted.pk])


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_a_second_copy_of_the_same_deletion_does_not_overwrite_later_edits(
    client, members, strategy, headers
):
    # A second copy of one deletion: `item_delete` locks, so two deletions at once no longer
    # make one (see test_races.py), but an older copy must still never overwrite anything.
    goal = GoalFactory(strategy=strategy, title="Minder klantverloop")
    KpiFactory(csf=CsfFactory(goal=goal), name="Oplostijd")
    first = services.item_delete(item=Goal.objects.get(pk=goal.pk), user=members["facilitator"])
    second = DeletedItem.objects.get(pk=first.pk)
    second.pk, second._state.adding = uuid.uuid4(), True
    second.save()
    client.force_login(members["facilitator"])
    client.post(undo_url(first))
    Goal.objects.filter(pk=goal.pk).update(title="Klanten blijven langer", version=2)
    Kpi.objects.update(name="Oplostijd in uren")

    response = client.post(undo_url(second), headers=headers, follow=True)

    assert "Deze verwijdering is al ongedaan gemaakt." in response.content.decode()
    assert Goal.objects.get().title == "Klanten blijven langer"
    assert Kpi.objects.get().name == "Oplostijd in uren"
    assert not DeletedItem.objects.exists()  # the stale copy is not offered again


def test_deleting_what_is_gone_already_makes_no_second_copy(members, strategy):
    goal = GoalFactory(strategy=strategy, title="Minder klantverloop")
    loaded_twice = [Goal.objects.get(pk=goal.pk), Goal.objects.get(pk=goal.pk)]
    services.item_delete(item=loaded_twice[0], user=members["facilitator"])
    with pytest.raises(services.AlreadyDeleted):
        services.item_delete(item=loaded_twice[1], user=members["facilitator"])
    assert DeletedItem.objects.count() == 1
