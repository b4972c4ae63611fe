"""The form for a critical success factor."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kpiplanner.core.forms import VersionedModelForm

from .models import CriticalSuccessFactor


class CsfForm(VersionedModelForm):
    class Meta:
        model = CriticalSuccessFactor
        fields = ["goal", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this strategy's goals: a foreign or made-up id is an ordinary form error.
        self.fields["goal"].queryset = strategy.goals.all()
        self.fields["goal"].error_messages["invalid_choice"] = _(
            "Choose one of this strategy's goals."
        )
