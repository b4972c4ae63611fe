"""The KPI form with its milestones, and the lenient reading of the same fields behind the live
SMART feedback (`SmartFeedbackInput`).

Numbers are entered the way the user writes them (`fields.LocalDecimalField`); the form for one
KPI value is `measurement_form.MeasurementForm`.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kpiplanner.accounts.models import display_name
from kpiplanner.core.forms import LONG_TEXT, VersionedModelForm

from .fields import DATE_WIDGET, LocalDecimalField
from .models import (
    KPI_DEFINITION_FIELDS,
    Direction,
    Frequency,
    Kpi,
    KpiMilestone,
    KpiTemplate,
    Unit,
)

STATEMENT_MAX = 1000
# Feedback judges at most this much text, so a 100 kB paste still answers quickly.
FEEDBACK_TEXT_LIMIT = 2000
CONTEXT_CACHE_SECONDS = 60


class KpiForm(VersionedModelForm):
    """A KPI's definition card, as the facilitator fills it in the wizard."""

    baseline_value = LocalDecimalField(label=_("baseline"), required=False)
    target_value = LocalDecimalField(label=_("target"), required=False)
    target_max = LocalDecimalField(
        label=_("target upper bound"),
        required=False,
        help_text=_("Only for 'within a range': the highest value that is still on target."),
    )
    on_track_threshold = LocalDecimalField(required=False)
    off_track_threshold = LocalDecimalField(required=False)
    # Not required: a form posted without it (an older page, a script) keeps the KPI's weight.
    weight = forms.IntegerField(
        label=_("Weight in the roll-up"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_(
            "How much this KPI counts in the progress of its critical success factor, goal and "
            "strategy: 1 is normal, 2 counts twice as much, 0 leaves it out of the mean (its "
            "status still shows)."
        ),
    )

    class Meta:
        model = Kpi
        fields = ["csf", "template", *KPI_DEFINITION_FIELDS, "owner", "weight"]
        widgets = {
            "template": forms.HiddenInput,
            "statement": forms.Textarea(attrs={"rows": 2}),
            "definition": forms.Textarea(attrs={"rows": 2}),
            "rationale": forms.Textarea(attrs={"rows": 2}),
            "baseline_date": forms.DateInput(**DATE_WIDGET),
            "target_date": forms.DateInput(**DATE_WIDGET),
        }

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        from csf.models import CriticalSuccessFactor

        # Only this strategy's CSFs and this organisation's people can be chosen: a foreign id
        # is an ordinary "choose a valid option" error.
        self.fields["csf"].queryset = CriticalSuccessFactor.objects.filter(
            goal__strategy=strategy
        ).select_related("goal")
        self.fields["csf"].label_from_instance = lambda csf: f"{csf.goal.title} → {csf.title}"
        self.fields["csf"].error_messages["invalid_choice"] = _(
            "Choose one of this strategy's critical success factors."
        )
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(memberships__organisation_id=strategy.organisation_id)
            .order_by("first_name", "last_name", "username")
        )
        self.fields["owner"].label_from_instance = display_name
        self.fields["owner"].error_messages["invalid_choice"] = _(
            "Choose a member of this organisation as owner."
        )
        self.fields["template"].queryset = KpiTemplate.objects.all()
        self.fields["template"].error_messages["invalid_choice"] = _(
            "That library template does not exist."
        )
        for name in (
            "baseline_value",
            "target_value",
            "target_max",
            "on_track_threshold",
            "off_track_threshold",
        ):
            model_field = Kpi._meta.get_field(name)
            self.fields[name].label = capfirst(model_field.verbose_name)
            self.fields[name].help_text = model_field.help_text
        statement = self.fields["statement"]
        statement.max_length = STATEMENT_MAX
        statement.validators[-1].limit_value = STATEMENT_MAX
        statement.widget.attrs["maxlength"] = STATEMENT_MAX
        statement.help_text = _(
            "One sentence with the metric, the target and the deadline, for example "
            "“Average ticket resolution time from 14 to 10 hours by the end of Q1 2027”."
        )

    def show_unjudged(self) -> None:
        """Show the posted values again without judging them: the user searched the library
        or used a template, and has not asked to save yet. (The milestones posted along read
        `cleaned_data`, empty here, so they are not judged against the KPI either.)"""
        self._errors = ErrorDict()
        self.cleaned_data = {}

    def clean_weight(self):
        weight = self.cleaned_data.get("weight")
        return self.instance.weight if weight is None else weight

    def clean_target_date(self):
        target = self.cleaned_data.get("target_date")
        unchanged = not self.instance._state.adding and target == self.instance.target_date
        if target and target < timezone.localdate() and not unchanged:
            raise forms.ValidationError(_("The target date is in the past; choose a future date."))
        return target

    def clean(self):
        cleaned = super().clean()
        baseline_date, target_date = cleaned.get("baseline_date"), cleaned.get("target_date")
        if baseline_date and target_date and target_date <= baseline_date:
            self.add_error("target_date", _("The target date must come after the baseline date."))
        direction = cleaned.get("direction")
        target, target_max = cleaned.get("target_value"), cleaned.get("target_max")
        if target_max is not None:
            if direction != Direction.RANGE:
                self.add_error(
                    "target_max",
                    _("An upper bound only applies when the direction is 'within a range'."),
                )
            elif target is not None and target_max < target:
                self.add_error("target_max", _("The upper bound cannot be below the target."))
        self._clean_thresholds(direction, cleaned)
        return cleaned

    def _clean_thresholds(self, direction, cleaned) -> None:
        """The thresholds must suit the direction, as the database's constraints demand."""
        on_track = cleaned.get("on_track_threshold")
        off_track = cleaned.get("off_track_threshold")
        if on_track is None and off_track is None:
            return
        if direction == Direction.RANGE:
            message = _(
                "Thresholds do not apply to 'within a range': the range itself says what is "
                "on target. Leave them empty."
            )
            for name in ("on_track_threshold", "off_track_threshold"):
                if cleaned.get(name) is not None:
                    self.add_error(name, message)
        elif on_track is not None and off_track is not None:
            if direction == Direction.HIGHER and on_track < off_track:
                self.add_error(
                    "off_track_threshold",
                    _(
                        "Higher is better, so “off track” must lie at or below “on track” "
                        "(%(on_track)s)."
                    )
                    % {"on_track": formats.number_format(on_track.normalize(), use_l10n=True)},
                )
            elif direction == Direction.LOWER and on_track > off_track:
                self.add_error(
                    "off_track_threshold",
                    _(
                        "Lower is better, so “off track” must lie at or above “on track” "
                        "(%(on_track)s)."
                    )
                    % {"on_track": formats.number_format(on_track.normalize(), use_l10n=True)},
                )


MAX_MILESTONES = 12


class MilestoneForm(forms.ModelForm):
    """One intermediate target: a date and the value the KPI should have reached by then."""

    value = LocalDecimalField(label=capfirst(_("value")))

    class Meta:
        model = KpiMilestone
        fields = ["due_date", "value"]
        widgets = {"due_date": forms.DateInput(**DATE_WIDGET)}
        labels = {"due_date": capfirst(_("date"))}


class BaseMilestoneFormSet(forms.BaseInlineFormSet):
    """A KPI's milestones, checked against the KPI form they are posted with: between the
    baseline and target dates, one per date, and moving the way the direction says."""

    default_error_messages = {
        **forms.BaseInlineFormSet.default_error_messages,
        "too_many_forms": _("Keep it to at most %(num)d milestones."),
    }

    def __init__(self, *args, kpi_form=None, **kwargs):
        self.kpi_form = kpi_form
        super().__init__(*args, **kwargs)

    def clean(self):
        # (form, date, value) of every milestone that stays, read before any error is added.
        kept = [
            (form, form.cleaned_data["due_date"], form.cleaned_data["value"])
            for form in self.forms
            if form.is_valid()
            and form.cleaned_data.get("due_date")
            and form.cleaned_data.get("value") is not None
            and not form.cleaned_data.get("DELETE")
        ]
        dates = [due for _form, due, _value in kept]
        if len(dates) != len(set(dates)):
            raise ValidationError(_("Give each milestone its own date."))
        kpi = {}
        if self.kpi_form is not None and self.kpi_form.is_bound:
            self.kpi_form.is_valid()  # cleans once; the result is kept
            kpi = self.kpi_form.cleaned_data
        self._check_dates(kept, kpi)
        self._check_direction(sorted(kept, key=lambda row: row[1]), kpi)
        super().clean()

    def _check_dates(self, kept, kpi) -> None:
        start, end = kpi.get("baseline_date"), kpi.get("target_date")
        today = timezone.localdate()
        for form, due, _value in kept:
            if (start and due <= start) or (end and due > end):
                form.add_error(
                    "due_date",
                    _("Choose a date after the baseline date and no later than the target date."),
                )
            elif due < today and "due_date" in form.changed_data:
                form.add_error("due_date", _("This date is in the past; choose a future date."))

    def _check_direction(self, ordered, kpi) -> None:
        """Along the dates, the values move from the baseline towards the target."""
        direction = kpi.get("direction")
        if direction not in (Direction.HIGHER, Direction.LOWER):
            return
        sign = 1 if direction == Direction.HIGHER else -1
        previous = kpi.get("baseline_value")
        target = kpi.get("target_value")
        for form, _due, value in ordered:
            backwards = previous is not None and sign * (value - previous) < 0
            beyond = target is not None and sign * (value - target) > 0
            if backwards or beyond:
                form.add_error(
                    "value",
                    _(
                        "Higher is better: a milestone cannot be below the baseline or an "
                        "earlier milestone, nor above the target."
                    )
                    if sign == 1
                    else _(
                        "Lower is better: a milestone cannot be above the baseline or an "
                        "earlier milestone, nor below the target."
                    ),
                )
            else:
                previous = value


MilestoneFormSet = forms.inlineformset_factory(
    Kpi,
    KpiMilestone,
    form=MilestoneForm,
    formset=BaseMilestoneFormSet,
    extra=1,
    max_num=MAX_MILESTONES,
    validate_max=True,
    can_delete=True,
)


def milestone_formset(data, *, kpi_form) -> BaseMilestoneFormSet:
    """The milestones posted with `kpi_form`, or its saved ones when none were posted.

    A POST without the milestones' management form (an older page, a script) leaves the
    milestones as they are instead of failing.
    """
    prefix = "milestones"
    bound = data is not None and f"{prefix}-TOTAL_FORMS" in data
    kpi = kpi_form.instance
    # A new KPI already has its UUID, so say explicitly that it has no milestones yet.
    queryset = KpiMilestone.objects.none() if kpi._state.adding else None
    return MilestoneFormSet(
        data if bound else None,
        instance=kpi,
        queryset=queryset,
        prefix=prefix,
        kpi_form=kpi_form,
    )


class SmartFeedbackInput:
    """The KPI form's fields read leniently: whatever does not parse is simply not judged.

    Not a `forms.Form`: a bound Form deep-copies its fields and builds error lists on every
    request, and this runs on every pause in typing while it is never rendered and never
    reports an error. The fields below are shared and only asked to `clean` a value, which
    changes nothing on them.
    """

    fields = {
        "statement": forms.CharField(required=False, strip=True),
        "csf": forms.UUIDField(required=False),  # malformed: left out, so no context
        "unit": forms.ChoiceField(choices=Unit.choices, required=False),
        "direction": forms.ChoiceField(choices=Direction.choices, required=False),
        "baseline_value": LocalDecimalField(required=False),
        "baseline_date": forms.DateField(required=False),
        "target_value": LocalDecimalField(required=False),
        "target_max": LocalDecimalField(required=False),
        "target_date": forms.DateField(required=False),
        "frequency": forms.ChoiceField(choices=Frequency.choices, required=False),
        "data_source": forms.CharField(required=False),
        "owner": forms.IntegerField(required=False),
        "owner_accepted": forms.BooleanField(required=False),
        "rationale": forms.CharField(required=False),
    }

    def __init__(self, data, *, memberships):
        self.data = data
        self.memberships = memberships
        self.cleaned_data = {}
        for name, field in self.fields.items():
            try:
                value = field.clean(field.widget.value_from_datadict(data, None, name))
            except ValidationError:
                continue
            self.cleaned_data[name] = value

    def _context_row(self) -> dict | None:
        """The named CSF's titles and horizon, and the owner's name (two small queries).

        Only a CSF of one of the user's organisations counts; a foreign, missing or malformed
        id is treated alike (None), so nothing leaks about it. The owner is looked up among the
        members of the CSF's organisation only; without a CSF there is no context to judge A by.
        Plain `values_list` queries: this runs on every pause in typing.
        """
        from csf.models import CriticalSuccessFactor

        pk = self.cleaned_data.get("csf")
        if not pk:
            return None
        try:
            rows = list(
                CriticalSuccessFactor.objects.filter(
                    pk=pk, goal__strategy__organisation_id__in=list(self.memberships)
                ).values_list(
                    "title",
                    "goal__title",
                    "goal__strategy__horizon_start_year",
                    "goal__strategy__horizon_end_year",
                    "goal__strategy__organisation_id",
                )[:1]
            )
        except (ValidationError, ValueError, OverflowError):
            return None
        if not rows:
            return None
        csf_title, goal_title, start, end, organisation_id = rows[0]
        row = {"csf_title": csf_title, "goal_title": goal_title, "start": start, "end": end}
        owner = self.cleaned_data.get("owner")
        if owner:
            people = list(
                get_user_model()
                .objects.filter(pk=owner, memberships__organisation_id=organisation_id)
                .values_list("first_name", "last_name", "username")[:1]
            )
            if people:
                first, last, username = people[0]
                row["owner"] = " ".join(filter(None, [first, last])) or username
        return row

    def _cached_context_row(self) -> dict | None:
        """`_context_row`, remembered for a minute: it is asked again on every pause in typing,
        and a CSF's title or horizon changing a few seconds late in the feedback is harmless.
        The key holds the user's organisations, so one user never sees another's lookup, and
        only ids (a UUID and a number): never text as typed, which a cache like memcached
        refuses."""
        if not self.cleaned_data.get("csf"):
            return None
        key = "smart-context:{}:{}:{}".format(
            ",".join(str(pk) for pk in sorted(self.memberships)),
            self.cleaned_data["csf"],
            self.cleaned_data.get("owner") or "",
        )
        row = cache.get(key)
        if row is None:
            row = self._context_row() or {}
            cache.set(key, row, CONTEXT_CACHE_SECONDS)
        return row or None

    def evaluation(self, *, lang: str):
        """Judge the typed KPI, with its CSF, goal and horizon as context when they are known."""
        from indicators.smart import KpiContext, evaluate

        data = self.cleaned_data
        row = self._cached_context_row() or {}
        statement = (data.get("statement") or "")[:FEEDBACK_TEXT_LIMIT]
        context = KpiContext(
            statement=statement,
            lang=lang,
            today=timezone.localdate(),
            unit=data.get("unit") or None,
            direction=data.get("direction") or None,
            baseline_value=data.get("baseline_value"),
            baseline_date=data.get("baseline_date"),
            target_value=data.get("target_value"),
            target_max=data.get("target_max"),
            target_date=data.get("target_date"),
            frequency=data.get("frequency") or None,
            data_source=(data.get("data_source") or "")[:200],
            owner=row.get("owner", ""),
            owner_accepted=bool(data.get("owner_accepted")),
            csf_title=row.get("csf_title", ""),
            goal_title=row.get("goal_title", ""),
            rationale=(data.get("rationale") or "")[:LONG_TEXT],
            horizon_start_year=row.get("start"),
            horizon_end_year=row.get("end"),
            has_context=bool(row),
        )
        return evaluate(context)
