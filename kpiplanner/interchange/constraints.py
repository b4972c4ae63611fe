"""A model's CHECK constraints judged on an unsaved instance, as the database would judge it.

Used by the KPI set's check (`values.FieldChecker.model_rules`) so a file's check costs the same
few queries at any size; `links` are the fields the import sets itself (never judged here).
"""

import datetime
import operator
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import F, Q

_UNUSED: dict[tuple[type, str], frozenset[str]] = {}


def _unused_fields(model, constraint, links) -> frozenset[str]:
    """The fields a CHECK constraint does not read, and the links the import sets itself.

    Left out of the constraint's query (which otherwise carries every field of the row), so the
    check of a large file stays quick; a constraint on a link is skipped, as `full_clean` does.
    """
    key = (model, constraint.name)
    if key not in _UNUSED:
        fields = {f.name for f in model._meta.local_concrete_fields} | {"pk"}
        used = Q(constraint.condition).referenced_base_fields
        _UNUSED[key] = frozenset((fields - used) | set(links))
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


def check_constraint(model, instance, constraint, *, links) -> None:
    """Raise ValidationError when `instance` breaks the CHECK `constraint`, as the database would.

    The conditions of our models (comparisons, `in`, `isnull`, F() of the same row, and/or/not)
    are evaluated in Python, with SQL's rule that an unknown (NULL) result passes: no query per
    node, so a file's check costs the same few queries at any size. A condition beyond that goes
    to the database (`constraint.validate`); one on a link the import sets itself is skipped, as
    `full_clean` does.
    """
    condition = _condition(model, constraint, links)
    if condition is None:
        return
    try:
        passed = _evaluate(condition, model, instance)
    except _NeedsDatabase:
        constraint.validate(model, instance, exclude=_unused_fields(model, constraint, links))
        return
    if passed is False:
        raise ValidationError(constraint.get_violation_error_message())


_CONDITIONS: dict[tuple[type, str], Q | None] = {}


def _condition(model, constraint, links) -> Q | None:
    """The constraint's condition as a Q, or None when it reads a link the import sets."""
    key = (model, constraint.name)
    if key not in _CONDITIONS:
        condition = Q(constraint.condition)
        links = condition.referenced_base_fields & set(links)
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
