"""The JSON-lines batch behind ``manage.py smart_check``."""

import json

from indicators.smart.batch import format_summary, judge_line, judge_lines, summarise


def test_judge_line_outputs_flags():
    out = judge_line(json.dumps({"text": "Minimaal 30 demo's per maand", "lang": "nl"}), 1)
    assert {k: out[k] for k in ("S", "M", "T")} == {"S": True, "M": True, "T": True}
    assert out["A"] is None and out["R"] is None and isinstance(out["score"], int)


def test_bad_lines_give_an_error_line_not_a_traceback():
    lines = ["{broken", json.dumps({"lang": "nl"}), json.dumps([1, 2]), json.dumps({"text": 5})]
    results = list(judge_lines(lines))
    assert [r["line"] for r in results] == [1, 2, 3, 4]
    assert all("error" in r for r in results)
    assert results[0]["error"].startswith("invalid JSON")


def test_blank_lines_are_skipped_but_line_numbers_stay_true():
    results = list(judge_lines(["", json.dumps({"text": "Improve quality"})]))
    assert [r["line"] for r in results] == [2]


def test_summary_reports_accuracy_and_not_met_f1_per_language():
    labelled = [
        json.dumps({"text": "Verbeter de sfeer", "lang": "nl", "S": False, "M": False, "T": False}),
        json.dumps({"text": "40 leads in Q2", "lang": "en", "S": True, "M": True, "T": True}),
    ]
    summary = summarise(labelled)
    assert summary["all"]["M"] == {"n": 2, "accuracy": 1.0, "f1_not_met": 1.0}
    assert summary["en"]["T"]["f1_not_met"] is None  # no "not met" case in that group
    table = format_summary(summary)
    assert "F1(not met)" in table and "nl" in table
