"""The snapshot of an approved KPI set, and the comparison of two snapshots.

The snapshot is plain JSON, stable across releases (exports build on it). This is the one
description of its layout (the JSON file and the CSV sheet of `interchange.formats` derive from
it). A KPI's keys are `KPI_KEYS`: `id`, the definition fields of `indicators.models.
KPI_DEFINITION_FIELDS` in their order, and the snapshot's own keys (`KPI_OWN_KEYS_BEFORE`,
`KPI_OWN_KEYS_AFTER`). Layout, schema 1::

    {
      "schema": 1,
      "strategy": {"id", "name", "mission", "vision", "horizon_start_year", "horizon_end_year"},
      "goals": [{
        "id", "parent_id", "title", "description", "perspective", "term",
        "period_start", "period_end", "order",
        "csfs": [{
          "id", "title", "description", "order",
          "kpis": [{                                  KPI_KEYS, that is:
            "id", "name", "statement", "definition", "unit", "direction",
            "baseline_value", "baseline_date", "target_value", "target_max", "target_date",
            "on_track_threshold", "off_track_threshold",
            "milestones": [{"due_date", "value"}],
            "frequency", "data_source", "owner_id", "owner_name", "owner_accepted",
            "indicator_type", "customer_facing", "rationale", "status", "order",
            "template_slug", "smart_score", "smart": {"S", "M", "A", "R", "T"}
          }]
        }]
      }],
      "counts": {"goals", "csfs", "kpis", "approved_kpis"},
      "organisation": {"name", "slug"},             the organisation on the day of approval
      "approval": {"approved_by", "note"}           the approver's name then, and their note
    }

`organisation` and `approval` were added later (schema 1 still): a version approved before
has neither, and `KpiSetVersion` falls back to the live names for it.

Ids are strings (UUIDs), `owner_id` an integer or null. Dates are ISO strings ("2027-03-31") or
null; amounts are decimal strings without trailing zeros ("10", "92.5") or null, so no precision
is lost to floats. Choice fields hold their codes ("hours", "lower", "approved"); the labels are
the models' choices in the reader's language. `smart` maps each letter to "met", "weak",
"missing" or null (not judged), as judged on the day of approval. Every KPI of the tree is in
the snapshot with its status; the approved set proper is the KPIs whose status is "approved"
(`approved_tree`), the others were decided against (`decided_against`): pages and exports show
those apart, never inside the approved tree.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Strategy
from indicators.models import KPI_DEFINITION_FIELDS, Kpi, KpiStatus
from indicators.smart_adapter import strategy_health
from kpiplanner.accounts.models import display_name

SCHEMA = 1
KIND_MODELS = {"strategy": Strategy, "goal": Goal, "csf": CriticalSuccessFactor, "kpi": Kpi}
KIND_LABELS = {
    "strategy": gettext_lazy("Strategy"),
    "goal": gettext_lazy("Goal"),
    "csf": gettext_lazy("Critical success factor"),
    "kpi": gettext_lazy("KPI"),
}


def snapshot_queryset():
    """Strategies with everything a snapshot holds, in a fixed number of queries."""
    kpis = Kpi.objects.select_related("owner", "template").prefetch_related("milestones")
    return Strategy.objects.select_related("organisation").prefetch_related(
        "goals__csfs", Prefetch("goals__csfs__kpis", queryset=kpis)
    )


def _amount(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value.normalize(), "f")


def _day(value) -> str | None:
    return value.isoformat() if value else None


def build_snapshot(strategy: Strategy, *, evaluations: dict | None = None) -> dict:
    """The snapshot of `strategy` as loaded with `snapshot_queryset()` (no further queries).

    `evaluations` are the SMART verdicts of every KPI of the tree by id, when they are at hand
    already (judged for the review page, or through its cache); without them every KPI is
    judged now. Either way in the approver's language, so the score stored is the score they saw.
    """
    goals = list(strategy.goals.all())
    if evaluations is None:
        _findings, evaluations = strategy_health(strategy, goals)
    counts = {"goals": len(goals), "csfs": 0, "kpis": 0, "approved_kpis": 0}
    goal_items = []
    for goal in goals:
        csf_items = []
        for csf in goal.csfs.all():
            counts["csfs"] += 1
            kpi_items = []
            for kpi in csf.kpis.all():
                counts["kpis"] += 1
                counts["approved_kpis"] += kpi.status == KpiStatus.APPROVED
                kpi_items.append(kpi_item(kpi, evaluations.get(kpi.pk)))
            csf_items.append(
                {
                    "id": str(csf.pk),
                    "title": csf.title,
                    "description": csf.description,
                    "order": csf.order,
                    "kpis": kpi_items,
                }
            )
        goal_items.append(
            {
                "id": str(goal.pk),
                "parent_id": str(goal.parent_id) if goal.parent_id else None,
                "title": goal.title,
                "description": goal.description,
                "perspective": goal.perspective,
                "term": goal.term,
                "period_start": _day(goal.period_start),
                "period_end": _day(goal.period_end),
                "order": goal.order,
                "csfs": csf_items,
            }
        )
    return {
        "schema": SCHEMA,
        "strategy": {
            "id": str(strategy.pk),
            "name": strategy.name,
            "mission": strategy.mission,
            "vision": strategy.vision,
            "horizon_start_year": strategy.horizon_start_year,
            "horizon_end_year": strategy.horizon_end_year,
        },
        "organisation": {
            "name": strategy.organisation.name,
            "slug": strategy.organisation.slug,
        },
        "goals": goal_items,
        "counts": counts,
    }


# A KPI's item: its definition (`KPI_DEFINITION_FIELDS`, in that order) and the snapshot's own
# keys, some set before the definition field they belong beside, the rest at the end.
KPI_OWN_KEYS_BEFORE = {"frequency": ("milestones",), "owner_accepted": ("owner_id", "owner_name")}
KPI_OWN_KEYS_AFTER = ("status", "order", "template_slug", "smart_score", "smart")


def _kpi_keys() -> tuple[str, ...]:
    keys = ["id"]
    for name in KPI_DEFINITION_FIELDS:
        keys += [*KPI_OWN_KEYS_BEFORE.get(name, ()), name]
    return (*keys, *KPI_OWN_KEYS_AFTER)


KPI_KEYS = _kpi_keys()


def _definition_value(kpi: Kpi, name: str):
    """A definition field as the snapshot holds it: amounts and dates as strings."""
    value = getattr(kpi, name)
    if isinstance(value, Decimal):
        return _amount(value)
    if isinstance(value, datetime.date):
        return _day(value)
    return value


def kpi_item(kpi: Kpi, evaluation=None) -> dict:
    """One KPI as the snapshot holds it (its owner, template and milestones loaded)."""
    smart = {letter: None for letter in "SMART"}
    score = None
    if evaluation is not None:
        score = evaluation.score
        for letter, criterion in evaluation.criteria.items():
            smart[letter] = None if criterion is None else str(criterion.status)
    own = {
        "id": str(kpi.pk),
        "milestones": [
            {"due_date": _day(m.due_date), "value": _amount(m.value)} for m in kpi.milestones.all()
        ],
        "owner_id": kpi.owner_id,
        "owner_name": display_name(kpi.owner),
        "status": kpi.status,
        "order": kpi.order,
        "template_slug": kpi.template.slug if kpi.template else None,
        "smart_score": score,
        "smart": smart,
    }
    return {name: own[name] if name in own else _definition_value(kpi, name) for name in KPI_KEYS}


# ---------------------------------------------------------------------------------------------
# Comparison


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str


@dataclass
class NodeChange:
    kind: str
    id: str
    title: str
    path: str  # where the node hangs, for the reader: "Goal › CSF"
    fields: list[FieldChange] = field(default_factory=list)
    # A KPI outside the approved set ("Afgewezen", "Concept"): added to the tree is not added to
    # the set, so the reader must see it. Empty for approved KPIs and for goals and CSFs.
    status: str = ""

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass
class Comparison:
    added: list[NodeChange]
    removed: list[NodeChange]
    changed: list[NodeChange]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


# Children lists are compared as nodes of their own; `smart` is summed up in `smart_score`, and
# `owner_id` is shown as `owner_name`.
_NOT_COMPARED = {"id", "csfs", "kpis", "smart", "owner_id"}
# What the SMART engine judged rather than what people edited.
JUDGED_FIELDS = frozenset({"smart", "smart_score"})
_EXTRA_LABELS = {
    "owner_name": gettext_lazy("owner"),
    "smart_score": gettext_lazy("SMART score"),
    "milestones": gettext_lazy("milestones"),
    "template_slug": gettext_lazy("from library template"),
    "parent_id": gettext_lazy("parent goal"),
    "place": gettext_lazy("place in the tree"),
}


def _flatten(snapshot: dict) -> dict[tuple[str, str], tuple[dict, str, str | None]]:
    """{(kind, id): (node without its children, path, id of the node it hangs under)} in tree
    order. A goal's parent is a field of its own (`parent_id`), so it has None here."""
    strategy = snapshot.get("strategy", {})
    nodes = {("strategy", strategy.get("id", "")): (strategy, "", None)}
    for goal in snapshot.get("goals", []):
        nodes[("goal", goal["id"])] = (goal, "", None)
        for csf in goal.get("csfs", []):
            nodes[("csf", csf["id"])] = (csf, goal["title"], goal["id"])
            for kpi in csf.get("kpis", []):
                nodes[("kpi", kpi["id"])] = (kpi, f"{goal['title']} › {csf['title']}", csf["id"])
    return nodes


def goal_titles(snapshot: dict) -> dict[str, str]:
    """{goal id: title} of a snapshot: how a goal's parent is named to the reader."""
    return {goal["id"]: goal["title"] for goal in snapshot.get("goals", [])}


def _shown(kind: str, name: str, value, node: dict, goal_titles: dict[str, str]) -> str:
    """A compared value as the reader writes it; a goal's parent by its title in that version."""
    if name == "parent_id":
        return goal_titles.get(value, "–")
    return display_value(kind, name, value, node.get("unit") or "")


def _title(kind: str, node: dict) -> str:
    return node["name"] if kind in {"kpi", "strategy"} else node["title"]


def field_label(kind: str, name: str) -> str:
    if name in _EXTRA_LABELS:
        return str(_EXTRA_LABELS[name])
    return str(KIND_MODELS[kind]._meta.get_field(name).verbose_name)


def display_value(kind: str, name: str, value, unit: str = "") -> str:
    """A snapshot value as the reader writes it: labels for codes, local dates and numbers."""
    import datetime

    from indicators.templatetags.kpi_tags import kpi_value

    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "milestones":
        return "; ".join(
            f"{display_value(kind, 'due_date', m['due_date'])}: {kpi_value(m['value'], unit)}"
            for m in value
        )
    if name.endswith("_date") or name in {"period_start", "period_end"}:
        return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
    if name.endswith(("_value", "_threshold")) or name == "target_max":
        return kpi_value(value, unit)
    if name in _EXTRA_LABELS:
        return str(value)
    model_field = KIND_MODELS[kind]._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.choices).get(value, value))
    return str(value)


def compare_snapshots(old: dict, new: dict, *, ignore=frozenset()) -> Comparison:
    """What was added, removed and changed (field by field) from snapshot `old` to `new`,
    leaving out the fields named in `ignore`."""
    before, after = _flatten(old), _flatten(new)
    titles_before, titles_after = goal_titles(old), goal_titles(new)
    added, removed, changed = [], [], []
    for key, (node, path, parent) in after.items():
        kind, node_id = key
        if key not in before:
            added.append(
                NodeChange(kind, node_id, _title(kind, node), path, status=_outside(kind, node))
            )
            continue
        previous, previous_path, previous_parent = before[key]
        fields = []
        if parent != previous_parent:
            # Moved under another CSF or goal: the node's own fields may all be the same.
            fields.append(FieldChange("place", field_label(kind, "place"), previous_path, path))
        fields += field_changes(
            kind, previous, node, ignore=ignore, titles=(titles_before, titles_after)
        )
        if fields:
            changed.append(
                NodeChange(kind, node_id, _title(kind, node), path, fields, _outside(kind, node))
            )
    for key, (node, path, _parent) in before.items():
        if key not in after:
            removed.append(
                NodeChange(
                    key[0], key[1], _title(key[0], node), path, status=_outside(key[0], node)
                )
            )
    return Comparison(added, removed, changed)


def field_changes(
    kind: str, previous: dict, node: dict, *, ignore=frozenset(), titles=({}, {})
) -> list[FieldChange]:
    """The fields of one node that differ between two snapshots' items, as the reader sees them."""
    return [
        FieldChange(
            name,
            field_label(kind, name),
            _shown(kind, name, previous.get(name), previous, titles[0]),
            _shown(kind, name, value, node, titles[1]),
        )
        for name, value in node.items()
        if name not in _NOT_COMPARED
        and name not in ignore
        and (
            previous.get(name) != value
            # Another person who happens to have the same name is another owner.
            or (name == "owner_name" and previous.get("owner_id") != node.get("owner_id"))
        )
    ]


def find_kpi(snapshot: dict, kpi_id: str) -> tuple[dict, str, str] | None:
    """(the KPI's item, "Goal › CSF", the CSF's id) in a snapshot; None when it is not in it."""
    for goal in snapshot.get("goals", []):
        for csf in goal.get("csfs", []):
            for item in csf.get("kpis", []):
                if item.get("id") == kpi_id:
                    return item, f"{goal['title']} › {csf['title']}", csf["id"]
    return None


# What an approval does not cover: the verdicts, the status and the KPI's place among siblings.
NOT_APPROVED_FIELDS = JUDGED_FIELDS | {"status", "order", "template_slug"}


def kpi_changes(old: dict, old_path: str, old_csf: str, kpi: Kpi) -> list[FieldChange]:
    """What changed in `kpi` (live, its CSF, goal, owner and milestones loaded) since its item
    `old` in an approved version, field by field; a move to another CSF first."""
    fields = []
    if old_csf != str(kpi.csf_id):
        path = f"{kpi.csf.goal.title} › {kpi.csf.title}"
        fields.append(FieldChange("place", field_label("kpi", "place"), old_path, path))
    return fields + field_changes("kpi", old, kpi_item(kpi), ignore=NOT_APPROVED_FIELDS)


def approved_tree(snapshot: dict) -> list[dict]:
    """The snapshot's goals and CSFs with only their approved KPIs: the approved set proper."""
    return [
        {
            **goal,
            "csfs": [
                {
                    **csf,
                    "kpis": [
                        kpi
                        for kpi in csf.get("kpis", [])
                        if kpi.get("status") == KpiStatus.APPROVED
                    ],
                }
                for csf in goal.get("csfs", [])
            ],
        }
        for goal in snapshot.get("goals", [])
    ]


def decided_against(snapshot: dict) -> list[dict]:
    """The snapshot's KPIs outside the approved set (rejected or retired), each with the ids
    and titles of its goal and CSF, in tree order."""
    found = []
    for goal in snapshot.get("goals", []):
        for csf in goal.get("csfs", []):
            for kpi in csf.get("kpis", []):
                if kpi.get("status") != KpiStatus.APPROVED:
                    found.append(
                        {
                            **kpi,
                            "goal_id": goal["id"],
                            "goal_title": goal["title"],
                            "csf_id": csf["id"],
                            "csf_title": csf["title"],
                        }
                    )
    return found


def _outside(kind: str, node: dict) -> str:
    """The status of a KPI that is not part of the approved set, as the reader names it."""
    if kind != "kpi" or node.get("status") in (None, KpiStatus.APPROVED):
        return ""
    return display_value("kpi", "status", node["status"])


def same_tree(a: dict, b: dict) -> bool:
    """Whether two snapshots describe the same tree as people edited it.

    The SMART verdicts are left out: they are judged on a day and in the approver's language,
    so they move when a deadline passes or the other language is read, with nobody editing.
    """
    return a == b or compare_snapshots(a, b, ignore=JUDGED_FIELDS).is_empty


def set_basis(snapshot: dict) -> str:
    """A short digest of a tree as people edited it (SMART verdicts left out, see `same_tree`):
    the confirmation page carries it, so approving refuses a set that changed after it was
    shown."""
    goals = [
        {
            **goal,
            "csfs": [
                {
                    **csf,
                    "kpis": [
                        {k: v for k, v in kpi.items() if k not in JUDGED_FIELDS}
                        for kpi in csf["kpis"]
                    ],
                }
                for csf in goal["csfs"]
            ],
        }
        for goal in snapshot["goals"]
    ]
    text = json.dumps([snapshot["strategy"], goals], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]
