"""Reading for the review pages: the annotated tree, comment threads, what waits for whom.

Everything here works on data loaded in a fixed number of queries, so the review page costs the
same number of queries for 10 KPIs as for 500.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, prefetch_related_objects

from goals.models import Strategy, tree_kpis
from indicators.models import Kpi, KpiStatus
from indicators.smart import Evaluation, KpiContext, evaluate
from indicators.smart_adapter import kpi_context, strategy_health
from kpiplanner.accounts.models import APPROVER_ROLES, EDITOR_ROLES

from . import snapshot
from .approval import changes_since_version
from .models import Comment, KpiTransition
from .nodes import NodeValues, annotate_csf, annotate_goal, annotate_kpi
from .workflow import DECIDED


@dataclass
class Thread:
    """The comments on one node, summed up: how many, and the last one."""

    kind: str
    node_id: object
    count: int = 0
    last: Comment | None = None

    @property
    def unanswered(self) -> bool:
        """A remark from outside the editing team that no facilitator has answered yet.

        A rejection's reason is not counted here: the rejected KPI itself waits for a fix.
        """
        return (
            self.last is not None
            and self.last.transition_id is None
            and self.last.author_role not in EDITOR_ROLES
        )


def threads_of(comments) -> dict[tuple[str, object], Thread]:
    """Group comments (oldest first) into threads by node."""
    threads: dict[tuple[str, object], Thread] = {}
    for comment in comments:
        key = (comment.node_kind, comment.node_id)
        thread = threads.get(key) or threads.setdefault(key, Thread(*key))
        thread.count += 1
        thread.last = comment
    return threads


def strategy_threads(strategy) -> dict[tuple[str, object], Thread]:
    """Every thread of a strategy, in one query."""
    comments = (
        Comment.objects.filter(strategy=strategy)
        .select_related("author")
        .only(
            "goal_id",
            "csf_id",
            "kpi_id",
            "transition_id",
            "author_role",
            "created_at",
            "body",
            "author__username",
            "author__first_name",
            "author__last_name",
        )
    )
    return threads_of(comments)


@dataclass
class Waiting:
    """What waits for the member: decisions for an approver, fixes and answers for an editor."""

    to_decide: list = field(default_factory=list)
    rejected: list = field(default_factory=list)
    unanswered: list = field(default_factory=list)  # (node, Thread)

    @property
    def count(self) -> int:
        return len(self.to_decide) + len(self.rejected) + len(self.unanswered)


@dataclass
class ReviewTree:
    goals: list  # the goals shown (filtered), with `shown_csfs` and their `shown_kpis`
    all_goals: list
    findings: list
    evaluations: dict
    waiting: Waiting
    kpi_total: int
    shown_kpis: int
    status_counts: dict
    undecided: int
    approved: int
    removals: int = 0  # approved KPIs an editor asked to remove


# ---------------------------------------------------------------------------------------------
# SMART verdicts and health


SMART_CACHE_SIZE = 2048  # about 4 kB each: a few large strategies in both languages


@functools.lru_cache(maxsize=SMART_CACHE_SIZE)
def judge(context: KpiContext) -> Evaluation:
    """The engine's verdict on one KPI, remembered per judged content in this process.

    `KpiContext` holds everything the verdict depends on (text, fields, titles, owner, language,
    today), so an edited KPI misses the cache and an unchanged one never is judged twice. The
    verdicts are shared between requests: nothing may change them.
    """
    return evaluate(context)


def tree_health(strategy, goals) -> tuple[list, dict]:
    """Health findings and every KPI's verdict (by id) for a tree loaded with `with_tree()`,
    with the verdicts from `judge`: judging 500 KPIs takes most of a review page's time, and
    between two views of a page mostly nothing, or one KPI, changed. Runs no query.
    """
    return strategy_health(strategy, goals, evaluate=judge)


def evaluate_one(kpi) -> Evaluation:
    """The verdict on one KPI (its CSF, goal, strategy and owner loaded), through `judge`."""
    return judge(kpi_context(kpi))


def review_tree(strategy, *, values: NodeValues, filters: dict, threads: dict) -> ReviewTree:
    """The strategy's tree (loaded with `review_queryset()`) annotated and filtered for the page.

    Health is judged on the whole tree, whatever the filters hide, so a finding never
    disappears because of a filter.
    """
    goals = list(strategy.goals.all())
    findings, evaluations = tree_health(strategy, goals)
    changes = changes_since_version(strategy.pk, tree_kpis(goals))
    status, perspective = filters.get("status"), filters.get("perspective")
    waiting = Waiting()
    nodes: dict[tuple[str, object], object] = {}
    status_counts: dict[str, int] = defaultdict(int)
    kpi_total = shown = removals = 0
    shown_goals = []
    decides, fixes = values.role in APPROVER_ROLES, values.role in EDITOR_ROLES
    for goal in goals:
        nodes[("goal", goal.pk)] = goal
        annotate_goal(goal, threads.get(("goal", goal.pk)), values)
        goal.shown_csfs = []
        for csf in goal.csfs.all():
            nodes[("csf", csf.pk)] = csf
            annotate_csf(csf, threads.get(("csf", csf.pk)), values)
            csf.shown_kpis = []
            for kpi in csf.kpis.all():
                nodes[("kpi", kpi.pk)] = kpi
                kpi_total += 1
                status_counts[kpi.status] += 1
                removals += kpi.status == KpiStatus.APPROVED and kpi.removal_requested
                thread = threads.get(("kpi", kpi.pk))
                annotate_kpi(kpi, evaluations.get(kpi.pk), thread, values, changes.get(kpi.pk))
                if decides and kpi.awaits_decision:
                    waiting.to_decide.append(kpi)
                if fixes and kpi.status == KpiStatus.REJECTED:
                    waiting.rejected.append(kpi)
                if status is None or kpi.status == status:
                    csf.shown_kpis.append(kpi)
            csf.kpi_nodes = [kpi.node for kpi in csf.shown_kpis]  # what the template prints
            csf.kpi_summary = values.count_label("kpi", len(csf.shown_kpis))
            if status is None or csf.shown_kpis:
                goal.shown_csfs.append(csf)
        goal.csf_summary = values.count_label("csf", len(goal.shown_csfs))
        shown_goal = (perspective is None or goal.perspective == perspective) and (
            status is None or goal.shown_csfs
        )
        if shown_goal:
            shown_goals.append(goal)
            shown += sum(len(csf.shown_kpis) for csf in goal.shown_csfs)
    if fixes:
        waiting.unanswered = [
            (nodes[key], thread)
            for key, thread in threads.items()
            if thread.unanswered and key in nodes
        ]
    return ReviewTree(
        goals=shown_goals,
        all_goals=goals,
        findings=findings,
        evaluations=evaluations,
        waiting=waiting,
        kpi_total=kpi_total,
        shown_kpis=shown,
        status_counts=dict(status_counts),
        undecided=undecided(status_counts, removals),
        approved=status_counts.get(KpiStatus.APPROVED, 0),
        removals=removals,
    )


def undecided(status_counts: dict, removals: int) -> int:
    """How many KPIs wait for a decision: drafts and proposed ones, and approved ones an editor
    asked to remove."""
    return sum(n for s, n in status_counts.items() if s not in DECIDED) + removals


def review_queryset():
    """Strategies with the tree the review page draws, in a fixed number of queries.

    As `Strategy.with_tree()`, plus each KPI's library template (a join, no extra query),
    which the comparison with the last approved version needs.
    """
    return Strategy.objects.with_tree(
        kpi_related=("owner", "template", "removal_requested_by")
    ).select_related("organisation")


# ---------------------------------------------------------------------------------------------
# The set as a whole, against its last approved version


@dataclass
class SetState:
    """What the 'approve the set' panel says: why the set can or cannot be approved now."""

    undecided: int
    approved: int
    last_version: object  # KpiSetVersion | None
    unchanged: bool = False  # the tree is exactly the last version's

    @property
    def can_be_approved(self) -> bool:
        return not self.undecided and bool(self.approved) and not self.unchanged


def set_state(strategy, tree) -> SetState:
    """The set panel's state for a loaded review tree (see `review_queryset`, `review_tree`).

    The comparison with the last version is the one `services.kpi_set_approve` refuses on
    (`snapshot.same_tree`), so the button is never offered for a set the server would turn
    down as unchanged. It is only needed when everything is decided: a draft or proposed KPI
    is never in a version, so the tree has changed then. Its milestones are loaded for it: one
    query; the snapshot reuses the tree's `evaluations` instead of judging every KPI again.
    """
    counts = tree.status_counts
    last_version = strategy.kpi_set_versions.order_by("-number").first()
    state = SetState(
        undecided=tree.undecided,
        approved=counts.get(KpiStatus.APPROVED, 0),
        last_version=last_version,
    )
    if last_version is not None and not state.undecided and state.approved:
        kpis = tree_kpis(tree.all_goals)
        prefetch_related_objects(kpis, "milestones")
        live = snapshot.build_snapshot(strategy, evaluations=tree.evaluations)
        state.unchanged = snapshot.same_tree(last_version.snapshot, live)
    return state


def strategy_panels(strategy, values: NodeValues) -> tuple[SetState, Waiting]:
    """The set panel's state and what waits for the member, for a strategy whose tree is not
    loaded yet: after a decision or an approval made in place, both panels are redrawn."""
    loaded = review_queryset().get(pk=strategy.pk)
    tree = review_tree(loaded, values=values, filters={}, threads=strategy_threads(loaded))
    return set_state(loaded, tree), tree.waiting


def decisions_waiting(membership) -> int:
    """How many KPIs of the organisation wait for this member, in one query: to decide (or to
    retire or keep) for an approver, rejected ones to fix for an editor. The same KPIs as
    `waiting_in_organisation` lists, counted for the header."""
    wanted = Q()
    if membership.role in APPROVER_ROLES:
        wanted |= Q(status=KpiStatus.PROPOSED)
        wanted |= Q(status=KpiStatus.APPROVED, removal_requested_at__isnull=False)
    if membership.role in EDITOR_ROLES:
        wanted |= Q(status=KpiStatus.REJECTED)
    if not wanted:
        return 0
    return Kpi.objects.filter(
        wanted, csf__goal__strategy__organisation_id=membership.organisation_id
    ).count()


def waiting_in_organisation(membership) -> list[dict]:
    """The inbox across the organisation's strategies: one entry per strategy with work."""
    role = membership.role
    statuses = []
    if role in APPROVER_ROLES:
        statuses.append(KpiStatus.PROPOSED)
    if role in EDITOR_ROLES:
        statuses.append(KpiStatus.REJECTED)
    by_strategy: dict = {}

    def entry(strategy):
        return by_strategy.setdefault(
            strategy.pk, {"strategy": strategy, "to_decide": [], "rejected": [], "unanswered": []}
        )

    if statuses:
        wanted = Q(status__in=statuses)
        if role in APPROVER_ROLES:
            wanted |= Q(status=KpiStatus.APPROVED, removal_requested_at__isnull=False)
        # A rejected KPI is listed with why (`Kpi.rejection`): one query for all of them.
        rejections = KpiTransition.objects.filter(to_status=KpiStatus.REJECTED).select_related("by")
        kpis = (
            Kpi.objects.filter(
                wanted, csf__goal__strategy__organisation_id=membership.organisation_id
            )
            .select_related("csf__goal__strategy", "removal_requested_by")
            .prefetch_related(
                Prefetch(
                    "transitions",
                    queryset=rejections.order_by("-at", "-pk"),
                    to_attr="rejections",
                )
            )
        )
        for kpi in kpis:
            bucket = "rejected" if kpi.status == KpiStatus.REJECTED else "to_decide"
            entry(kpi.csf.goal.strategy)[bucket].append(kpi)
    if role in EDITOR_ROLES:
        comments = Comment.objects.filter(
            strategy__organisation_id=membership.organisation_id
        ).select_related("strategy", "goal", "csf", "kpi", "author")
        for (_kind, _id), thread in threads_of(comments).items():
            if thread.unanswered:
                comment = thread.last
                node = comment.goal or comment.csf or comment.kpi
                entry(comment.strategy)["unanswered"].append((node, thread))
    return sorted(by_strategy.values(), key=lambda e: e["strategy"].name.lower())


# ---------------------------------------------------------------------------------------------
# The confirmation of a new version


@dataclass
class ApprovalPreview:
    """What approving the set now would make: the new version against the last one."""

    number: int  # of the new version
    last_version: object  # KpiSetVersion | None
    comparison: snapshot.Comparison  # of the approved sets: added, changed, removed
    findings: list  # health findings of the whole tree
    uncovered: list  # (kind, id, title) of goals and CSFs without an approved KPI
    undecided: int
    approved: int
    unchanged: bool
    basis: str  # digest of the tree shown (services.set_basis)

    @property
    def can_be_approved(self) -> bool:
        return not self.undecided and bool(self.approved) and not self.unchanged


def approval_preview(strategy) -> ApprovalPreview:
    """The confirmation page's content for `strategy`, in a fixed number of queries.

    The comparison is of the approved sets proper (`snapshot.approved_tree`): a KPI rejected or
    retired since the last version is removed from the set, a newly approved one added. For
    the first version everything approved is new.
    """
    loaded = review_queryset().get(pk=strategy.pk)
    goals = list(loaded.goals.all())
    kpis = tree_kpis(goals)
    prefetch_related_objects(kpis, "milestones")
    findings, evaluations = tree_health(loaded, goals)
    live = snapshot.build_snapshot(loaded, evaluations=evaluations)
    last = strategy.kpi_set_versions.order_by("-number").first()
    before = last.snapshot if last else {"strategy": live["strategy"], "goals": []}
    ignore = snapshot.JUDGED_FIELDS | {"status"}
    comparison = snapshot.compare_snapshots(
        {**before, "goals": snapshot.approved_tree(before)},
        {**live, "goals": snapshot.approved_tree(live)},
        ignore=ignore,
    )
    uncovered = []
    for goal in snapshot.approved_tree(live):
        if not any(csf["kpis"] for csf in goal["csfs"]):
            uncovered.append(("goal", goal["id"], goal["title"]))
        uncovered += [("csf", csf["id"], csf["title"]) for csf in goal["csfs"] if not csf["kpis"]]
    counts: dict[str, int] = defaultdict(int)
    for kpi in kpis:
        counts[kpi.status] += 1
    removals = sum(kpi.status == KpiStatus.APPROVED and kpi.removal_requested for kpi in kpis)
    return ApprovalPreview(
        number=(last.number if last else 0) + 1,
        last_version=last,
        comparison=comparison,
        findings=findings,
        uncovered=uncovered,
        undecided=undecided(counts, removals),
        approved=counts.get(KpiStatus.APPROVED, 0),
        unchanged=last is not None and snapshot.same_tree(last.snapshot, live),
        basis=snapshot.set_basis(live),
    )
