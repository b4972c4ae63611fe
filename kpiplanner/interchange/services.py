"""Importing a KPI-set file as a new strategy tree (see CONVENTIONS.md, services).

The upload page and `manage.py import_kpi_set` both call `kpi_set_import`; the file is checked
whole first (`validation.check_kpi_set`), then written in one transaction, so a refused file
leaves nothing behind.
"""

import datetime
import itertools
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import DataError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Strategy
from indicators.models import Kpi, KpiMilestone, KpiStatus, KpiTemplate
from kpiplanner.accounts.models import Organisation

from .validation import CheckedKpiSet, ImportRefused, check_kpi_set


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
