"""The form base every form of a versioned model shares (see `core.models.VersionedModel`)."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .models import EditConflict

# Long text is capped so a paste of a whole document is refused with a message, not stored.
SHORT_TEXT = 200
LONG_TEXT = 2000

EDIT_CONFLICT_MESSAGE = _(
    "Someone else saved this item while you were editing it. Your text is still below: "
    "compare it with the current version (open the page again in a new tab), then save again."
)
# A form for an existing item that comes back without the version it was loaded with (an old
# page, a script, a hand-made request) cannot be checked against later edits: refused alike.
MISSING_VERSION_MESSAGE = _(
    "This form did not say which version of the item it was opened on, so saving it could "
    "overwrite someone else's changes. Your text is still below: check it against the current "
    "version, then save again."
)


class VersionedModelForm(forms.ModelForm):
    """A model form that carries the version it was loaded with, for `save_versioned`."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding and not self.is_bound:
            self.initial["version"] = self.instance.version
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length is None:
                # Text areas have no database limit; cap them so a pasted document is refused.
                field.max_length = LONG_TEXT
                field.validators.append(MaxLengthValidator(LONG_TEXT))
                field.widget.attrs["maxlength"] = LONG_TEXT

    @property
    def expected_version(self) -> int:
        version = self.cleaned_data.get("version")
        return self.instance.version if version is None else version

    def save_versioned(self, *, message=EDIT_CONFLICT_MESSAGE, update_fields=None) -> bool:
        """Save the valid form unless someone else saved the item since it was loaded.

        On a conflict nothing is written, `message` becomes the form's error (see `conflict`)
        and the answer is False; the caller shows the form again. Call it inside the caller's
        transaction when more is written with it; `EditConflict` is not raised.

        Editing an existing item without the version field is a conflict too (nothing can say
        whether someone else saved since), not an edit silently applied over theirs.
        """
        if not self.instance._state.adding and self.cleaned_data.get("version") is None:
            self.conflict(MISSING_VERSION_MESSAGE)
            return False
        try:
            self.instance.save_versioned(
                expected_version=self.expected_version, update_fields=update_fields
            )
        except EditConflict:
            self.conflict(message)
            return False
        return True

    def conflict(self, message) -> None:
        """Someone else saved this item meanwhile: say so, keep the user's text, and carry the
        saved version from now on, so saving this text again overwrites knowingly instead of
        conflicting with the same save for ever."""
        self.add_error(None, message)
        saved = (
            type(self.instance)
            .objects.filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if saved is not None:
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = saved


def is_blank(form: forms.BaseForm, names) -> bool:
    """True when the user typed nothing in any of `names` (used to skip an empty add form)."""
    return not any(str(form.data.get(form.add_prefix(name), "")).strip() for name in names)
