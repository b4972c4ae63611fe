"""Reading and checking a KPI-set JSON file before anything is written.

`read_kpi_set(raw)` turns the uploaded bytes into JSON data; `check_kpi_set(data)` checks every
node with the models' own rules and returns the tree as unsaved model instances. Both raise
`ImportRefused` with messages for the user that name the place of each problem ("goal 2, CSF 1,
KPI 3: target date (target_date) is not a date…"), so a file is taken whole or not at all.

Limits: the file size (setting INTERCHANGE_MAX_FILE_BYTES, 5 MB), the number of goals, CSFs,
KPIs and milestones together (INTERCHANGE_MAX_NODES, 1000), the nesting of the JSON itself
(MAX_JSON_DEPTH) and of goals under parent goals (MAX_GOAL_DEPTH). Long text is capped at what
the app's own forms accept, so everything imported can be edited afterwards.
"""

import contextlib
import datetime
import json
import operator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import models
from django.db.models import F, Q
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from csf.models import CriticalSuccessFactor
from goals.forms import LONG_TEXT
from goals.models import Goal, Strategy
from indicators.forms import STATEMENT_MAX
from indicators.models import KPI_DEFINITION_FIELDS, Kpi, KpiMilestone

from .formats import FORMAT, SCHEMA

MAX_JSON_DEPTH = 20  # the layout itself is 9 deep
MAX_GOAL_DEPTH = 10  # a goal under a goal under a goal…
MAX_ERRORS = 20  # a broken file lists this many problems, not thousands
ID_MAX = 100
USERNAME_MAX = 254  # a username, or an e-mail address
TEMPLATE_SLUG_MAX = 80

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
KEY_LABELS = {
    "parent_id": gettext_lazy("parent goal"),
    "owner_username": gettext_lazy("owner"),
    "owner_name": gettext_lazy("owner's name"),
    "template_slug": gettext_lazy("from library template"),
}

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


class ImportRefused(Exception):
    """The file cannot be imported; `messages` say why, for the user, in their language."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def max_file_bytes() -> int:
    return getattr(settings, "INTERCHANGE_MAX_FILE_BYTES", 5 * 1024 * 1024)


def max_nodes() -> int:
    return getattr(settings, "INTERCHANGE_MAX_NODES", 1000)


def size_refusal(size: int) -> ImportRefused:
    return ImportRefused(
        [
            _("The file is %(size)s; at most %(max)s can be imported.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_file_bytes())}
        ]
    )


# ---------------------------------------------------------------------------------------------
# Reading


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


class _NotANumber(ValueError):
    pass


def _object(pairs: list[tuple[str, object]]) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen = set()
        for key, _value in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _constant(name: str):
    raise _NotANumber(name)


def read_kpi_set(raw: bytes) -> dict:
    """The JSON data of an uploaded file; ImportRefused when it is too large or not JSON."""
    if len(raw) > max_file_bytes():
        raise size_refusal(len(raw))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            [_("The file is not UTF-8 text. Export the KPI set from KPI Planner again.")]
        ) from None
    try:
        data = json.loads(
            text, parse_float=Decimal, parse_constant=_constant, object_pairs_hook=_object
        )
    except _DuplicateKey as exc:
        message = _("The key “%(key)s” appears twice in one object, so the file is ambiguous.")
        raise ImportRefused([message % {"key": _shorten(exc.key)}]) from None
    except _NotANumber:
        raise ImportRefused([_("The file holds NaN or Infinity, which is not a number.")]) from None
    except json.JSONDecodeError as exc:
        message = _(
            "The file is not valid JSON: the problem is at line %(line)d, column %(column)d."
        )
        raise ImportRefused([message % {"line": exc.lineno, "column": exc.colno}]) from None
    except RecursionError:
        raise ImportRefused([_("The file is nested too deeply to be a KPI set.")]) from None
    except ValueError:
        # Python refuses integers of thousands of digits.
        raise ImportRefused([_("The file holds a number with too many digits.")]) from None
    if _depth(data) > MAX_JSON_DEPTH:
        raise ImportRefused([_("The file is nested too deeply to be a KPI set.")])
    return data


def _depth(data) -> int:
    """How deep lists and objects nest (without recursion, so any file is safe to measure)."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        if depth > MAX_JSON_DEPTH:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _shorten(text: str, length: int = 40) -> str:
    """A value from the file as a message may quote it: short, and always encodable."""
    text = text if len(text) <= length else text[: length - 1] + "…"
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "?")


# ---------------------------------------------------------------------------------------------
# The checked tree


@dataclass
class KpiNode:
    kpi: Kpi
    milestones: list[KpiMilestone]
    owner_username: str | None
    owner_name: str
    template_slug: str | None


@dataclass
class CsfNode:
    csf: CriticalSuccessFactor
    kpis: list[KpiNode] = field(default_factory=list)


@dataclass
class GoalNode:
    goal: Goal
    file_id: str
    parent_file_id: str | None
    csfs: list[CsfNode] = field(default_factory=list)


@dataclass
class CheckedKpiSet:
    """A file's tree as unsaved instances, every value checked; links are set on import."""

    strategy: Strategy
    goals: list[GoalNode]
    source_organisation: str
    source_version: int | None

    @property
    def counts(self) -> dict[str, int]:
        csfs = [csf for goal in self.goals for csf in goal.csfs]
        return {
            "goals": len(self.goals),
            "csfs": len(csfs),
            "kpis": sum(len(csf.kpis) for csf in csfs),
        }


def check_kpi_set(data) -> CheckedKpiSet:
    """Check `data` (from `read_kpi_set`) whole; ImportRefused lists what is wrong and where."""
    checker = _Checker()
    result = None
    with contextlib.suppress(_TooManyErrors):
        result = checker.check(data)
    if checker.errors:
        if len(checker.errors) >= MAX_ERRORS:
            checker.errors.append(_("There may be more problems; fix these first."))
        raise ImportRefused(checker.errors)
    return result


class _TooManyErrors(Exception):
    pass


class _Stop(Exception):
    """A problem that makes checking the rest of the file pointless."""


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


def _storable(text: str) -> bool:
    """False for NUL (PostgreSQL refuses it) and lone surrogates (not encodable as UTF-8)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_UNUSED: dict[tuple[type, str], frozenset[str]] = {}


def _unused_fields(model, constraint) -> frozenset[str]:
    """The fields a CHECK constraint does not read, and the links the import sets itself.

    Left out of the constraint's query (which otherwise carries every field of the row), so the
    check of a large file stays quick; a constraint on a link is skipped, as `full_clean` does.
    """
    key = (model, constraint.name)
    if key not in _UNUSED:
        fields = {f.name for f in model._meta.local_concrete_fields} | {"pk"}
        used = Q(constraint.condition).referenced_base_fields
        _UNUSED[key] = frozenset((fields - used) | set(LINKS[model]))
    return _UNUSED[key]


_COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}
_PLAIN = (str, int, float, Decimal, datetime.date, list, tuple)


class _NeedsDatabase(Exception):
    """A condition this evaluator does not know: the database decides."""


def _check_constraint(model, instance, constraint) -> None:
    """Raise ValidationError when `instance` breaks the CHECK `constraint`, as the database would.

    The conditions of our models (comparisons, `in`, `isnull`, F() of the same row, and/or/not)
    are evaluated in Python, with SQL's rule that an unknown (NULL) result passes: no query per
    node, so a file's check costs the same few queries at any size. A condition beyond that goes
    to the database (`constraint.validate`); one on a link the import sets itself is skipped, as
    `full_clean` does.
    """
    condition = _condition(model, constraint)
    if condition is None:
        return
    try:
        passed = _evaluate(condition, model, instance)
    except _NeedsDatabase:
        constraint.validate(model, instance, exclude=_unused_fields(model, constraint))
        return
    if passed is False:
        raise ValidationError(constraint.get_violation_error_message())


_CONDITIONS: dict[tuple[type, str], Q | None] = {}


def _condition(model, constraint) -> Q | None:
    """The constraint's condition as a Q, or None when it reads a link the import sets."""
    key = (model, constraint.name)
    if key not in _CONDITIONS:
        condition = Q(constraint.condition)
        links = condition.referenced_base_fields & set(LINKS[model])
        _CONDITIONS[key] = None if links else condition
    return _CONDITIONS[key]


def _evaluate(node, model, instance):
    """True, False or None (unknown, as SQL's NULL) for a Q tree on one row."""
    if isinstance(node, Q):
        results = [_evaluate(child, model, instance) for child in node.children]
        if node.connector == Q.AND:
            result = False if False in results else (None if None in results else True)
        else:
            result = True if True in results else (None if None in results else False)
        if node.negated and result is not None:
            result = not result
        return result
    if not isinstance(node, tuple):
        raise _NeedsDatabase
    name, expected = node
    field_name, _sep, lookup = name.partition("__")
    lookup = lookup or "exact"
    value = getattr(instance, model._meta.get_field(field_name).attname)
    if isinstance(expected, F):
        if "__" in expected.name:
            raise _NeedsDatabase
        expected = getattr(instance, model._meta.get_field(expected.name).attname)
    elif expected is not None and not isinstance(expected, _PLAIN):
        raise _NeedsDatabase
    if lookup == "isnull" or (lookup == "exact" and expected is None):
        return (value is None) == (True if lookup == "exact" else bool(expected))
    if lookup == "in":
        return None if value is None else value in expected
    if lookup not in _COMPARISONS:
        raise _NeedsDatabase
    if value is None or expected is None:
        return None
    return _COMPARISONS[lookup](value, expected)


class _Checker:
    def __init__(self):
        self.errors: list[str] = []
        self.nodes = 0
        self.ids: dict[str, str] = {}
        self.labels: dict = {}

    # -- reporting ------------------------------------------------------------------------

    def error(self, place: list[str], message: str) -> None:
        where = ", ".join(place)
        self.errors.append(f"{capfirst(where)}: {message}" if where else capfirst(message))
        if len(self.errors) >= MAX_ERRORS:
            raise _TooManyErrors

    def wrong_type(self, place, label, expected: str, value) -> None:
        self.error(
            place,
            _("%(field)s should be %(expected)s, not %(found)s.")
            % {"field": label, "expected": TYPE_NAMES[expected], "found": _found(value)},
        )

    def count_node(self) -> None:
        self.nodes += 1
        if self.nodes > max_nodes():
            self.errors = [
                _(
                    "The file holds more than %(max)d goals, critical success factors, KPIs and "
                    "milestones together; that is more than can be imported at once."
                )
                % {"max": max_nodes()}
            ]
            raise _Stop

    # -- structure ------------------------------------------------------------------------

    def check(self, data) -> CheckedKpiSet | None:
        try:
            return self._check(data)
        except _Stop:
            return None

    def _check(self, data) -> CheckedKpiSet | None:
        if not isinstance(data, dict) or "format" not in data:
            self.error(
                [], _("The file is not a KPI set from KPI Planner (it has no format marker).")
            )
            raise _Stop
        if data["format"] != FORMAT:
            shown = _shorten(str(data["format"]))
            self.error(
                [],
                _("The file is not a KPI set from KPI Planner: its format is “%(format)s”.")
                % {"format": shown},
            )
            raise _Stop
        schema = data.get("schema")
        if schema != SCHEMA or isinstance(schema, bool):
            self.error(
                [],
                _(
                    "The file has schema version %(schema)s, which this KPI Planner cannot "
                    "read; it reads version %(known)d."
                )
                % {"schema": _shorten(str(schema)), "known": SCHEMA},
            )
            raise _Stop
        strategy_place = [_("strategy")]
        strategy_data = self.child(data, "strategy", dict, [], _("the strategy"))
        goals_data = self.child(data, "goals", list, [], _("the list of goals"))
        strategy = Strategy()
        if strategy_data is not None:
            self.fields(strategy_place, strategy_data, strategy)
        goals = []
        for index, goal_data in enumerate(goals_data or [], start=1):
            node = self.goal([_("goal %(number)d") % {"number": index}], goal_data)
            if node is not None:
                goals.append(node)
        if not self.errors:
            self.parents(goals)
        if self.errors:
            return None
        return CheckedKpiSet(strategy, goals, *self.source(data))

    def child(self, parent: dict, key: str, kind: type, place, label):
        """parent[key] if it is a `kind` (list or object); else an error and None."""
        described = f"{label} ({key})"
        if key not in parent:
            self.error(place, _("%(field)s is missing.") % {"field": described})
            return None
        value = parent[key]
        if not isinstance(value, kind):
            self.wrong_type(place, described, "list" if kind is list else "object", value)
            return None
        return value

    def node_id(self, place, data: dict) -> str | None:
        label = "id"
        if "id" not in data:
            self.error(place, _("%(field)s is missing.") % {"field": label})
            return None
        value = data["id"]
        if not isinstance(value, str):
            self.wrong_type(place, label, "text", value)
            return None
        if not value.strip():
            self.error(place, _("%(field)s is empty; it is required.") % {"field": label})
            return None
        if len(value) > ID_MAX or not _storable(value):
            self.too_long_or_broken(place, label, value, ID_MAX)
            return None
        where = ", ".join(place)
        if value in self.ids:
            self.error(
                place,
                _("the id “%(id)s” is also used by %(other)s; every id must be unique.")
                % {"id": _shorten(value), "other": self.ids[value]},
            )
            return None
        self.ids[value] = where
        return value

    def goal(self, place, data) -> GoalNode | None:
        self.count_node()
        if not isinstance(data, dict):
            self.wrong_type(place, _("the goal"), "object", data)
            return None
        file_id = self.node_id(place, data)
        goal = Goal()
        self.fields(place, data, goal)
        parent_id = self.optional_text(place, data, "parent_id", ID_MAX)
        node = GoalNode(goal, file_id, parent_id)
        csfs = self.child(data, "csfs", list, place, _("the list of critical success factors"))
        for index, csf_data in enumerate(csfs or [], start=1):
            csf = self.csf([*place, _("CSF %(number)d") % {"number": index}], csf_data)
            if csf is not None:
                node.csfs.append(csf)
        return node

    def csf(self, place, data) -> CsfNode | None:
        self.count_node()
        if not isinstance(data, dict):
            self.wrong_type(place, _("the critical success factor"), "object", data)
            return None
        self.node_id(place, data)
        csf = CriticalSuccessFactor()
        self.fields(place, data, csf)
        node = CsfNode(csf)
        for index, kpi_data in enumerate(
            self.child(data, "kpis", list, place, _("the list of KPIs")) or [], start=1
        ):
            kpi = self.kpi([*place, _("KPI %(number)d") % {"number": index}], kpi_data)
            if kpi is not None:
                node.kpis.append(kpi)
        return node

    def kpi(self, place, data) -> KpiNode | None:
        self.count_node()
        if not isinstance(data, dict):
            self.wrong_type(place, _("the KPI"), "object", data)
            return None
        self.node_id(place, data)
        kpi = Kpi()
        self.fields(place, data, kpi)
        owner_username = self.optional_text(place, data, "owner_username", USERNAME_MAX)
        owner_name = self.optional_text(place, data, "owner_name", 300, nullable=False)
        template_slug = self.optional_text(place, data, "template_slug", TEMPLATE_SLUG_MAX)
        milestones = []
        dates = set()
        for index, item in enumerate(
            self.child(data, "milestones", list, place, _("the list of milestones")) or [], start=1
        ):
            self.count_node()
            where = [*place, _("milestone %(number)d") % {"number": index}]
            if not isinstance(item, dict):
                self.wrong_type(where, _("the milestone"), "object", item)
                continue
            milestone = KpiMilestone()
            if self.fields(where, item, milestone):
                if milestone.due_date in dates:
                    self.error(where, _("another milestone has the same date."))
                dates.add(milestone.due_date)
            milestones.append(milestone)
        return KpiNode(kpi, milestones, owner_username or None, owner_name or "", template_slug)

    def optional_text(self, place, data, key, max_length, *, nullable=True) -> str | None:
        """A text that is not a model field of its own (a link, an owner); null if allowed."""
        label = f"{KEY_LABELS[key]} ({key})"
        if key not in data:
            self.error(place, _("%(field)s is missing.") % {"field": label})
            return None
        value = data[key]
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            self.wrong_type(place, label, "text_or_null" if nullable else "text", value)
            return None
        if len(value) > max_length or not _storable(value):
            self.too_long_or_broken(place, label, value, max_length)
            return None
        return value

    def too_long_or_broken(self, place, label, value: str, max_length: int) -> None:
        if not _storable(value):
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
        if len(value) > limit or not _storable(value):
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
                % {"field": label, "value": _shorten(value), "codes": ", ".join(codes)},
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
                _check_constraint(model, instance, constraint)
            except ValidationError:
                message = CONSTRAINT_MESSAGES.get(constraint.name)
                self.error(
                    place, str(message) if message else _("these values do not fit together.")
                )
                return False
        return True

    # -- links ----------------------------------------------------------------------------

    def parents(self, goals: list[GoalNode]) -> None:
        """Every parent_id names another goal of the file; no circle; not too deep."""
        places = {}
        for index, node in enumerate(goals, start=1):
            places[node.file_id] = [_("goal %(number)d") % {"number": index}]
        parent_of = {node.file_id: node.parent_file_id for node in goals}
        for node in goals:
            parent = node.parent_file_id
            if parent is None:
                continue
            if parent == node.file_id:
                self.error(places[node.file_id], _("a goal cannot be its own parent."))
            elif parent not in parent_of:
                self.error(
                    places[node.file_id],
                    _("the parent goal “%(id)s” is not a goal in this file.")
                    % {"id": _shorten(parent)},
                )
        if self.errors:
            return
        depth: dict[str, int] = {}  # goal id -> levels from the top (1 = no parent)
        for node in goals:
            path, on_path = [], set()
            current = node.file_id
            while current is not None and current not in depth and current not in on_path:
                path.append(current)
                on_path.add(current)
                current = parent_of[current]
            if current in on_path:  # came back to a goal of this very path: a circle
                circle = path[path.index(current) :]
                names = " → ".join(places[goal_id][0] for goal_id in [*circle, current])
                self.error(
                    places[current],
                    _("the parent goals go round in a circle: %(path)s.") % {"path": names},
                )
                for goal_id in path:
                    depth[goal_id] = 0  # reported once; goals under the circle are not judged
                continue
            base = 0 if current is None else depth[current]
            under_circle = current is not None and base == 0
            for offset, goal_id in enumerate(reversed(path), start=1):
                depth[goal_id] = 0 if under_circle else base + offset
        for node in goals:
            if depth[node.file_id] > MAX_GOAL_DEPTH:
                self.error(
                    places[node.file_id],
                    _("goals are nested more than %(max)d levels deep.") % {"max": MAX_GOAL_DEPTH},
                )
                return

    def source(self, data: dict) -> tuple[str, int | None]:
        """Where the file came from, for the message after the import (never required)."""
        organisation = data.get("organisation")
        name = organisation.get("name") if isinstance(organisation, dict) else None
        version = data.get("version")
        number = version.get("number") if isinstance(version, dict) else None
        name = _shorten(name, 200) if isinstance(name, str) and _storable(name) else ""
        if not isinstance(number, int) or isinstance(number, bool):
            number = None
        return name, number
