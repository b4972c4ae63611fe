"""No two participants of a workshop show under the same name: a name taken already (compared
case-insensitively, trimmed, NFC) gets the first free number, and the person is told."""

import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client

from kpiplanner.workshops import names, services
from kpiplanner.workshops.models import NAME_MAX_LENGTH, Participant

from .helpers import said

pytestmark = pytest.mark.django_db

TOLD = "Someone here is called %(name)s already, so the others see you as %(yours)s."


def join(workshop, name, client=None):
    """Join with the form as a phone does; the page the person lands on."""
    client = client or Client()
    response = client.post("/join/", {"code": workshop.code, "name": name}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def names_in(workshop) -> list[str]:
    return list(workshop.participants.order_by("pk").values_list("name", flat=True))


def test_a_name_taken_already_gets_the_first_free_number(workshop):
    for name in ("Anna", "Anna", "anna", "Anna (2)", "Bram"):
        services.participant_join(workshop=workshop, name=name)
    assert names_in(workshop) == ["Anna", "Anna (2)", "anna (3)", "Anna (2) (2)", "Bram"]


def test_names_are_compared_without_case_spaces_or_unicode_forms(workshop):
    services.participant_join(workshop=workshop, name="Zoë van Dijk")  # ë as one code point
    second = services.participant_join(workshop=workshop, name="  ZOE\u0308   VAN DIJK ")
    assert names.name_key(second.name) == "zoë van dijk (2)"
    assert second.name.endswith(" (2)")


def test_a_long_name_is_shortened_to_make_room_for_its_number(workshop):
    long_name = "Maximiliaan " + "x" * (NAME_MAX_LENGTH - 12)
    assert len(long_name) == NAME_MAX_LENGTH
    services.participant_join(workshop=workshop, name=long_name)
    second = services.participant_join(workshop=workshop, name=long_name)
    assert second.name == long_name[: NAME_MAX_LENGTH - 4] + " (2)"
    assert len(second.name) == NAME_MAX_LENGTH


def test_the_guest_is_told_on_their_screen_in_their_language(workshop):
    join(workshop, "Sanne")
    join(workshop, "  sanne\u0301 ")  # "sanné" once made NFC: another name
    page = join(workshop, " SANNE ")
    assert said(TOLD, name="SANNE", yours="SANNE (2)") in page
    assert "<strong>SANNE (2)</strong>" in page  # "You take part as …"
    english = Client()
    english.cookies["django_language"] = "en"
    page = join(workshop, "Sanne", client=english)
    assert said(TOLD, lang="en", name="Sanne", yours="Sanne (3)") in page
    assert names_in(workshop) == ["Sanne", "sanné", "SANNE (2)", "Sanne (3)"]


def test_a_name_nobody_has_is_kept_and_nothing_is_said(workshop):
    page = join(workshop, "Sanne")
    assert said(TOLD, name="Sanne", yours="Sanne (2)") not in page
    assert "already" not in page and "al iemand" not in page
    assert names_in(workshop) == ["Sanne"]


def test_a_member_joining_again_keeps_their_own_name(workshop, members):
    member = Client()
    member.force_login(members["participant"])
    join(workshop, "Sanne", client=member)
    page = join(workshop, "Sanne", client=member)
    assert "al iemand" not in page
    page = join(workshop, "sanne", client=member)  # their own name, written otherwise
    assert "al iemand" not in page
    assert names_in(workshop) == ["sanne"]


def test_a_member_gets_a_number_for_someone_elses_name_and_keeps_it(workshop, members):
    join(workshop, "Sanne")
    member = Client()
    member.force_login(members["participant"])
    page = join(workshop, "Sanne", client=member)
    assert said(TOLD, name="Sanne", yours="Sanne (2)") in page
    # Joining again with the name they typed first: still the name the others know them by.
    page = join(workshop, "Sanne", client=member)
    assert said(TOLD, name="Sanne", yours="Sanne (2)") in page
    assert names_in(workshop) == ["Sanne", "Sanne (2)"]
    # A member who renames themselves to a name nobody has gets it.
    join(workshop, "Sanne B", client=member)
    assert names_in(workshop) == ["Sanne", "Sanne B"]


def test_a_guest_joining_again_keeps_their_name_whatever_they_type(workshop):
    guest = Client()
    join(workshop, "Bram", client=guest)
    page = join(workshop, "Anna", client=guest)
    assert "al iemand" not in page
    assert names_in(workshop) == ["Bram"]


def test_the_database_refuses_a_second_participant_of_the_same_name(workshop):
    services.participant_join(workshop=workshop, name="Anna")
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(workshop=workshop, name="ANNA", name_key="anna")


def test_a_join_that_lost_the_name_to_another_at_that_moment_takes_the_next(workshop, monkeypatch):
    """Another join took "Anna" after this one looked (its list of names is stale): the unique
    key refuses the insert, and the next attempt finds the next free name."""
    services.participant_join(workshop=workshop, name="Anna")
    looked = []
    fresh = names.taken_keys

    def stale_once(participant):
        looked.append(participant)
        return set() if len(looked) == 1 else fresh(participant)

    monkeypatch.setattr(names, "taken_keys", stale_once)
    second = services.participant_join(workshop=workshop, name="Anna")
    assert len(looked) == 2
    assert second.name == "Anna (2)"
    assert names_in(workshop) == ["Anna", "Anna (2)"]


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database locks whole tables between threads",
)
@pytest.mark.django_db(transaction=True)
def test_people_joining_with_one_name_at_once_all_get_names_of_their_own(workshop):
    barrier = threading.Barrier(8)
    joined, crashed = [], []
    lock = threading.Lock()

    def join_now():
        try:
            barrier.wait(10)
            participant = services.participant_join(workshop=workshop, name="Sanne")
            with lock:
                joined.append(participant.name)
        except Exception as error:  # pragma: no cover - what the test must never see
            with lock:
                crashed.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=join_now) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert crashed == []
    assert sorted(joined) == sorted(["Sanne"] + [f"Sanne ({n})" for n in range(2, 9)])
    assert sorted(names_in(workshop)) == sorted(joined)
