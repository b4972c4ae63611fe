"""Batch judging of JSON lines and accuracy summaries (used by ``manage.py smart_check``).

Pure Python so it can be tested without Django: the management command only
wires files and streams to these functions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from .engine import evaluate
from .i18n import norm_lang
from .types import KpiContext

LETTERS = ("S", "M", "A", "R", "T")
F1_LETTERS = ("S", "M", "T")


def judge_line(line: str, number: int) -> dict[str, object]:
    """Judge one JSON line; a bad line gives ``{"line": n, "error": ...}``, never an exception."""
    try:
        record = json.loads(line)
    except ValueError as exc:
        return {"line": number, "error": f"invalid JSON: {exc.msg} (column {exc.colno})"}
    if not isinstance(record, dict):
        return {"line": number, "error": 'expected a JSON object with a "text" field'}
    text = record.get("text")
    if not isinstance(text, str):
        return {"line": number, "error": 'missing "text" (a string)'}
    lang = norm_lang(record.get("lang", "en"))
    result = evaluate(KpiContext(statement=text, lang=lang))
    out: dict[str, object] = {"line": number, "lang": lang}
    out.update(result.as_flags())
    out["T_deadline"] = bool(result.extraction.deadline or result.extraction.period_label)
    out["vague_terms"] = result.vague_terms
    return out


def judge_lines(lines: Iterable[str]) -> Iterator[dict[str, object]]:
    """Judge every non-blank line, in order."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield judge_line(line, number)


def _f1(pairs: list[tuple[bool, bool]]) -> float | None:
    """F1 of the "not met" class: label False is the positive class."""
    tp = sum(1 for label, pred in pairs if not label and not pred)
    fp = sum(1 for label, pred in pairs if label and not pred)
    fn = sum(1 for label, pred in pairs if not label and pred)
    if tp + fp + fn == 0:
        return None
    return 2 * tp / (2 * tp + fp + fn)


def summarise(lines: Iterable[str]) -> dict[str, dict[str, dict[str, float | int | None]]]:
    """Accuracy per criterion (and not-met F1 for S, M, T), overall and per language."""
    groups: dict[str, dict[str, list[tuple[object, object]]]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            continue
        judged = judge_line(line, number)
        lang = str(judged["lang"])
        for group in ("all", lang):
            bucket = groups.setdefault(group, {letter: [] for letter in LETTERS})
            for letter in LETTERS:
                if letter in record:
                    bucket[letter].append((record[letter], judged[letter]))
    summary: dict[str, dict[str, dict[str, float | int | None]]] = {}
    for group, bucket in groups.items():
        summary[group] = {}
        for letter, pairs in bucket.items():
            if not pairs:
                continue
            correct = sum(1 for label, pred in pairs if label == pred)
            row: dict[str, float | int | None] = {"n": len(pairs), "accuracy": correct / len(pairs)}
            if letter in F1_LETTERS:
                row["f1_not_met"] = _f1([(bool(a), bool(b)) for a, b in pairs])
            summary[group][letter] = row
    return summary


def format_summary(summary: dict[str, dict[str, dict[str, float | int | None]]]) -> str:
    """A small fixed-width table, one row per group and criterion."""
    lines = [f"{'group':<6} {'crit':<4} {'n':>4} {'accuracy':>9} {'F1(not met)':>12}"]
    for group in ("all", "nl", "en"):
        for letter, row in summary.get(group, {}).items():
            f1 = row.get("f1_not_met")
            f1_text = "" if letter not in F1_LETTERS else ("n/a" if f1 is None else f"{f1:.3f}")
            lines.append(
                f"{group:<6} {letter:<4} {row['n']:>4} {row['accuracy']:>9.3f} {f1_text:>12}"
            )
    return "\n".join(lines)
