"""Display names in a workshop: no two participants show under the same name.

Names are compared as people read them: case-insensitively, after trimming and Unicode NFC
normalisation (`name_key`). Someone who joins with a name another participant has already
gets the first free number after it ("Sanne" joins as "Sanne (2)") and is told so on their
screen (`views._admit`); a member joining again keeps their own name. `Participant.name_key`
is unique in a workshop, so this holds when people join at the same moment too.
"""

import itertools
import unicodedata

from django.db import IntegrityError, transaction

from .models import NAME_MAX_LENGTH, Participant

ATTEMPTS = 5


def name_key(name: str) -> str:
    """`name` as it is compared: spaces trimmed and collapsed, NFC, case-folded."""
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    return unicodedata.normalize("NFC", name.casefold())


def free_name(name: str, taken: set) -> str:
    """`name`, or, when its key is in `taken`, the first "name (n)" whose key is not."""
    if name_key(name) not in taken:
        return name
    for number in itertools.count(2):
        suffix = f" ({number})"
        candidate = name[: NAME_MAX_LENGTH - len(suffix)].rstrip() + suffix
        if name_key(candidate) not in taken:
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def taken_keys(participant: Participant) -> set:
    """The names of the workshop's other participants, as keys."""
    others = Participant.objects.filter(workshop_id=participant.workshop_id)
    if participant.pk is not None:
        others = others.exclude(pk=participant.pk)
    return set(others.values_list("name_key", flat=True))


def save_named(participant: Participant, name: str) -> Participant:
    """Save `participant` (a new one, or a member joining again) as `name`, or as its first
    free numbered variant when someone else in the workshop has that name.

    `services.participant_join` holds the workshop's row lock, so joins take their turns; should
    another join take the name in between all the same, the unique key refuses this one and the
    next free name is chosen."""
    for attempt in range(1, ATTEMPTS + 1):
        participant.name = free_name(name, taken_keys(participant))
        participant.name_key = name_key(participant.name)
        try:
            with transaction.atomic():
                if participant.pk is None:
                    participant.save()
                else:
                    participant.save(update_fields=["name", "name_key"])
        except IntegrityError:
            if attempt == ATTEMPTS:
                raise
        else:
            return participant
    raise AssertionError("unreachable")  # pragma: no cover
