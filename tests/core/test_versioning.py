"""The version counter that lets a save detect a conflicting edit."""

import pytest

from goals.models import Goal
from kpiplanner.core.models import EditConflict
from tests.factories import GoalFactory

pytestmark = pytest.mark.django_db


def test_save_with_current_version_bumps_it():
    goal = GoalFactory(title="Oud")
    goal.title = "Nieuw"
    goal.save_versioned(expected_version=1)
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("Nieuw", 2)


def test_second_editor_with_stale_version_is_refused_and_first_edit_kept():
    goal = GoalFactory(title="Oud")
    first, second = Goal.objects.get(pk=goal.pk), Goal.objects.get(pk=goal.pk)
    first.title = "Eerste"
    first.save_versioned(expected_version=1)
    second.title = "Tweede"
    with pytest.raises(EditConflict):
        second.save_versioned(expected_version=1)
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("Eerste", 2)
    assert second.title == "Tweede"  # the refused text is still there to show the user
