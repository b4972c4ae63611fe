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
    """A goal, optionally under a parent goal (a yearly goal under a multi-year goal)."""

    class Meta:
        model = Goal
        fields = [
            "title",
            "description",
            "parent",
            "perspective",
            "term",
            "period_start",
            "period_end",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, strategy=None, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        parent.empty_label = _("None: a goal of its own")
        parent.error_messages["invalid_choice"] = _(
            "Choose another goal of this strategy, not this goal or one under it."
        )
        if strategy is None:
            parent.queryset = Goal.objects.none()
            return
        if self.instance._state.adding:
            self.instance.strategy = strategy  # the model's check compares the parent's strategy
        # This strategy's goals, except this goal and those under it (no goal under itself).
        # Read through `goals.all()`: no query when the tree is loaded (`with_tree()`).
        links = {goal.pk: goal.parent_id for goal in strategy.goals.all()}
        under = {self.instance.pk} if not self.instance._state.adding else set()
        while grown := {pk for pk, up in links.items() if up in under} - under:
            under |= grown
        parent.queryset = strategy.goals.exclude(pk__in=under)

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
