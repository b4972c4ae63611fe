"""Undo never overwrites what exists: a copy whose rows are back already puts nothing back."""

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
    # Two people deleting the same goal at the same moment each get a copy of it.
    goal = GoalFactory(strategy=strategy, title="Minder klantverloop")
    KpiFactory(csf=CsfFactory(goal=goal), name="Oplostijd")
    loaded_twice = [Goal.objects.get(pk=goal.pk), Goal.objects.get(pk=goal.pk)]
    first, second = (
        services.item_delete(item=item, user=members["facilitator"]) for item in loaded_twice
    )
    client.force_login(members["facilitator"])
    client.post(undo_url(first))
    Goal.objects.filter(pk=goal.pk).update(title="Klanten blijven langer", version=2)
    Kpi.objects.update(name="Oplostijd in uren")

    response = client.post(undo_url(second), headers=headers, follow=True)

    assert "Deze verwijdering is al ongedaan gemaakt." in response.content.decode()
    assert Goal.objects.get().title == "Klanten blijven langer"
    assert Kpi.objects.get().name == "Oplostijd in uren"
    assert not DeletedItem.objects.exists()  # the stale copy is not offered again
