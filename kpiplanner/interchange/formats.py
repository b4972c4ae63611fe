"""An approved KPI-set version as a JSON file (that imports back) and as a CSV sheet.

JSON file, format "kpiplanner/kpi-set", schema 1
-------------------------------------------------
One UTF-8 JSON object; `version_to_json` builds it from the version's snapshot (the layout of
`kpiplanner/reviews/snapshot.py`), `dumps` writes it::

    {
      "format": "kpiplanner/kpi-set",          required, exactly this
      "schema": 1,                              required, the layout below
      "exported_at": "2026-05-04T10:12:00+02:00",   (not imported)
      "organisation": {"name", "slug"},         where it came from (not imported)
      "version": {"number", "approved_at", "approved_by", "note"},   which version (not imported)
      "strategy": {...},                        the snapshot's ("id" not imported)
      "goals": [...],                           the snapshot's with the approved KPIs only (the
                                                set), and for each KPI "owner_username" in the
                                                place of "owner_id"; "status", "smart_score",
                                                "smart" not imported
      "decided_against": [...],                 the KPIs rejected or retired, each with
                                                "goal_id", "goal_title", "csf_id", "csf_title"
                                                (not imported)
      "counts": {...}                           the snapshot's (not imported)
    }

The organisation's and the approver's names are those kept in the snapshot on the day of
approval, so a version's file never changes.

Values are written as in the snapshot: dates "2027-03-31" or null, amounts as decimal strings
("92.5", never floats; on import a JSON number is also read exactly) or null, choices as codes
("hours", "lower"). Ids are any unique text; they only link a goal to its `parent_id` inside
the file, and the import gives every node a new id. Every KPI is imported as a draft.
`owner_username` replaces the snapshot's `owner_id` (a number that means nothing elsewhere); the
import looks the owner up among the target organisation's members by that username (or by
e-mail address, when the value holds an "@"). On import every key above is required except
those marked "not imported", and unknown keys are ignored; `reading.py` (file size, nesting)
and `validation.py` (nodes, goal depth, ids) list the limits.

CSV sheet
---------
One row per approved KPI of the version (the set; the KPIs decided against are not in it), its
goal and CSF first, then the snapshot's KPI keys (`KPI_COLUMNS`:
the definition card's fields, milestones, owner, status and SMART score), in the reader's
language: headers and choice labels translated. Dutch uses ";" and a decimal comma
(what Excel expects in a Dutch locale), English "," and a decimal point; dates are ISO
(2027-03-31), which Excel reads in both. The text starts with a UTF-8 byte order mark so Excel
shows accents. Text cells that start with =, +, -, @, a tab or a carriage return get a leading
apostrophe, so a spreadsheet never runs them as a formula (OWASP, CSV injection); so do their
full-width and small forms ("＝", "﹢"), compared after NFKC.
"""

import copy
import csv
import io
import json
import unicodedata

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from goals.models import Goal
from indicators.models import Kpi
from kpiplanner.reviews.models import KpiSetVersion
from kpiplanner.reviews.snapshot import KPI_KEYS, approved_tree, decided_against, goal_titles

FORMAT = "kpiplanner/kpi-set"
SCHEMA = 1
BOM = "\ufeff"
# OWASP: a cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """The text with a leading apostrophe when a spreadsheet would read it as a formula; the
    first character is compared in its NFKC form, since some programs also take a full-width
    "＝" or a small "﹢" for the formula sign."""
    first = unicodedata.normalize("NFKC", text[:1])
    return f"'{text}" if first.startswith(FORMULA_STARTS) else text


def version_to_json(version: KpiSetVersion) -> dict:
    """The version as the JSON file's object (see the module docstring); one query for owners."""
    data = copy.deepcopy(version.snapshot)
    if data.get("schema") != SCHEMA:
        # A new snapshot layout needs a new file schema (and an importer that reads it).
        raise ValueError(f"Snapshot schema {data.get('schema')} has no file layout yet.")
    owner_ids = {
        kpi["owner_id"]
        for goal in data["goals"]
        for csf in goal["csfs"]
        for kpi in csf["kpis"]
        if kpi.get("owner_id") is not None
    }
    usernames = {}
    if owner_ids:
        usernames = dict(
            get_user_model().objects.filter(pk__in=owner_ids).values_list("pk", "username")
        )
    goals = approved_tree(data)
    for goal in goals:
        for csf in goal["csfs"]:
            csf["kpis"] = [_kpi_for_file(kpi, usernames) for kpi in csf["kpis"]]
    return {
        "format": FORMAT,
        "schema": SCHEMA,
        "exported_at": timezone.localtime().isoformat(timespec="seconds"),
        "organisation": {"name": version.organisation_name, "slug": version.organisation_slug},
        "version": {
            "number": version.number,
            "approved_at": timezone.localtime(version.approved_at).isoformat(timespec="seconds"),
            "approved_by": version.approver_name,
            "note": version.note,
        },
        "strategy": data["strategy"],
        "goals": goals,
        "decided_against": [_kpi_for_file(kpi, usernames) for kpi in decided_against(data)],
        "counts": data.get("counts", {}),
    }


def _kpi_for_file(kpi: dict, usernames: dict) -> dict:
    """The snapshot's KPI with `owner_username` in the place of `owner_id`."""
    item = {}
    for key, value in kpi.items():
        if key == "owner_id":
            item["owner_username"] = usernames.get(value)
        else:
            item[key] = value
    return item


def dumps(data: dict) -> str:
    """The JSON file's text: UTF-8 as written (no \\u escapes), indented for people to read."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def file_name(version: KpiSetVersion, extension: str) -> str:
    """'klanten-behouden-v2.json': the strategy's name as approved, and the version number."""
    slug = slugify(version.snapshot.get("strategy", {}).get("name", ""))[:60].strip("-")
    return f"{slug or 'kpi-set'}-v{version.number}.{extension}"


# ---------------------------------------------------------------------------------------------
# CSV


# The KPI columns: the snapshot's KPI keys but for those a reader has no use for; the owner
# is named ("owner_name", under the header and key "owner").
_NOT_IN_SHEET = {"id", "owner_id", "order", "template_slug", "smart"}
KPI_COLUMNS = tuple(
    "owner" if key == "owner_name" else key for key in KPI_KEYS if key not in _NOT_IN_SHEET
)
# Headers that are not a field's verbose name.
_HEADERS = {
    "name": lambda: _("KPI"),
    "milestones": lambda: capfirst(_("milestones")),
    "smart_score": lambda: _("SMART score"),
}


def _label(model, name: str) -> str:
    return capfirst(str(model._meta.get_field(name).verbose_name))


def _columns() -> list[tuple[str, str]]:
    """(key, header) of every column, in the active language: the goal and CSF, then the KPI."""
    return [
        ("goal", _("Goal")),
        ("parent_goal", _label(Goal, "parent")),
        ("perspective", _label(Goal, "perspective")),
        ("term", _label(Goal, "term")),
        ("csf", _("Critical success factor")),
        *((key, _HEADERS[key]() if key in _HEADERS else _label(Kpi, key)) for key in KPI_COLUMNS),
    ]


def version_to_csv(version: KpiSetVersion, lang: str) -> str:
    """The version as a CSV sheet in `lang` ("nl" or "en"), starting with a byte order mark."""
    dutch = lang.startswith("nl")
    with override("nl" if dutch else "en"):
        return BOM + _csv_text(version.snapshot, dutch)


def _csv_text(snapshot: dict, dutch: bool) -> str:
    def amount(value: str | None) -> str:
        if value is None:
            return ""
        return value.replace(".", ",") if dutch else value

    def cell(model, name: str, value) -> str:
        """A snapshot value as the sheet shows it, by the kind of model field it comes from."""
        model_field = model._meta.get_field(name)
        if model_field.choices:
            return str(dict(model_field.choices).get(value, value)) if value else ""
        if isinstance(model_field, models.BooleanField):
            return _("yes") if value else _("no")
        if isinstance(model_field, models.DecimalField):
            return amount(value)
        if isinstance(model_field, models.DateField):
            return value or ""
        return spreadsheet_safe(value)

    columns = _columns()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if dutch else ",", lineterminator="\r\n")
    writer.writerow([header for _key, header in columns])
    titles = goal_titles(snapshot)
    for goal in approved_tree(snapshot):
        goal_cells = [
            spreadsheet_safe(goal["title"]),
            spreadsheet_safe(titles.get(goal["parent_id"], "")),
            cell(Goal, "perspective", goal["perspective"]),
            cell(Goal, "term", goal["term"]),
        ]
        for csf in goal["csfs"]:
            for kpi in csf["kpis"]:
                score = kpi.get("smart_score")
                row = {
                    "milestones": "; ".join(
                        f"{m['due_date']}: {amount(m['value'])}" for m in kpi["milestones"]
                    ),
                    "owner": spreadsheet_safe(kpi["owner_name"]),
                    "smart_score": "" if score is None else str(score),
                }
                kpi_cells = [
                    row[key] if key in row else cell(Kpi, key, kpi[key]) for key in KPI_COLUMNS
                ]
                writer.writerow([*goal_cells, spreadsheet_safe(csf["title"]), *kpi_cells])
    return out.getvalue()
