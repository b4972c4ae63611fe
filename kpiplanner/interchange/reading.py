"""Reading an uploaded KPI-set file: its size, UTF-8, and strict JSON, before any checking.

`read_kpi_set(raw)` turns the uploaded bytes into JSON data, or raises `ImportRefused` with a
message for the user. `ImportRefused` is also how the KPI set's check (`validation.py`) and
the measurement sheet import (`sheets.py`) refuse a file. Limits: the file size (setting
INTERCHANGE_MAX_FILE_BYTES, 5 MB) and the nesting of the JSON itself (MAX_JSON_DEPTH).
"""

import json
from decimal import Decimal

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_JSON_DEPTH = 20  # the layout itself is 9 deep


class ImportRefused(Exception):
    """The file cannot be imported; `messages` say why, for the user, in their language."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def max_file_bytes() -> int:
    return getattr(settings, "INTERCHANGE_MAX_FILE_BYTES", 5 * 1024 * 1024)


def size_refusal(size: int) -> ImportRefused:
    return ImportRefused(
        [
            _("The file is %(size)s; at most %(max)s can be imported.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_file_bytes())}
        ]
    )


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
        raise ImportRefused([message % {"key": shorten(exc.key)}]) from None
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


def shorten(text: str, length: int = 40) -> str:
    """A value from the file as a message may quote it: short, and always encodable."""
    text = text if len(text) <= length else text[: length - 1] + "…"
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "?")


def storable(text: str) -> bool:
    """False for NUL (PostgreSQL refuses it) and lone surrogates (not encodable as UTF-8)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
