"""One node's values from a KPI-set file, checked field by field against its model.

`FieldChecker` reads each field a model takes from the file (`FIELDS`) with the model field's
own type, length, choices and limits, then the model's `clean()` and CHECK constraints, as its
forms would; every problem becomes a message that names its place in the file. The walk over
the file's tree (`validation._Checker`) builds on it. Long text is capped at what the app's own
forms accept, so everything imported can be edited afterwards.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from csf.models import CriticalSuccessFactor
from goals.forms import LONG_TEXT
from goals.models import Goal, Strategy
from indicators.forms import STATEMENT_MAX
from indicators.models import KPI_DEFINITION_FIELDS, Kpi, KpiMilestone

from .constraints import check_constraint
from .reading import shorten, storable

MAX_ERRORS = 20  # a broken file lists this many problems, not thousands

FIELDS = {
    Strategy: ["name", "mission", "vision", "horizon_start_year", "horizon_end_year"],
    Goal: ["title", "description", "perspective", "term", "period_start", "period_end", "order"],
    CriticalSuccessFactor: ["title", "description", "order"],
    Kpi: [*KPI_DEFINITION_FIELDS, "order"],
    KpiMilestone: ["due_date", "value"],
}
# Set by the import itself, not read from the file.
LINKS = {
    Strategy: ["organisation"],
    Goal: ["strategy", "parent"],
    CriticalSuccessFactor: ["goal"],
    Kpi: ["csf", "template", "owner"],
    KpiMilestone: ["kpi"],
}
TEXT_LIMITS = {"statement": STATEMENT_MAX}

CONSTRAINT_MESSAGES = {
    "strategy_horizon_end_after_start": gettext_lazy(
        "the last year of the horizon comes before the first year."
    ),
    "strategy_horizon_plausible_years": gettext_lazy(
        "the years of the horizon must lie between 2000 and 2100."
    ),
    "goal_period_end_after_start": gettext_lazy("the period ends before it starts."),
    "kpi_target_date_after_baseline_date": gettext_lazy(
        "the target date must come after the baseline date."
    ),
    "kpi_range_bounds_consistent": gettext_lazy(
        "an upper bound of the target only belongs to a KPI 'within a range', and it cannot "
        "be below the target."
    ),
    "kpi_thresholds_consistent_with_direction": gettext_lazy(
        "the on-track threshold must be on the better side of the off-track threshold for "
        "this direction."
    ),
    "kpi_range_has_no_thresholds": gettext_lazy(
        "a KPI 'within a range' has no on-track or off-track thresholds."
    ),
}

TYPE_NAMES = {
    "text": gettext_lazy("text"),
    "whole_number": gettext_lazy("a whole number"),
    "boolean": gettext_lazy("true or false"),
    "date": gettext_lazy("a date (YYYY-MM-DD)"),
    "number": gettext_lazy("a number"),
    "list": gettext_lazy("a list"),
    "object": gettext_lazy("an object"),
    "text_or_null": gettext_lazy("text or null"),
}


def _found(value) -> str:
    if value is None:
        return _("null")
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, int):
        return _("a number")
    if isinstance(value, float | Decimal):
        return _("a decimal number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    return _("an object")


class TooManyErrors(Exception):
    pass


class FieldChecker:
    """Checks values and collects the messages; `errors` holds at most MAX_ERRORS of them."""

    def __init__(self):
        self.errors: list[str] = []
        self.labels: dict = {}

    def error(self, place: list[str], message: str) -> None:
        where = ", ".join(place)
        self.errors.append(f"{capfirst(where)}: {message}" if where else capfirst(message))
        if len(self.errors) >= MAX_ERRORS:
            raise TooManyErrors

    def wrong_type(self, place, label, expected: str, value) -> None:
        self.error(
            place,
            _("%(field)s should be %(expected)s, not %(found)s.")
            % {"field": label, "expected": TYPE_NAMES[expected], "found": _found(value)},
        )

    def too_long_or_broken(self, place, label, value: str, max_length: int) -> None:
        if not storable(value):
            self.error(
                place,
                _(
                    "%(field)s holds a character that cannot be stored (a NUL character or "
                    "broken Unicode)."
                )
                % {"field": label},
            )
        else:
            self.error(
                place,
                _("%(field)s has %(length)d characters; at most %(max)d are allowed.")
                % {"field": label, "length": len(value), "max": max_length},
            )

    # -- values ---------------------------------------------------------------------------

    def fields(self, place, data: dict, instance) -> bool:
        """Check and set each field of `instance` from `data`; then the model's own rules."""
        model = type(instance)
        before = len(self.errors)
        for name in FIELDS[model]:
            self.value(place, data, instance, model._meta.get_field(name))
        if len(self.errors) > before:
            return False
        return self.model_rules(place, instance)

    def label(self, model_field) -> str:
        """ "target (target_value)": how an error names a field (translated once per check)."""
        label = self.labels.get(model_field)
        if label is None:
            name, verbose = model_field.name, str(model_field.verbose_name)
            label = self.labels[model_field] = name if verbose == name else f"{verbose} ({name})"
        return label

    def value(self, place, data: dict, instance, model_field) -> None:
        name = model_field.name
        label = self.label(model_field)
        if name not in data:
            self.error(place, _("%(field)s is missing.") % {"field": label})
            return
        value = data[name]
        if value is None and model_field.null:
            setattr(instance, model_field.attname, None)
            return
        if isinstance(model_field, models.CharField | models.TextField):
            value = self.text(place, label, value, model_field)
        elif isinstance(model_field, models.DateField):
            value = self.date(place, label, value)
        elif isinstance(model_field, models.DecimalField):
            value = self.decimal(place, label, value, model_field)
        elif isinstance(model_field, models.BooleanField):
            if not isinstance(value, bool):
                self.wrong_type(place, label, "boolean", value)
                return
        elif isinstance(model_field, models.IntegerField):
            value = self.whole_number(place, label, value, model_field)
        if value is not None:
            setattr(instance, model_field.attname, value)

    def text(self, place, label, value, model_field) -> str | None:
        if not isinstance(value, str):
            self.wrong_type(place, label, "text", value)
            return None
        limit = model_field.max_length or TEXT_LIMITS.get(model_field.name, LONG_TEXT)
        if len(value) > limit or not storable(value):
            self.too_long_or_broken(place, label, value, limit)
            return None
        if not value.strip() and not model_field.blank:
            self.error(place, _("%(field)s is empty; it is required.") % {"field": label})
            return None
        codes = [code for code, _label in model_field.choices or []]
        if codes and value not in codes and (value or not model_field.blank):
            self.error(
                place,
                _("%(field)s has the unknown code “%(value)s”; use one of: %(codes)s.")
                % {"field": label, "value": shorten(value), "codes": ", ".join(codes)},
            )
            return None
        return value

    def date(self, place, label, value) -> datetime.date | None:
        if isinstance(value, str) and len(value) == 10:
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        self.error(place, _("%(field)s is not a date; write it as YYYY-MM-DD.") % {"field": label})
        return None

    def decimal(self, place, label, value, model_field) -> Decimal | None:
        number = None
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            number = Decimal(value)
        elif isinstance(value, str) and len(value) <= 100:
            try:
                number = Decimal(value.strip())
            except InvalidOperation:
                number = None
        if number is None or not number.is_finite():
            self.error(
                place,
                _("%(field)s is not a number; write it with a decimal point, like 12.5.")
                % {"field": label},
            )
            return None
        try:
            DecimalValidator(model_field.max_digits, model_field.decimal_places)(number)
        except ValidationError:
            self.error(
                place,
                _(
                    "%(field)s does not fit: at most %(whole)d digits before the decimal point "
                    "and %(places)d after it."
                )
                % {
                    "field": label,
                    "whole": model_field.max_digits - model_field.decimal_places,
                    "places": model_field.decimal_places,
                },
            )
            return None
        return number

    def whole_number(self, place, label, value, model_field) -> int | None:
        if not isinstance(value, int) or isinstance(value, bool):
            self.wrong_type(place, label, "whole_number", value)
            return None
        highest = 32767 if isinstance(model_field, models.SmallIntegerField) else 2147483647
        if not 0 <= value <= highest:
            self.error(
                place,
                _("%(field)s must be between %(min)d and %(max)d.")
                % {"field": label, "min": 0, "max": highest},
            )
            return None
        return value

    def model_rules(self, place, instance) -> bool:
        """The model's field validation, clean() and CHECK constraints, as its forms would."""
        model = type(instance)
        exclude = set(LINKS[model])
        try:
            instance.clean_fields(exclude=exclude)
            instance.clean()
        except ValidationError as exc:
            for message in exc.messages:
                self.error(place, message)
            return False
        for constraint in model._meta.constraints:
            if not isinstance(constraint, models.CheckConstraint):
                continue  # unique milestone dates are checked above, in the file itself
            try:
                check_constraint(model, instance, constraint, links=LINKS[model])
            except ValidationError:
                message = CONSTRAINT_MESSAGES.get(constraint.name)
                self.error(
                    place, str(message) if message else _("these values do not fit together.")
                )
                return False
        return True
