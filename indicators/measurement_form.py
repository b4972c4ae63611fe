"""The form for one KPI value: a period, the value, a note, and the confirmation that a value is
replaced (`MeasurementForm`, on "My KPIs" and the KPI page; the rules are `measurements.py`'s)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kpiplanner.core.forms import LONG_TEXT

from .fields import DATE_WIDGET, LocalDecimalField


class PeriodChoiceField(forms.ChoiceField):
    """The open periods to choose from; a period no longer listed (filled by someone else since
    the page was loaded) is still taken, so the form can say it has a value now."""

    def valid_value(self, value):
        if super().valid_value(value):
            return True
        try:
            datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return False
        return True


class MeasurementForm(forms.Form):
    """A value for one period of a KPI, as its owner enters it on "My KPIs" or the KPI page.

    The period is picked from the periods that still want a value, or named by any date in it.
    A period that has a value already is a correction: the form says whose value it replaces
    and only saves once `replaces` carries that value's id and version (the notice puts it
    there), so nobody overwrites a value without having seen it. The rules of a value itself
    (off track needs a note, no future period) are the service's (indicators/measurements.py).
    """

    value = LocalDecimalField(label=_("Value"))
    period = PeriodChoiceField(label=_("Period"), required=False)
    period_date = forms.DateField(
        label=_("or another period: a date in it"),
        required=False,
        widget=forms.DateInput(**DATE_WIDGET),
    )
    note = forms.CharField(
        # "Toelichting", as in the import's column and the off-track message.
        label=pgettext_lazy("measurement", "Note"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the value is off track: what explains it, and what is done."),
    )
    replaces = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, kpi, open_periods=(), **kwargs):
        kwargs.setdefault("auto_id", f"id_{kpi.pk}_%s")
        super().__init__(*args, **kwargs)
        from .templatetags.kpi_tags import period_label

        self.kpi = kpi
        self.existing = None  # the value a correction replaces
        kinds = {"overdue": _("overdue"), "due": _("due"), "open": _("running")}
        choices = [
            (p.start.isoformat(), f"{period_label(p.start, kpi.frequency)} ({kinds[p.kind]})")
            for p in open_periods
        ]
        self.fields["period"].choices = [("", _("Another period…")), *choices]
        if choices and not self.is_bound and "period" not in self.initial:
            self.initial["period"] = choices[0][0]  # the oldest that is missing
        self.fields["period"].error_messages["invalid_choice"] = _(
            "Choose one of the listed periods, or give a date."
        )

    def chosen_period(self):
        """The period named by the date (the period it falls in), else by the list; None."""
        from . import tracking

        day = self.cleaned_data.get("period_date")
        if day:
            return tracking.period_start(day, self.kpi.frequency)
        chosen = self.cleaned_data.get("period")
        return datetime.date.fromisoformat(chosen) if chosen else None

    def clean(self):
        from .measurements import period_problem
        from .models import Measurement

        cleaned = super().clean()
        if self.errors.get("period") or self.errors.get("period_date"):
            return cleaned
        period = self.chosen_period()
        field = "period_date" if cleaned.get("period_date") else "period"
        if period is None:
            self.add_error("period", _("Choose the period this value belongs to."))
            return cleaned
        if self.kpi.status not in self.kpi.TRACKED_STATUSES:
            self.add_error(None, _("This KPI is rejected or retired: it takes no more values."))
            return cleaned
        problem = period_problem(self.kpi, period)
        if problem:
            self.add_error(field, problem)
            return cleaned
        cleaned["period_start"] = period
        self.existing = (
            Measurement.objects.select_related("entered_by")
            .filter(kpi=self.kpi, period=period)
            .first()
        )
        if self.existing is not None and cleaned.get("replaces") != replaces_key(self.existing):
            self.add_error(
                None,
                forms.ValidationError(
                    _("This period has a value already. Check it below, then save again."),
                    code="unconfirmed",
                ),
            )
        return cleaned

    @property
    def unconfirmed(self) -> bool:
        """The only thing missing is the confirmation that a value is to be replaced."""
        return self.has_error(forms.forms.NON_FIELD_ERRORS, "unconfirmed")


def replaces_key(measurement) -> str:
    """What a correction carries to say it has seen the value it replaces (id and version)."""
    return f"{measurement.pk}:{measurement.version}"
