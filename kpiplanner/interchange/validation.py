"""Checking a KPI-set file's data whole, before anything is written.

`check_kpi_set(data)` (data from `reading.read_kpi_set`) walks the file's tree (strategy, goals,
CSFs, KPIs, milestones), checks every node's values with the models' own rules
(`values.FieldChecker`) and returns the tree as unsaved model instances. It raises
`ImportRefused` with messages that name the place of each problem ("goal 2, CSF 1, KPI 3:
target date (target_date) is not a date…"), so a file is taken whole or not at all.

Limits: the number of goals, CSFs, KPIs and milestones together (setting INTERCHANGE_MAX_NODES,
1000) and the nesting of goals under parent goals (MAX_GOAL_DEPTH).
"""

import contextlib
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Strategy
from indicators.models import Kpi, KpiMilestone

from .formats import FORMAT, SCHEMA
from .reading import ImportRefused, shorten, storable
from .values import MAX_ERRORS, FieldChecker, TooManyErrors

MAX_GOAL_DEPTH = 10  # a goal under a goal under a goal…
ID_MAX = 100
USERNAME_MAX = 254  # a username, or an e-mail address
TEMPLATE_SLUG_MAX = 80

KEY_LABELS = {
    "parent_id": gettext_lazy("parent goal"),
    "owner_username": gettext_lazy("owner"),
    "owner_name": gettext_lazy("owner's name"),
    "template_slug": gettext_lazy("from library template"),
}


def max_nodes() -> int:
    return getattr(settings, "INTERCHANGE_MAX_NODES", 1000)


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
    with contextlib.suppress(TooManyErrors):
        result = checker.check(data)
    if checker.errors:
        if len(checker.errors) >= MAX_ERRORS:
            checker.errors.append(_("There may be more problems; fix these first."))
        raise ImportRefused(checker.errors)
    return result


class _Stop(Exception):
    """A problem that makes checking the rest of the file pointless."""


class _Checker(FieldChecker):
    """The walk over the file's tree; each node's values are `FieldChecker`'s."""

    def __init__(self):
        super().__init__()
        self.nodes = 0
        self.ids: dict[str, str] = {}

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
            shown = shorten(str(data["format"]))
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
                % {"schema": shorten(str(schema)), "known": SCHEMA},
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
        if len(value) > ID_MAX or not storable(value):
            self.too_long_or_broken(place, label, value, ID_MAX)
            return None
        where = ", ".join(place)
        if value in self.ids:
            self.error(
                place,
                _("the id “%(id)s” is also used by %(other)s; every id must be unique.")
                % {"id": shorten(value), "other": self.ids[value]},
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
        if len(value) > max_length or not storable(value):
            self.too_long_or_broken(place, label, value, max_length)
            return None
        return value

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
                    % {"id": shorten(parent)},
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
        name = shorten(name, 200) if isinstance(name, str) and storable(name) else ""
        if not isinstance(number, int) or isinstance(number, bool):
            number = None
        return name, number
