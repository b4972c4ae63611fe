"""A strategy's tree (goals → CSFs → KPIs with their milestones) loaded for reading, as the
strategy page and the API's progress tree show it.

The same nodes as `Strategy.objects.with_tracking()` gives (model instances whose
`goal.csfs.all()`, `csf.kpis.all()` and `kpi.milestones.all()` answer from memory, and whose
`kpi.csf`, `csf.goal` and `goal.strategy` are set), in one query per level, but the children
are put in place here rather than by `prefetch_related`: that builds and filters a queryset for
every goal, CSF and KPI, which at 500 KPIs cost more than the queries themselves. The lists are
for reading (iterate them, take their length): a further query on one, such as
`goal.csfs.all().filter(...)`, answers nothing rather than reading the database again.
"""

from django.apps import apps
from django.db.models import F

from .models import PUBLISHED_KPIS, Goal

# What the tree never shows of a KPI (its own page does): left in the database, so that 500 rows
# convert fewer values.
UNREAD_KPI_FIELDS = (
    "template",
    "definition",
    "data_source",
    "owner_accepted",
    "indicator_type",
    "customer_facing",
    "rationale",
    "removal_requested_at",
    "removal_requested_by",
    "version",
    "created_at",
    "updated_at",
)
# What the tree shows of a KPI's owner: their name (`accounts.models.display_name`).
OWNER_FIELDS = ("username", "first_name", "last_name")


def _set_children(instance, name: str, base, children: list):
    """`instance.<name>.all()` answers `children`, as after a prefetch; returns that list
    (`instance` None: a list to share). `base` is the level's empty queryset (`none()`), whose
    query every node shares: it is copied before any change, and building one per node cost as
    much as the rest of the tree."""
    found = type(base)(model=base.model, query=base.query, using=base._db)
    found._result_cache = children
    found._prefetch_done = True
    if instance is not None:
        instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = found
    return found


def _by_parent(rows, parent_field: str) -> dict:
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(getattr(row, parent_field), []).append(row)
    return grouped


def _set_owners(kpis) -> None:
    """`kpi.owner` of each of `kpis` (loaded with their owners' `OWNER_FIELDS`), one user per
    owner; the user's other fields are deferred, as after `only()`."""
    people: dict = {}
    for kpi in kpis:
        if kpi.owner_id is None:
            continue
        person = people.get(kpi.owner_id)
        if person is None:
            user_model = type(kpi)._meta.get_field("owner").related_model
            person = people[kpi.owner_id] = user_model.from_db(
                kpi._state.db,
                [user_model._meta.pk.attname, *OWNER_FIELDS],
                [kpi.owner_id, *(getattr(kpi, f"owner_{name}_") for name in OWNER_FIELDS)],
            )
        kpi.owner = person


def load_tree(strategy, *, approved_only: bool = False, owners: bool = True) -> list:
    """The goals of `strategy`, in order, with their CSFs, KPIs and the KPIs' milestones: four
    queries (the KPIs' owners joined along when `owners`). What the tree does not show of a
    KPI is not read (`UNREAD_KPI_FIELDS`: reading one costs a query per KPI).

    `approved_only`: only published KPIs (`goals.models.PUBLISHED_KPIS`), and only the goals and
    CSFs above one: what a viewer may read.
    """
    csf_model = apps.get_model("csf", "CriticalSuccessFactor")
    kpi_model = apps.get_model("indicators", "Kpi")
    milestone_model = apps.get_model("indicators", "KpiMilestone")
    kpis = kpi_model.objects.filter(csf__goal__strategy=strategy)
    if approved_only:
        kpis = kpis.filter(PUBLISHED_KPIS)
    kpis = kpis.defer(*UNREAD_KPI_FIELDS)
    if owners:  # their names read along; each owner is made once (select_related: once a KPI)
        kpis = kpis.annotate(**{f"owner_{name}_": F(f"owner__{name}") for name in OWNER_FIELDS})
    # Each level in its model's order; grouped by parent, that is the order under each parent.
    goals = list(Goal.objects.filter(strategy=strategy))
    csfs = _by_parent(csf_model.objects.filter(goal__strategy=strategy), "goal_id")
    kpis_by_csf = _by_parent(kpis, "csf_id")
    if owners:
        _set_owners(kpi for below_csf in kpis_by_csf.values() for kpi in below_csf)
    milestones = _by_parent(milestone_model.objects.filter(kpi__in=kpis.values("pk")), "kpi_id")
    no_csfs, no_kpis = csf_model.objects.none(), kpi_model.objects.none()
    no_milestones = milestone_model.objects.none()
    without_milestones = _set_children(None, "milestones", no_milestones, [])
    shown = []
    for goal in goals:
        goal.strategy = strategy
        below_goal = []
        for csf in csfs.get(goal.pk, ()):
            below_csf = kpis_by_csf.get(csf.pk, [])
            if approved_only and not below_csf:
                continue
            csf.goal = goal
            for kpi in below_csf:
                kpi.csf = csf
                kpi_milestones = milestones.get(kpi.pk)
                if kpi_milestones is None:  # most KPIs: they share one empty list
                    kpi.__dict__["_prefetched_objects_cache"] = {"milestones": without_milestones}
                else:
                    for milestone in kpi_milestones:
                        milestone.kpi = kpi
                    _set_children(kpi, "milestones", no_milestones, kpi_milestones)
            _set_children(csf, "kpis", no_kpis, below_csf)
            below_goal.append(csf)
        if approved_only and not below_goal:
            continue
        _set_children(goal, "csfs", no_csfs, below_goal)
        shown.append(goal)
    _set_children(strategy, "goals", Goal.objects.none(), shown)
    return shown
