"""Building blocks shared by the domain models."""

import uuid

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class EditConflict(Exception):
    """Someone else saved the object since this user loaded it."""


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
