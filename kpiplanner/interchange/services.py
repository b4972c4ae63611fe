"""Importing a KPI-set file as a new strategy tree, and a sheet of KPI values (see
CONVENTIONS.md, services).

The upload page and `manage.py import_kpi_set` both call `kpi_set_import`; the file is checked
whole first (`validation.check_kpi_set`), then written in one transaction, so a refused file
leaves nothing behind. The same holds for `measurements_import` (the values page and
`manage.py import_measurements`).
"""

import datetime
import itertools
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Strategy
from indicators.models import Kpi, KpiMilestone, KpiStatus, KpiTemplate, Measurement
from kpiplanner.accounts.models import Organisation

from .measurement_import import Entry, Plan, plan_entries
from .reading import ImportRefused
from .validation import CheckedKpiSet, check_kpi_set


@dataclass
class ImportResult:
    strategy: Strategy
    counts: dict[str, int]
    source_organisation: str
    source_version: int | None
    # Owners named in the file who are not members of the organisation: their KPIs have none.
    missing_owners: list[str] = field(default_factory=list)
    # Library templates the file refers to that this installation does not have.
    missing_templates: list[str] = field(default_factory=list)


def kpi_set_import(*, data, organisation: Organisation, user=None) -> ImportResult:
    """Create the file's strategy tree, with new ids, as a new strategy of `organisation`.

    Goals keep their parent links and order, CSFs and KPIs their order, KPIs every field of the
    definition card and their milestones. Every KPI starts as a draft: approving belongs to the
    managers of the importing organisation. Owners are matched by username (or e-mail address)
    among the organisation's members; one who is not a member leaves the KPI without an owner
    (and without "owner has accepted") and is listed in the result. Raises ImportRefused, with
    nothing written, when the file is not a valid KPI set.
    """
    checked = check_kpi_set(data)
    owners, missing_owners = _owners(checked, organisation)
    templates, missing_templates = _templates(checked)
    try:
        with transaction.atomic():
            strategy = _write(checked, organisation, user, owners, templates)
    except (IntegrityError, DataError) as exc:
        # The checks mirror every database rule; this is the net in case one slips through.
        raise ImportRefused(
            [_("The file could not be imported because its values do not fit together.")]
        ) from exc
    return ImportResult(
        strategy=strategy,
        counts=checked.counts,
        source_organisation=checked.source_organisation,
        source_version=checked.source_version,
        missing_owners=missing_owners,
        missing_templates=missing_templates,
    )


def imported_name(name: str, organisation, today: datetime.date | None = None) -> str:
    """The name an imported strategy gets: the file's name and the day of the import, so it
    is told apart from the strategy it was exported from ("Klanten behouden (import 5
    december 2026)"); a second import that day gets a number too. Fits the name's 200 characters."""
    day = date_format(today or timezone.localdate(), "DATE_FORMAT")
    max_length = Strategy._meta.get_field("name").max_length
    taken = set(Strategy.objects.filter(organisation=organisation).values_list("name", flat=True))
    for number in itertools.count(1):
        if number == 1:
            suffix = _("(import %(date)s)") % {"date": day}
        else:
            suffix = _("(import %(date)s, %(number)d)") % {"date": day, "number": number}
        room = max_length - len(suffix) - 1
        base = name if len(name) <= room else name[: room - 1].rstrip() + "…"
        candidate = f"{base} {suffix}"
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable")


def _kpi_nodes(checked: CheckedKpiSet):
    for goal in checked.goals:
        for csf in goal.csfs:
            yield from csf.kpis


def _owners(checked: CheckedKpiSet, organisation) -> tuple[dict, list[str]]:
    """{owner key in the file: user} for members of `organisation`; the names not found."""
    keys = {node.owner_username for node in _kpi_nodes(checked) if node.owner_username}
    members = {}
    if keys:
        wanted = Q(username__in=keys)
        for key in keys:
            if "@" in key:
                wanted |= Q(email__iexact=key)
        users = list(
            get_user_model().objects.filter(wanted, memberships__organisation=organisation)
        )
        # A username matches exactly (usernames are case-sensitive) and wins over an e-mail
        # address, which matches in any case.
        by_username = {user.username: user for user in users}
        by_email = {}
        for user in sorted(users, key=lambda u: u.pk):
            if user.email:
                by_email.setdefault(user.email.lower(), user)
        for key in keys:
            user = by_username.get(key) or (by_email.get(key.lower()) if "@" in key else None)
            if user is not None:
                members[key] = user
    missing = []
    for node in _kpi_nodes(checked):
        if node.owner_username in members:
            continue
        name = node.owner_name or node.owner_username
        if name and name not in missing:
            missing.append(name)
    return members, missing


def _templates(checked: CheckedKpiSet) -> tuple[dict, list[str]]:
    slugs = {node.template_slug for node in _kpi_nodes(checked) if node.template_slug}
    found = {t.slug: t for t in KpiTemplate.objects.filter(slug__in=slugs)} if slugs else {}
    return found, sorted(slugs - set(found))


def _write(checked: CheckedKpiSet, organisation, user, owners, templates) -> Strategy:
    """Write the tree with a fixed number of queries per level (bulk inserts), at any size.

    The ids are made in Python (UUIDs), so parents are linked before the insert. Siblings with
    the same `order` keep the file's order through their creation time, which the inserts set
    one after another; should two of them get the same instant, they are spaced a microsecond
    apart. Every KPI gets its first history record, by the importing user.
    """
    strategy = checked.strategy
    strategy.organisation = organisation
    strategy.name = imported_name(strategy.name, organisation)
    strategy.save()
    goals = []
    by_file_id = {node.file_id: node.goal for node in checked.goals}
    for goal_node in checked.goals:
        goal = goal_node.goal
        goal.strategy = strategy
        if goal_node.parent_file_id is not None:
            goal.parent = by_file_id[goal_node.parent_file_id]
        goals.append(goal)
    Goal.objects.bulk_create(goals)
    _keep_file_order(Goal, goals, None)  # goals are ordered within the strategy
    csfs, kpis, milestones = [], [], []
    for goal_node in checked.goals:
        for csf_node in goal_node.csfs:
            csf = csf_node.csf
            csf.goal = goal_node.goal
            csfs.append(csf)
            for kpi_node in csf_node.kpis:
                kpi = kpi_node.kpi
                kpi.csf = csf
                kpi.status = KpiStatus.DRAFT
                kpi.owner = owners.get(kpi_node.owner_username)
                if kpi.owner is None:
                    kpi.owner_accepted = False  # nobody here has accepted it yet
                kpi.template = templates.get(kpi_node.template_slug)
                kpis.append(kpi)
                for milestone in kpi_node.milestones:
                    milestone.kpi = kpi
                    milestones.append(milestone)
    CriticalSuccessFactor.objects.bulk_create(csfs)
    _keep_file_order(CriticalSuccessFactor, csfs, "goal_id")
    bulk_create_with_history(kpis, Kpi, default_user=user)
    _keep_file_order(Kpi, kpis, "csf_id")
    KpiMilestone.objects.bulk_create(milestones)
    return strategy


def _keep_file_order(model, rows: list, parent: str | None) -> None:
    """Siblings with the same order must have rising creation times in file order; the inserts
    give them that unless two got the same instant: then space them apart (one more query)."""
    groups: dict[tuple, list] = {}
    for row in rows:
        groups.setdefault((getattr(row, parent) if parent else None, row.order), []).append(row)
    if all(
        earlier.created_at < later.created_at
        for group in groups.values()
        for earlier, later in itertools.pairwise(group)
    ):
        return
    start = min(row.created_at for row in rows)
    for index, row in enumerate(rows):
        row.created_at = start + datetime.timedelta(microseconds=index)
    model.objects.bulk_update(rows, ["created_at"])


# ---------------------------------------------------------------------------------------------
# KPI values


class MeasurementsRefused(Exception):
    """The sheet was not imported: `plan.problems` say why. `changed` is set when the file was
    fine but the values it corrects changed since its preview (the plan is the new preview)."""

    def __init__(self, plan: Plan, *, changed: bool = False):
        super().__init__(f"{len(plan.problems)} problems")
        self.plan = plan
        self.changed = changed


def measurements_import(
    *,
    entries: list[Entry],
    user,
    may_enter_all: bool,
    read: Plan | None = None,
    expected: str | None = None,
) -> Plan:
    """Record the entries' values as `user`, all or nothing, with their history, in a number of
    queries that does not grow with the lines (bulk writes); the plan that was carried out.

    `read` is what reading the file found (`read_entries`): any of its problems refuses the
    whole file too. `expected` is the digest of the preview the user confirmed: when another
    person entered or corrected one of these periods since, nothing is written and the new plan
    is shown.
    """
    plan = Plan(problems=list(read.problems), skipped=read.skipped) if read else Plan()
    try:
        with transaction.atomic():
            plan_entries(entries, plan, user=user, may_enter_all=may_enter_all, lock=True)
            if plan.problems:
                raise MeasurementsRefused(plan)
            if expected is not None and plan.digest() != expected:
                raise MeasurementsRefused(plan, changed=True)
            _write_measurements(plan, user)
    except IntegrityError as exc:  # a period got its first value from someone else just now
        raise MeasurementsRefused(plan, changed=True) from exc
    return plan


def _write_measurements(plan: Plan, user) -> None:
    now = timezone.now()
    added = [
        Measurement(kpi=e.kpi, period=e.period, value=e.value, note=e.note, entered_by=user)
        for e in plan.additions
    ]
    if added:
        bulk_create_with_history(added, Measurement, default_user=user, default_date=now)
    corrected = []
    for entry, old in plan.corrections:
        old.value, old.entered_by, old.updated_at = entry.value, user, now
        old.note = entry.note or old.note  # an empty cell keeps the note
        old.version += 1  # the row is locked (plan_entries), so this is the stored version + 1
        corrected.append(old)
    for start in range(0, len(corrected), CORRECTIONS_PER_STATEMENT):
        _update_values(corrected[start : start + CORRECTIONS_PER_STATEMENT], user, now)
    if corrected:
        # The rows are written above; this writes their history ("~", by `user`, at `now`).
        bulk_update_with_history(corrected, Measurement, [], default_user=user, default_date=now)


# Three parameters a row: within SQLite's 32,766 and PostgreSQL's 65,535 per statement.
CORRECTIONS_PER_STATEMENT = 5000


def _update_values(rows: list[Measurement], user, now) -> None:
    """Set the new value and note of each row in one UPDATE joined to a list of (id, value,
    note). Django's bulk_update builds a CASE with a WHEN per row and field in Python, which
    takes some 15 s for 5,000 corrections; this takes a fraction of a second."""
    meta = Measurement._meta
    field = meta.get_field
    ops = connection.ops

    def column(name):
        return ops.quote_name(field(name).column)

    params = []
    for row in rows:
        params += [
            field("id").get_db_prep_value(row.pk, connection),
            field("value").get_db_prep_save(row.value, connection),
            row.note,
        ]
    decimal_cast = "::numeric" if connection.vendor == "postgresql" else ""
    id_cast = "::uuid" if connection.vendor == "postgresql" else ""
    table = ops.quote_name(meta.db_table)
    sql = (
        f"WITH new (id, value, note) AS (VALUES {', '.join(['(%s, %s, %s)'] * len(rows))}) "
        f"UPDATE {table} SET {column('value')} = new.value{decimal_cast}, "
        f"{column('note')} = new.note, {column('entered_by')} = %s, "
        f"{column('version')} = {table}.{column('version')} + 1, {column('updated_at')} = %s "
        f"FROM new WHERE {table}.{column('id')} = new.id{id_cast}"
    )
    params += [user.pk if user else None, field("updated_at").get_db_prep_value(now, connection)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
