"""Translations: every message has Dutch, the .mo matches the .po, labels per language."""

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

from indicators.smart import criterion_label
from indicators.smart.i18n import LOCALE_DIR, t

PACKAGE = Path(__file__).resolve().parents[2] / "indicators" / "smart"
PO = LOCALE_DIR / "nl" / "LC_MESSAGES" / "smart.po"
MO = PO.with_suffix(".mo")


def parse_po(text):
    """Minimal .po reader: msgid -> msgstr (single-line entries, as this catalogue uses)."""
    entries, msgid = {}, None
    for line in text.splitlines():
        if line.startswith("msgid "):
            msgid = ast.literal_eval(line[6:])
        elif line.startswith("msgstr ") and msgid is not None:
            entries[msgid] = ast.literal_eval(line[7:])
            msgid = None
    entries.pop("", None)
    return entries


def used_msgids():
    """String literals passed to _(), t(lang, ...) and N_() in the engine's source."""
    found = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            index = {"_": 0, "N_": 0, "t": 1}.get(name)
            if index is None or len(node.args) <= index:
                continue
            arg = node.args[index]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
    return found


def test_every_msgid_used_has_a_dutch_translation():
    catalogue = parse_po(PO.read_text(encoding="utf-8"))
    used = used_msgids()
    assert len(used) > 100
    missing = sorted(m for m in used if not catalogue.get(m))
    assert missing == []


def test_no_empty_msgstr_in_the_catalogue():
    assert [k for k, v in parse_po(PO.read_text(encoding="utf-8")).items() if not v] == []


def test_placeholders_survive_translation():
    import re

    for msgid, msgstr in parse_po(PO.read_text(encoding="utf-8")).items():
        assert sorted(re.findall(r"%\(\w+\)s", msgid)) == sorted(re.findall(r"%\(\w+\)s", msgstr))


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_compiled_catalogue_is_up_to_date(tmp_path):
    fresh = tmp_path / "smart.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(PO)], check=True)
    assert fresh.read_bytes() == MO.read_bytes(), "run: msgfmt -o smart.mo smart.po"


def test_translation_is_per_call_not_global():
    assert t("nl", "No deadline or period.") == "Er staat geen deadline of periode in."
    assert t("en", "No deadline or period.") == "No deadline or period."
    assert t("fr", "No deadline or period.") == "No deadline or period."


def test_criterion_labels_in_both_languages():
    assert [criterion_label(c, "nl") for c in "SMART"] == [
        "Specifiek",
        "Meetbaar",
        "Acceptabel",
        "Relevant",
        "Tijdgebonden",
    ]
    assert [criterion_label(c, "en") for c in "SMART"] == [
        "Specific",
        "Measurable",
        "Achievable",
        "Relevant",
        "Time-bound",
    ]
