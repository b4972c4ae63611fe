"""Reading for the review pages: the annotated tree, comment threads, what waits for whom.

Everything here works on data loaded in a fixed number of queries, so the review page costs the
same number of queries for 10 KPIs as for 500.
"""

from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from indicators.models import Kpi, KpiStatus
from indicators.smart_adapter import current_lang, strategy_health
from indicators.templatetags.kpi_tags import STATUS_STYLES, kpi_value
from kpiplanner.accounts.models import APPROVER_ROLES, EDITOR_ROLES

from .models import Comment
from .workflow import DECIDED, steps_for


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
    goals: list
    findings: list
    waiting: Waiting
    kpi_total: int
    shown_kpis: int
    status_counts: dict
    undecided: int
    approved: int


class NodeUrls:
    """URLs of tree nodes, reversed once per request: `reverse` per node is slow for 500 KPIs."""

    _PLACEHOLDER = "00000000-0000-0000-0000-000000000000"

    def __init__(self):
        self.patterns = {
            name: reverse(f"reviews:{name}", args=[self._PLACEHOLDER])
            for name in ("kpi_card", "kpi_status")
        }
        for kind in ("goal", "csf", "kpi"):
            self.patterns[f"comments_{kind}"] = reverse(
                "reviews:comments", args=[kind, self._PLACEHOLDER]
            )

        self._steps: dict = {}

    def __call__(self, name: str, pk) -> str:
        return self.patterns[name].replace(self._PLACEHOLDER, str(pk))

    def steps(self, status: str, role: str | None) -> list[dict]:
        """The workflow steps as plain dicts with their label translated once per request."""
        if status not in self._steps:
            self._steps[status] = [
                {
                    "to_status": step.to_status.value,
                    "label": str(step.label),
                    "style": step.style,
                    "needs_reason": step.needs_reason,
                }
                for step in steps_for(status, role)
            ]
        return self._steps[status]


def smart_badge(evaluation) -> str:
    """The five coloured SMART letters and the score, as HTML (built in Python: it is drawn for
    every KPI of the tree, and a template loop per letter costs more than the rest of the node).
    """
    if evaluation is None:
        return ""
    letters = "".join(
        f'<span class="smart-letter smart-{criterion.status if criterion else "none"}" '
        f'aria-hidden="true">{letter}</span>'
        for letter, criterion in evaluation.criteria.items()
    )
    title = escape(_("SMART score"))
    score = evaluation.score
    return mark_safe(
        f'<span class="smart-score smart-score-{score}" title="{title}: {score}/5">{letters}'
        f'<span class="smart-total">{score}/5</span></span>'
    )


def annotate_kpi(
    kpi: Kpi, evaluation, thread: Thread | None, role: str | None, urls: NodeUrls | None = None
) -> Kpi:
    """Attach what the tree node shows, ready to print: SMART badge, status, target, owner,
    thread, URLs and the workflow steps the member may take."""
    urls = urls or NodeUrls()
    kpi.evaluation = evaluation
    kpi.smart_badge = smart_badge(evaluation)
    kpi.status_style = STATUS_STYLES.get(kpi.status, "")
    kpi.status_label = str(KpiStatus(kpi.status).label)
    target = kpi_value(kpi.target_value, kpi.unit)
    if kpi.target_date:
        target += " · " + date_format(kpi.target_date, "j M Y")
    kpi.target_display = target
    kpi.owner_name = (kpi.owner.get_full_name() or kpi.owner.username) if kpi.owner else ""
    kpi.thread = thread
    kpi.steps = urls.steps(kpi.status, role)
    kpi.dom_id = f"kpi-{kpi.pk}"
    kpi.card_url = urls("kpi_card", kpi.pk)
    kpi.status_url = urls("kpi_status", kpi.pk)
    kpi.comments_url = urls("comments_kpi", kpi.pk)
    return kpi


_HEALTH_MEMO: OrderedDict = OrderedDict()
_HEALTH_MEMO_SIZE = 32


def _fingerprint(strategy, goals) -> tuple:
    """Everything the SMART verdicts and health findings of a tree depend on.

    Every save of a strategy, goal, CSF or KPI moves its `updated_at`; the owner's name and the
    day and language of judging are the inputs that live elsewhere.
    """
    items = [strategy.pk, strategy.updated_at, current_lang(), timezone.localdate()]
    for goal in goals:
        items.append((goal.pk, goal.updated_at))
        for csf in goal.csfs.all():
            items.append((csf.pk, csf.updated_at))
            for kpi in csf.kpis.all():
                owner = kpi.owner
                items.append((kpi.pk, kpi.updated_at, owner and (owner.pk, owner.get_full_name())))
    return tuple(items)


def tree_health(strategy, goals) -> tuple[list, dict]:
    """`strategy_health` for a loaded tree, memoised per tree content in this process.

    Judging 500 KPIs takes most of a review page's time, and the page is reloaded often (each
    filter, each return from a KPI card) while the tree rarely changed in between.
    """
    key = _fingerprint(strategy, goals)
    if key in _HEALTH_MEMO:
        _HEALTH_MEMO.move_to_end(key)
        return _HEALTH_MEMO[key]
    result = strategy_health(strategy, goals)
    _HEALTH_MEMO[key] = result
    while len(_HEALTH_MEMO) > _HEALTH_MEMO_SIZE:
        _HEALTH_MEMO.popitem(last=False)
    return result


def review_tree(strategy, *, role: str | None, filters: dict, threads: dict) -> ReviewTree:
    """The strategy's tree (loaded with `with_tree()`) annotated and filtered for the page.

    Health is judged on the whole tree, whatever the filters hide, so a finding never
    disappears because of a filter.
    """
    goals = list(strategy.goals.all())
    findings, evaluations = tree_health(strategy, goals)
    status, perspective = filters.get("status"), filters.get("perspective")
    waiting = Waiting()
    urls = NodeUrls()
    nodes: dict[tuple[str, object], object] = {}
    status_counts: dict[str, int] = defaultdict(int)
    kpi_total = shown = 0
    shown_goals = []
    for goal in goals:
        nodes[("goal", goal.pk)] = goal
        goal.thread = threads.get(("goal", goal.pk))
        goal.comments_url = urls("comments_goal", goal.pk)
        goal.shown_csfs = []
        for csf in goal.csfs.all():
            nodes[("csf", csf.pk)] = csf
            csf.thread = threads.get(("csf", csf.pk))
            csf.comments_url = urls("comments_csf", csf.pk)
            csf.shown_kpis = []
            for kpi in csf.kpis.all():
                nodes[("kpi", kpi.pk)] = kpi
                kpi_total += 1
                status_counts[kpi.status] += 1
                annotate_kpi(kpi, evaluations.get(kpi.pk), threads.get(("kpi", kpi.pk)), role, urls)
                if kpi.status == KpiStatus.PROPOSED and role in APPROVER_ROLES:
                    waiting.to_decide.append(kpi)
                if kpi.status == KpiStatus.REJECTED and role in EDITOR_ROLES:
                    waiting.rejected.append(kpi)
                if status is None or kpi.status == status:
                    csf.shown_kpis.append(kpi)
            if status is None or csf.shown_kpis:
                goal.shown_csfs.append(csf)
        shown_goal = (perspective is None or goal.perspective == perspective) and (
            status is None or goal.shown_csfs
        )
        if shown_goal:
            shown_goals.append(goal)
            shown += sum(len(csf.shown_kpis) for csf in goal.shown_csfs)
    if role in EDITOR_ROLES:
        waiting.unanswered = [
            (nodes[key], thread)
            for key, thread in threads.items()
            if thread.unanswered and key in nodes
        ]
    return ReviewTree(
        goals=shown_goals,
        findings=findings,
        waiting=waiting,
        kpi_total=kpi_total,
        shown_kpis=shown,
        status_counts=dict(status_counts),
        undecided=sum(n for s, n in status_counts.items() if s not in DECIDED),
        approved=status_counts.get(KpiStatus.APPROVED, 0),
    )


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
        kpis = Kpi.objects.filter(
            csf__goal__strategy__organisation_id=membership.organisation_id, status__in=statuses
        ).select_related("csf__goal__strategy")
        for kpi in kpis:
            bucket = "to_decide" if kpi.status == KpiStatus.PROPOSED else "rejected"
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
