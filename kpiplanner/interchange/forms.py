"""The upload form of the import page."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .validation import max_file_bytes, size_refusal


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("KPI-set file (JSON)"),
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A file downloaded as JSON from an approved version in KPI Planner, at most %(max)s."
        ) % {"max": filesizeformat(max_file_bytes())}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_file_bytes():
            raise forms.ValidationError(size_refusal(upload.size).messages[0])
        return upload
