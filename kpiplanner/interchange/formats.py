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
      "version": {"number", "approved_at", "approved_by"},   which version (not imported)
      "strategy": {"id" (not imported), "name", "mission", "vision",
                   "horizon_start_year", "horizon_end_year"},
      "goals": [{
        "id", "parent_id", "title", "description", "perspective", "term",
        "period_start", "period_end", "order",
        "csfs": [{
          "id", "title", "description", "order",
          "kpis": [{
            "id", "name", "statement", "definition", "unit", "direction",
            "baseline_value", "baseline_date", "target_value", "target_max", "target_date",
            "on_track_threshold", "off_track_threshold",
            "milestones": [{"due_date", "value"}],
            "frequency", "data_source", "owner_username", "owner_name", "owner_accepted",
            "indicator_type", "customer_facing", "rationale", "order", "template_slug",
            "status", "smart_score", "smart"      (as approved; not imported)
          }]
        }]
      }],
      "counts": {"goals", "csfs", "kpis", "approved_kpis"}   (not imported)
    }

Values are written as in the snapshot: dates "2027-03-31" or null, amounts as decimal strings
("92.5", never floats; on import a JSON number is also read exactly) or null, choices as codes
("hours", "lower"). Ids are any unique text; they only link a goal to its `parent_id` inside
the file, and the import gives every node a new id. Every KPI is imported as a draft.
`owner_username` replaces the snapshot's `owner_id` (a number that means nothing elsewhere); the
import looks the owner up among the target organisation's members by that username (or by
e-mail address, when the value holds an "@"). On import every key above is required except
those marked "not imported", and unknown keys are ignored; `validation.py` lists the limits.

CSV sheet
---------
One row per KPI of the version (the approved ones and the others, with a status column, as the
version page shows them), its goal and CSF first, then every field of the definition card, in
the reader's language: headers and choice labels translated. Dutch uses ";" and a decimal comma
(what Excel expects in a Dutch locale), English "," and a decimal point; dates are ISO
(2027-03-31), which Excel reads in both. The text starts with a UTF-8 byte order mark so Excel
shows accents. Text cells that start with =, +, -, @, a tab or a carriage return get a leading
apostrophe, so a spreadsheet never runs them as a formula (OWASP, CSV injection).
"""

import copy
import csv
import io
import json

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from goals.models import Goal, Perspective, Term
from indicators.models import Direction, Frequency, IndicatorType, Kpi, KpiStatus, Unit
from kpiplanner.accounts.models import display_name
from kpiplanner.reviews.models import KpiSetVersion
from kpiplanner.reviews.snapshot import goal_titles

FORMAT = "kpiplanner/kpi-set"
SCHEMA = 1
BOM = "\ufeff"
# OWASP: a cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    for goal in data["goals"]:
        for csf in goal["csfs"]:
            csf["kpis"] = [_kpi_for_file(kpi, usernames) for kpi in csf["kpis"]]
    organisation = version.strategy.organisation
    return {
        "format": FORMAT,
        "schema": SCHEMA,
        "exported_at": timezone.localtime().isoformat(timespec="seconds"),
        "organisation": {"name": organisation.name, "slug": organisation.slug},
        "version": {
            "number": version.number,
            "approved_at": timezone.localtime(version.approved_at).isoformat(timespec="seconds"),
            "approved_by": display_name(version.approved_by),
        },
        "strategy": data["strategy"],
        "goals": data["goals"],
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


def _safe_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _columns() -> list[tuple[str, str]]:
    """(key, header) of every column, in the active language."""

    def label(model, name):
        return capfirst(str(model._meta.get_field(name).verbose_name))

    return [
        ("goal", _("Goal")),
        ("parent_goal", label(Goal, "parent")),
        ("perspective", label(Goal, "perspective")),
        ("term", label(Goal, "term")),
        ("csf", _("Critical success factor")),
        ("name", _("KPI")),
        *(
            (name, label(Kpi, name))
            for name in (
                "statement",
                "definition",
                "unit",
                "direction",
                "baseline_value",
                "baseline_date",
                "target_value",
                "target_max",
                "target_date",
                "on_track_threshold",
                "off_track_threshold",
            )
        ),
        ("milestones", capfirst(_("milestones"))),
        *(
            (name, label(Kpi, name))
            for name in (
                "frequency",
                "data_source",
                "owner",
                "owner_accepted",
                "indicator_type",
                "customer_facing",
                "rationale",
                "status",
            )
        ),
        ("smart_score", _("SMART score")),
    ]


def version_to_csv(version: KpiSetVersion, lang: str) -> str:
    """The version as a CSV sheet in `lang` ("nl" or "en"), starting with a byte order mark."""
    dutch = lang.startswith("nl")
    with override("nl" if dutch else "en"):
        return BOM + _csv_text(version.snapshot, dutch)


def _csv_text(snapshot: dict, dutch: bool) -> str:
    labels = {
        "perspective": dict(Perspective.choices),
        "term": dict(Term.choices),
        "unit": dict(Unit.choices),
        "direction": dict(Direction.choices),
        "frequency": dict(Frequency.choices),
        "indicator_type": dict(IndicatorType.choices),
        "status": dict(KpiStatus.choices),
    }

    def amount(value: str | None) -> str:
        if value is None:
            return ""
        return value.replace(".", ",") if dutch else value

    def choice(name: str, code: str) -> str:
        return str(labels[name].get(code, code)) if code else ""

    def yes_no(value: bool) -> str:
        return _("yes") if value else _("no")

    columns = _columns()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if dutch else ",", lineterminator="\r\n")
    writer.writerow([header for _key, header in columns])
    titles = goal_titles(snapshot)
    for goal in snapshot["goals"]:
        for csf in goal["csfs"]:
            for kpi in csf["kpis"]:
                milestones = "; ".join(
                    f"{m['due_date']}: {amount(m['value'])}" for m in kpi["milestones"]
                )
                score = kpi.get("smart_score")
                row = {
                    "goal": _safe_text(goal["title"]),
                    "parent_goal": _safe_text(titles.get(goal["parent_id"], "")),
                    "perspective": choice("perspective", goal["perspective"]),
                    "term": choice("term", goal["term"]),
                    "csf": _safe_text(csf["title"]),
                    "name": _safe_text(kpi["name"]),
                    "statement": _safe_text(kpi["statement"]),
                    "definition": _safe_text(kpi["definition"]),
                    "unit": choice("unit", kpi["unit"]),
                    "direction": choice("direction", kpi["direction"]),
                    "baseline_value": amount(kpi["baseline_value"]),
                    "baseline_date": kpi["baseline_date"] or "",
                    "target_value": amount(kpi["target_value"]),
                    "target_max": amount(kpi["target_max"]),
                    "target_date": kpi["target_date"] or "",
                    "on_track_threshold": amount(kpi["on_track_threshold"]),
                    "off_track_threshold": amount(kpi["off_track_threshold"]),
                    "milestones": milestones,
                    "frequency": choice("frequency", kpi["frequency"]),
                    "data_source": _safe_text(kpi["data_source"]),
                    "owner": _safe_text(kpi["owner_name"]),
                    "owner_accepted": yes_no(kpi["owner_accepted"]),
                    "indicator_type": choice("indicator_type", kpi["indicator_type"]),
                    "customer_facing": yes_no(kpi["customer_facing"]),
                    "rationale": _safe_text(kpi["rationale"]),
                    "status": choice("status", kpi["status"]),
                    "smart_score": "" if score is None else str(score),
                }
                writer.writerow([row[key] for key, _header in columns])
    return out.getvalue()
