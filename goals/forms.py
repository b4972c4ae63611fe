"""Forms for strategies and goals, and the base every wizard form shares."""

from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Goal, Strategy

# Long text is capped so a paste of a whole document is refused with a message, not stored.
SHORT_TEXT = 200
LONG_TEXT = 2000

EDIT_CONFLICT_MESSAGE = _(
    "Someone else saved this item while you were editing it. Your text is still below: "
    "compare it with the current version (open the page again in a new tab), then save again."
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


def this_year() -> int:
    return timezone.localdate().year


class StrategyForm(VersionedModelForm):
    """The strategy itself: name, mission and vision, and the horizon in years."""

    class Meta:
        model = Strategy
        fields = ["name", "mission", "vision", "horizon_start_year", "horizon_end_year"]
        widgets = {
            "mission": forms.Textarea(attrs={"rows": 2}),
            "vision": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "horizon_end_year": _(
                "Usually two to four years after the first year: a horizon of three to five years."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("horizon_start_year", "horizon_end_year"):
            field = self.fields[name]
            field.validators += [MinValueValidator(2000), MaxValueValidator(2100)]
            field.widget.attrs.update(min=2000, max=2100)
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("horizon_start_year", this_year())
            self.initial.setdefault("horizon_end_year", this_year() + 3)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("horizon_start_year"), cleaned.get("horizon_end_year")
        if start and end:
            if end < start:
                self.add_error(
                    "horizon_end_year", _("The last year cannot come before the first year.")
                )
            elif end - start > 10:
                self.add_error(
                    "horizon_end_year",
                    _("A horizon of more than ten years is too far away to manage by."),
                )
            elif end < this_year():
                self.add_error(
                    "horizon_end_year",
                    _("This horizon has already ended; plan for the years ahead."),
                )
        return cleaned


class GoalForm(VersionedModelForm):
    class Meta:
        model = Goal
        fields = ["title", "description", "perspective", "term", "period_start", "period_end"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, strategy=None, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_period_end(self):
        end = self.cleaned_data.get("period_end")
        if end and end < timezone.localdate() and end != self.initial.get("period_end"):
            raise forms.ValidationError(_("The period cannot end in the past."))
        return end

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end after it starts."))
        return cleaned


def is_blank(form: forms.BaseForm, names) -> bool:
    """True when the user typed nothing in any of `names` (used to skip an empty add form)."""
    return not any(str(form.data.get(form.add_prefix(name), "")).strip() for name in names)
