"""Writes of the review flow: status changes, comments, and approving a KPI set as a version."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Strategy, tree_kpis
from indicators.models import Kpi, KpiStatus
from kpiplanner.accounts.models import display_name
from kpiplanner.core.models import EditConflict, hold_against_delete
from kpiplanner.notifications import services as notifications

from .models import Comment, KpiSetVersion, KpiTransition
from .queries import tree_health
from .snapshot import build_snapshot, same_tree, set_basis, snapshot_queryset
from .workflow import DECIDED, find_step

KPI_GONE = gettext_lazy("This KPI was deleted a moment ago, so nothing was changed.")


class ReviewError(Exception):
    """A step the workflow does not allow right now; the message is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def proposers(**filters):
    """The ids of who proposed KPIs (each KpiTransition to "proposed" matching `filters`)."""
    return KpiTransition.objects.filter(to_status=KpiStatus.PROPOSED, **filters).values_list(
        "by_id", flat=True
    )


def kpi_status_change(
    *,
    kpi: Kpi,
    to_status: str,
    actor,
    role: str,
    reason: str = "",
    expected_version: int | None = None,
) -> KpiTransition:
    """Move `kpi` to `to_status` if the workflow allows it for `role`, and record who and when.

    A rejection needs a reason; it is also posted as a comment on the KPI, so the facilitator
    can answer it there. `expected_version` is the KPI version the actor saw: a decision on a
    KPI that changed in the meantime raises EditConflict instead of approving unseen text.
    """
    step = find_step(kpi.status, to_status, removal_requested=kpi.removal_requested)
    if step is None:
        raise ReviewError(
            _("A KPI with status “%(from)s” cannot become “%(to)s”.")
            % {"from": kpi.get_status_display(), "to": KpiStatus(to_status).label}
        )
    if role not in step.roles:
        raise PermissionDenied
    reason = reason.strip()
    if step.needs_reason and not reason:
        raise ReviewError(_("Say why you reject this KPI, so it can be fixed."))
    from_status = kpi.status
    removal = (kpi.removal_requested_at, kpi.removal_requested_by_id)
    with transaction.atomic():
        kpi.status = to_status
        # A decision on an approved KPI answers any request to remove it.
        kpi.removal_requested_at = kpi.removal_requested_by_id = None
        kpi._history_user = actor  # simple_history: the actor, also outside a request
        try:
            kpi.save_versioned(
                expected_version=kpi.version if expected_version is None else expected_version,
                update_fields=["status", "removal_requested_at", "removal_requested_by"],
            )
        except Exception:
            kpi.status = from_status
            kpi.removal_requested_at, kpi.removal_requested_by_id = removal
            raise
        change = KpiTransition.objects.create(
            kpi=kpi, from_status=from_status, to_status=to_status, by=actor, reason=reason
        )
        if reason:
            Comment.objects.create(
                strategy_id=kpi.csf.goal.strategy_id,
                kpi=kpi,
                author=actor,
                author_role=role,
                body=reason,
                transition=change,
            )
        strategy = kpi.csf.goal.strategy
        if to_status == KpiStatus.PROPOSED:
            notifications.notify_review(strategy=strategy, kpis=[kpi], actor=actor)
        elif to_status == KpiStatus.REJECTED:
            notifications.notify_rejected(
                strategy=strategy,
                kpi=kpi,
                actor=actor,
                reason=reason,
                proposer_id=proposers(kpi_id=kpi.pk).order_by("-at", "-pk").first(),
            )
    return change


def kpi_status_try(
    *, kpi: Kpi, to_status: str, actor, role: str, reason: str, expected_version: int
) -> str | None:
    """`kpi_status_change`, with a refusal turned into the message for the user (None: done).

    When the KPI changed meanwhile it is reloaded, so the answer shows it as it is now; a role
    the step is not for still raises PermissionDenied.
    """
    try:
        kpi_status_change(
            kpi=kpi,
            to_status=to_status,
            actor=actor,
            role=role,
            reason=reason,
            expected_version=expected_version,
        )
    except ReviewError as exc:
        return exc.message
    except EditConflict:
        try:
            kpi.refresh_from_db()
        except Kpi.DoesNotExist:
            return KPI_GONE
        return _("Someone changed this KPI while you were looking at it. Check it again.")
    return None


@transaction.atomic
def comment_add(*, node, author, role: str, body: str) -> Comment:
    """Add a comment to a goal, CSF or KPI (its strategy must be loaded along with it).

    Refused (ReviewError) when the node was deleted meanwhile: a comment is either stored
    (and a deletion made at the same moment keeps it for Undo) or refused, never lost.
    """
    if not hold_against_delete(node):
        raise ReviewError(
            _(
                "“%(name)s” was deleted a moment ago, so your comment is not saved. "
                "Your text is still below."
            )
            % {"name": node}
        )
    field = {Goal: "goal", CriticalSuccessFactor: "csf", Kpi: "kpi"}[type(node)]
    return Comment.objects.create(
        author=author,
        author_role=role,
        body=body.strip(),
        strategy_id=node.strategy.pk,
        **{field: node},
    )


def kpi_set_approve(
    *, strategy: Strategy, approver, note: str = "", basis: str | None = None
) -> KpiSetVersion:
    """Approve the strategy's KPI set as the next numbered, immutable version.

    Refused (ReviewError) while a KPI is still draft or proposed (or waits for a decision on
    its removal), when no KPI is approved, when nobody changed anything since the previous
    version (SMART verdicts that moved with the day or the language are no change: see
    `same_tree`), and when `basis` is given and the tree is no longer the one it was made of
    (`set_basis`: what the confirmation page showed). The approver's name, the organisation's
    name and `note` are kept in the snapshot, so the version's exports never change. The
    strategy row is locked, the tree read and the version written in one transaction: two
    managers approving at once get versions n and n+1 (or one refusal), and a failure halfway
    leaves no version.
    """
    with transaction.atomic():
        Strategy.objects.select_for_update().filter(pk=strategy.pk).exists()
        loaded = snapshot_queryset().get(pk=strategy.pk)
        kpis = tree_kpis(loaded.goals.all())
        undecided = sum(kpi.status not in DECIDED or kpi.awaits_decision for kpi in kpis)
        if undecided:
            raise ReviewError(
                ngettext(
                    "%(count)d KPI is still waiting for a decision (or is a draft); decide on "
                    "every KPI before approving the set.",
                    "%(count)d KPIs are still waiting for a decision (or are drafts); decide on "
                    "every KPI before approving the set.",
                    undecided,
                )
                % {"count": undecided}
            )
        if not any(kpi.status == KpiStatus.APPROVED for kpi in kpis):
            raise ReviewError(_("Approve at least one KPI before approving the set."))
        # The verdicts through the review page's cache: mostly judged there a moment ago.
        _findings, evaluations = tree_health(loaded, list(loaded.goals.all()))
        snapshot = build_snapshot(loaded, evaluations=evaluations)
        last = KpiSetVersion.objects.filter(strategy=strategy).order_by("-number").first()
        if last is not None and same_tree(last.snapshot, snapshot):
            raise ReviewError(
                _("Nothing changed since version %(number)d; there is no new set to approve.")
                % {"number": last.number}
            )
        if basis is not None and basis != set_basis(snapshot):
            raise ReviewError(
                _(
                    "The KPI set changed while you were looking at it. Check what the new "
                    "version holds again, then approve."
                )
            )
        snapshot["approval"] = {"approved_by": display_name(approver), "note": note.strip()}
        # The changes are decided on and now part of the new version: the marks read with the
        # tree are cleared, on rows still decided. A KPI edited (and so reopened) since the tree
        # was read keeps its mark: the conditions are on the row itself, so PostgreSQL checks
        # them again after waiting for the edit's lock.
        marked = [kpi.pk for kpi in kpis if kpi.changed_since_version is not None]
        Kpi.objects.filter(pk__in=marked, status__in=DECIDED).update(changed_since_version=None)
        version = KpiSetVersion.objects.create(
            strategy=strategy,
            number=(last.number if last else 0) + 1,
            snapshot=snapshot,
            approved_by=approver,
            approved_at=timezone.now(),
        )
        since = proposers(kpi__csf__goal__strategy_id=strategy.pk)
        if last is not None:
            since = since.filter(at__gt=last.approved_at)
        notifications.notify_set_approved(
            strategy=strategy, number=version.number, actor=approver, proposer_ids=since
        )
        return version
