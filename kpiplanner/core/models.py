"""Building blocks shared by the domain models."""

import uuid

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class EditConflict(Exception):
    """Someone else saved the object since this user loaded it."""


def hold_against_delete(obj) -> bool:
    """Lock `obj`'s row until the surrounding transaction ends; False when it is gone.

    For writes that add something under `obj` (a comment, a child): a deletion of `obj` locks
    the rows it removes first, so it either waits until this write is committed (and takes
    what it added into its copy for Undo) or went first, and then this answers False and the
    caller refuses with a message instead of failing on the foreign key at commit. The lock is
    FOR NO KEY UPDATE: it keeps a deletion out without blocking other additions' key checks.
    """
    return type(obj)._base_manager.select_for_update(no_key=True).filter(pk=obj.pk).exists()


class VersionedModel(models.Model):
    """A model people edit: a UUID key for URLs, timestamps, and a version counter.

    The version lets a form detect a conflicting edit: the form carries the version it was
    loaded with, and `save_versioned` only writes when the row still has that version.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def save_versioned(self, *, expected_version: int, update_fields=None) -> None:
        """Save only if nobody else saved since `expected_version`; raise EditConflict if they did.

        The check and the write happen in one UPDATE, so two concurrent saves cannot both win.
        """
        if self._state.adding:
            self.save()
            return
        manager = type(self)._base_manager
        with transaction.atomic():
            updated = manager.filter(pk=self.pk, version=expected_version).update(
                version=F("version") + 1
            )
            if not updated:
                raise EditConflict
            self.version = expected_version + 1
            fields = None if update_fields is None else [*update_fields, "version", "updated_at"]
            self.save(update_fields=fields)
