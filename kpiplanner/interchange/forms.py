"""The upload form of the import page."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .reading import max_file_bytes, size_refusal
from .sheets import sheet_name_allowed


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


class MeasurementFileForm(ImportForm):
    """The upload form of the KPI values import: a CSV or Excel sheet."""

    file = forms.FileField(
        label=_("Sheet with values (CSV or Excel .xlsx)"),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.txt,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Columns KPI, period, value and note, as in the template; at most %(max)s."
        ) % {"max": filesizeformat(max_file_bytes())}

    def clean_file(self):
        upload = super().clean_file()
        if not sheet_name_allowed(upload.name):
            raise forms.ValidationError(
                _("A %(kind)s file cannot be imported here: upload a .csv or .xlsx file.")
                % {"kind": _file_kind(upload.name)}
            )
        return upload


def _file_kind(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1] if "." in name else ""
    return f".{suffix[:10]}" if suffix else _("nameless")
