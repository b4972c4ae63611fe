"""Forms for strategies and goals."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The form base moved to kpiplanner.core.forms; these names stay importable from here.
from kpiplanner.core.forms import (  # noqa: F401
    EDIT_CONFLICT_MESSAGE,
    LONG_TEXT,
    SHORT_TEXT,
    VersionedModelForm,
    is_blank,
)

from .models import Goal, Strategy


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
