"""Forms of the review pages: filters, status changes, comments, the small KPI fix form, and the
choice of two versions to compare."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goals.models import Perspective
from indicators.fields import LocalDecimalField
from indicators.models import Kpi, KpiStatus
from kpiplanner.core.forms import VersionedModelForm

COMMENT_MAX = 2000
REASON_MAX = 2000
NOTE_MAX = 2000


class ReviewFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *KpiStatus.choices]
    )
    perspective = forms.ChoiceField(
        label=_("Perspective"),
        required=False,
        choices=[("", _("All perspectives")), *Perspective.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filters(self) -> dict[str, str]:
        """The valid filters; an unknown value in the address simply shows everything."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(choices=KpiStatus.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "Keep the reason under %(limit_value)d characters (now %(show_value)d)."
            )
        },
        help_text=_("Required when you reject: say what must change."),
    )

    def clean(self):
        data = super().clean()
        if data.get("to_status") == KpiStatus.REJECTED and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why you reject this KPI, so it can be fixed."))
        return data


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Write a comment first."),
            "max_length": _(
                "Keep the comment under %(limit_value)d characters (now %(show_value)d)."
            ),
        },
    )

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError(_("Write a comment first."))
        return body


class KpiFixForm(VersionedModelForm):
    """The few fields a facilitator changes after a rejection (the wizard has the full editor)."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    # A text field that reads and writes "12,5" in Dutch: a number input can't show "25,0000",
    # so the browser sent it back empty and saving the card wiped the target.
    target_value = LocalDecimalField(label=_("target"), required=False)

    class Meta:
        model = Kpi
        fields = ["name", "statement", "target_value", "target_date"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2}),
            "target_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "name": {"max_length": _("Keep the name under %(limit_value)d characters.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement"].max_length = 1000
        self.fields["statement"].widget.attrs["maxlength"] = 1000
        for field in self.visible_fields():
            field.field.widget.attrs.setdefault("class", "form-control")

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = "form-control is-invalid"
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def clean_statement(self):
        statement = self.cleaned_data["statement"]
        if len(statement) > 1000:
            raise ValidationError(_("Keep the statement under 1000 characters."))
        return statement

    def clean_target_date(self):
        day: datetime.date | None = self.cleaned_data["target_date"]
        if day and day < timezone.localdate():
            raise ValidationError(_("The target date lies in the past; choose a later date."))
        baseline = self.instance.baseline_date
        if day and baseline and day <= baseline:
            raise ValidationError(
                _("The target date must come after the baseline date (%(date)s).")
                % {"date": baseline.isoformat()}
            )
        return day


class CompareForm(forms.Form):
    """Two version numbers of one strategy; `numbers` are the versions that exist."""

    old = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    new = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, str(n)) for n in numbers]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices
        for name in ("old", "new"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "There is no version %(value)s of this KPI set."
            )

    def clean(self):
        data = super().clean()
        if data.get("old") is not None and data.get("old") == data.get("new"):
            raise ValidationError(_("Choose two different versions."))
        return data


class SetApproveForm(forms.Form):
    """The confirmation of a new version: the note, and the digest of the set that was shown."""

    basis = forms.CharField(widget=forms.HiddenInput, max_length=64)
    note = forms.CharField(
        label=_("Note with this version (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX}),
        help_text=_("Shown on the version's page and in its handbook, for example why it changed."),
        error_messages={
            "max_length": _("Keep the note under %(limit_value)d characters (now %(show_value)d).")
        },
    )
