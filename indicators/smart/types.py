"""Plain data types of the SMART engine: what goes in and what comes out."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple


class Status(enum.StrEnum):
    """How well one SMART criterion is met."""

    MET = "met"
    WEAK = "weak"
    MISSING = "missing"


@dataclass(frozen=True)
class KpiContext:
    """Everything known about one KPI: the statement plus its structured fields.

    Only ``statement`` is required. ``has_context`` says whether the KPI is judged
    inside its strategy tree (then A and R are always judged) or as a bare
    statement (then A and R stay ``None`` unless the text itself settles them).
    """

    statement: str
    lang: str = "nl"
    today: dt.date | None = None
    unit: str | None = None
    direction: str | None = None
    baseline_value: Decimal | None = None
    baseline_date: dt.date | None = None
    target_value: Decimal | None = None
    target_max: Decimal | None = None
    target_date: dt.date | None = None
    frequency: str | None = None
    data_source: str = ""
    owner: str = ""
    owner_accepted: bool = False
    csf_title: str = ""
    goal_title: str = ""
    rationale: str = ""
    horizon_start_year: int | None = None
    horizon_end_year: int | None = None
    has_context: bool = False


class Quantity(NamedTuple):
    """A number found in the statement: its value, unit code and the text it came from."""

    value: Decimal
    unit: str | None
    raw: str


@dataclass
class Extraction:
    """What the parser understood from the statement, ready to prefill a form."""

    quantities: list[Quantity] = field(default_factory=list)
    comparator: str | None = None
    baseline: Decimal | None = None
    target: Decimal | None = None
    target_max: Decimal | None = None
    unit: str | None = None
    deadline: dt.date | None = None
    period_label: str | None = None
    frequency: str | None = None
    direction: str | None = None
    change: Decimal | None = None

    def as_form_initial(self) -> dict[str, object]:
        """Model-field names mapped to the values found (absent values are left out)."""
        candidates: dict[str, object] = {
            "unit": self.unit,
            "baseline_value": self.baseline,
            "target_value": self.target,
            "target_max": self.target_max,
            "target_date": self.deadline,
            "frequency": self.frequency,
            "direction": self.direction,
        }
        return {name: value for name, value in candidates.items() if value is not None}


@dataclass(frozen=True)
class Criterion:
    """The verdict on one SMART letter, with a reason and a suggestion in the user's language."""

    letter: str
    status: Status
    reason: str
    suggestion: str

    @property
    def met(self) -> bool:
        return self.status is Status.MET


@dataclass
class Evaluation:
    """The full SMART verdict on one KPI."""

    criteria: dict[str, Criterion | None]
    score: int
    extraction: Extraction
    vague_terms: list[str] = field(default_factory=list)
    lang: str = "nl"
    truncated: bool = False
    # Where the statement and the structured fields say different things:
    # ("value" or "date", what the statement says, what the field says).
    disagreements: list[tuple[str, object, object]] = field(default_factory=list)

    def flag(self, letter: str) -> bool | None:
        """True when met, False when weak or missing, None when not judged."""
        criterion = self.criteria.get(letter)
        return None if criterion is None else criterion.met

    def as_flags(self) -> dict[str, bool | int | None]:
        """The compact form used by ``smart_check`` and the badges."""
        return {
            "S": bool(self.flag("S")),
            "M": bool(self.flag("M")),
            "A": self.flag("A"),
            "R": self.flag("R"),
            "T": bool(self.flag("T")),
            "score": self.score,
        }
