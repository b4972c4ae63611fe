"""What the API reads and answers, as typed schemas (the OpenAPI document is made from them)."""

import datetime
import math
import re
import uuid
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import DecimalValidator, ProhibitNullCharactersValidator
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import WithJsonSchema, field_validator

from indicators.models import AMOUNT
from kpiplanner.core.forms import LONG_TEXT

# The longest note, as every form of the app takes it.
NOTE_MAX_LENGTH = LONG_TEXT
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

Status = Literal["on_track", "at_risk", "off_track", "no_data", "overdue"]


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    """Every refusal: why, in the caller's language (Accept-Language: nl or en)."""

    detail: str
    errors: list[FieldError] | None = Field(None, description="Per field, for a 422.")


class StrategyOut(Schema):
    id: uuid.UUID
    name: str
    state: Literal["draft", "under_review", "approved"]
    version: int | None = Field(description="The number of the latest approved version.")
    changes_under_review: bool = Field(
        description="An approved strategy with KPIs proposed again, awaiting review."
    )
    horizon_start_year: int
    horizon_end_year: int


class Node(Schema):
    id: uuid.UUID
    progress: float | None = Field(
        description="Progress from 0 to 1 (capped); for a node, the weighted mean of the KPIs "
        "below that have one; null when nothing is measured."
    )
    status: Status | None = Field(
        description="A KPI's status; for a node, the worst status below it. Null for a "
        "rejected or retired KPI, which takes no part in the roll-up."
    )


class RolledUp(Node):
    measured: int = Field(description="How many KPIs below have a progress.")
    total: int = Field(description="How many KPIs below take part in the roll-up.")


class KpiProgress(Node):
    name: str
    unit: str
    weight: int
    latest_value: float | None
    latest_period: datetime.date | None


class CsfProgress(RolledUp):
    title: str
    kpis: list[KpiProgress]


class GoalProgress(RolledUp):
    title: str
    csfs: list[CsfProgress]


class StrategyProgress(RolledUp):
    name: str
    goals: list[GoalProgress]


class Change(Schema):
    when: datetime.datetime
    by: str | None = Field(description="The username of who made the change.")
    value: float
    note: str
    kind: Literal["entered", "corrected"]


class MeasurementOut(Schema):
    period: datetime.date
    value: float
    note: str
    entered_by: str | None
    updated_at: datetime.datetime
    changes: list[Change] = Field(description="Every entry and correction, newest first.")


class RecordedOut(Schema):
    period: datetime.date
    value: float
    note: str
    entered_by: str | None
    corrected: bool = Field(description="The period had a value: this one replaced it.")
    previous_value: float | None


class MeasurementIn(Schema):
    period: datetime.date = Field(
        description="The first day of the period, as YYYY-MM-DD.", examples=["2027-03-01"]
    )
    # A JSON number only (the validator refuses text): the schema says so, not Decimal's
    # "number or string".
    value: Annotated[Decimal, WithJsonSchema({"type": "number"})] = Field(
        description="A JSON number, such as 12.5 (a point before the decimals; text such as "
        '"12,5" is refused).',
        examples=[12.5],
    )
    note: str = Field("", description="Required when the value is off track.")

    @field_validator("period", mode="before")
    @classmethod
    def iso_date(cls, value):
        if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
            raise ValueError(
                _("Write the period's first day as YYYY-MM-DD, for example 2027-03-01.")
            )
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(
                _("%(value)s is not a date in the calendar.") % {"value": value}
            ) from None

    @field_validator("value", mode="before")
    @classmethod
    def json_number(cls, value):
        # Text is never read as a number: "12,5" or "1.250" would be a guess at the notation.
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(
                _(
                    "Send the value as a JSON number, such as 12.5: a point before the decimals, "
                    "no thousands separator, not in quotes."
                )
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(_("The value must be a finite number."))
        try:
            number = Decimal(str(value))
            DecimalValidator(AMOUNT["max_digits"], AMOUNT["decimal_places"])(number)
        except (InvalidOperation, DjangoValidationError) as exc:
            raise ValueError(_first_message(exc)) from None
        return number

    @field_validator("note", mode="before")
    @classmethod
    def short_text(cls, value):
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ValueError(_("The note must be text."))
        try:
            ProhibitNullCharactersValidator()(value)
        except DjangoValidationError as exc:
            raise ValueError(_first_message(exc)) from None
        if len(value) > NOTE_MAX_LENGTH:
            raise ValueError(
                _("The note is %(length)d characters long; at most %(max)d fit.")
                % {"length": len(value), "max": NOTE_MAX_LENGTH}
            )
        return value.strip()


def _first_message(exc) -> str:
    if isinstance(exc, DjangoValidationError):
        return exc.messages[0]
    return _("This is not a number.")
