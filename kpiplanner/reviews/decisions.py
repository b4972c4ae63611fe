"""Decisions on one KPI from the review tree or its card: propose, approve, reject, retire.

`kpi_status` hands the change to `services.kpi_status_try` and answers with one of three small
responders: the redrawn tree node for htmx, the reject page again (a refused rejection without
JavaScript), or a redirect with a message. `kpi_reject` is the reason form of a rejection.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from indicators.access import get_kpi_for_member
from indicators.models import KpiStatus
from kpiplanner.accounts.models import APPROVER_ROLES, EDITOR_ROLES

from .approval import changes_since_version
from .forms import REASON_MAX, CommentForm, StatusChangeForm
from .models import Comment
from .nodes import NodeValues, annotate_kpi
from .queries import Thread, evaluate_one
from .services import KPI_GONE, kpi_status_try
from .views import member_role, node_context, set_panel_context
from .workflow import can_comment, find_step

# What a decision may change on the KPI: read again before the node is redrawn.
REFRESHED = ["status", "version", "removal_requested_at", "removal_requested_by"]


@require_POST
@login_required
def kpi_status(request: HttpRequest, pk) -> HttpResponse:
    """Propose, approve, reject or retire a KPI, as the workflow allows for the member's role.

    From the review tree (`next=review`) an htmx request gets the redrawn node (and the set
    panel out of band), a plain one goes back to the tree; elsewhere back to the KPI's card.
    A rejection that fails keeps the reason typed, in the form shown again.
    """
    kpi = get_kpi_for_member(request, pk)
    role = member_role(request)
    if role not in EDITOR_ROLES | APPROVER_ROLES:
        raise PermissionDenied
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        error = kpi_status_try(
            kpi=kpi,
            to_status=form.cleaned_data["to_status"],
            actor=request.user,
            role=role,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    elif "to_status" in form.errors or "version" in form.errors:
        return HttpResponse(_("This request is incomplete; reload the page."), status=400)
    else:
        error = form.errors["reason"][0]
    if error is KPI_GONE:
        # Deleted in the wizard meanwhile: there is no node or card left to show.
        messages.error(request, error)
        url = reverse("reviews:strategy_review", args=[kpi.csf.goal.strategy_id])
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    answer = StatusAnswer(
        error=error,
        rejecting=request.POST.get("to_status") == KpiStatus.REJECTED,
        reason=request.POST.get("reason", ""),
        from_review=request.POST.get("next") == "review",
    )
    if request.htmx:
        return _status_node(request, kpi, role, answer)
    if answer.error and answer.rejecting and answer.from_review:
        return _status_reject_page(request, kpi, role, answer)
    return _status_redirect(request, kpi, answer)


@dataclass(frozen=True)
class StatusAnswer:
    """What became of a status change: the refusal (None when done) and what was posted."""

    error: str | None
    rejecting: bool
    reason: str  # as typed, kept for the manager when the change is refused
    from_review: bool  # asked from the review tree, not from the KPI's card


def _status_node(request, kpi, role, answer: StatusAnswer) -> HttpResponse:
    """htmx: the redrawn node; a refused rejection shows its reason form again, with the text."""
    kpi.refresh_from_db(fields=REFRESHED)
    refused_rejection = bool(answer.error and answer.rejecting)
    reject = None
    if refused_rejection:
        reject = _reject_form(kpi, role, reason=answer.reason, error=answer.error)
    if reject is not None:
        return _node_response(request, kpi, role, reject=reject)
    # Decided by someone else meanwhile: say so, and keep the reason for the manager.
    kept = answer.reason if refused_rejection else ""
    return _node_response(request, kpi, role, error=answer.error, kept_reason=kept)


def _status_reject_page(request, kpi, role, answer: StatusAnswer) -> HttpResponse:
    """No JavaScript, from the tree: a refused rejection is the reject page again."""
    kpi.refresh_from_db(fields=REFRESHED)
    reject = _reject_form(kpi, role, reason=answer.reason, error=answer.error)
    context = _reject_context(kpi, reject, answer.error, kept_reason=answer.reason)
    return render(request, "reviews/kpi_reject.html", context)


def _status_redirect(request, kpi, answer: StatusAnswer) -> HttpResponse:
    """No JavaScript: say what happened and go back where the change was asked."""
    if answer.error:
        messages.error(request, answer.error)
        # Keep the rejection reason the manager typed.
        request.session["review_reason"] = answer.reason[:REASON_MAX]
    else:
        messages.success(
            request,
            _("“%(name)s” is now %(status)s.")
            % {"name": kpi.name, "status": kpi.get_status_display().lower()},
        )
    if answer.from_review:
        return redirect(_review_url(kpi))
    return redirect("reviews:kpi_card", kpi.pk)


def _review_url(kpi) -> str:
    """The review page scrolled to the KPI's node."""
    return reverse("reviews:strategy_review", args=[kpi.csf.goal.strategy_id]) + f"#kpi-{kpi.pk}"


def _node_response(request, kpi, role, *, error=None, reject=None, kept_reason="") -> HttpResponse:
    """One redrawn tree node, with the set panel and what waits out of band (both may have
    changed with it)."""
    comments = list(Comment.objects.filter(kpi=kpi).select_related("author", "transition"))
    thread = Thread("kpi", kpi.pk, len(comments), comments[-1]) if comments else None
    values = NodeValues(request, role)
    changes = changes_since_version(kpi.csf.goal.strategy_id, [kpi]).get(kpi.pk)
    annotate_kpi(kpi, evaluate_one(kpi), thread, values, changes)
    strategy = kpi.strategy
    context = {
        "kpi": kpi,
        "node": kpi.node,
        "can_comment": can_comment(role),
        "oob": True,
        **set_panel_context(strategy, request, values),
        **node_context(values),
        "node_error": error,
        "kept_reason": kept_reason,
        "reject": reject,
    }
    if thread and thread.last.transition_id and kpi.status == KpiStatus.REJECTED and not error:
        # Just rejected: show the reason where the facilitator will answer it.
        context.update(
            open_thread=True,
            thread_node=kpi,
            thread_kind="kpi",
            comments=comments,
            comment_form=CommentForm(),
        )
    return render(request, "reviews/strategy_review.html#kpi-node-response", context)


def _reject_form(kpi, role, *, reason: str = "", error: str | None = None) -> dict | None:
    """The reason form of a rejection, or None when the member cannot reject this KPI now."""
    step = find_step(kpi.status, KpiStatus.REJECTED)
    if step is None or role not in step.roles:
        return None
    return {
        "kpi": kpi,
        "action": reverse("reviews:kpi_status", args=[kpi.pk]),
        "version": kpi.version,
        "reason": reason,
        "error": error,
        "limit": REASON_MAX,
        "cancel_url": _review_url(kpi),
    }


def _reject_context(kpi, reject, error=None, kept_reason="") -> dict:
    """The reject page: the form, or why the KPI cannot be rejected (with what was typed)."""
    return {
        "kpi": kpi,
        "strategy": kpi.strategy,
        "evaluation": evaluate_one(kpi),
        "reject": reject,
        "error": error,
        "kept_reason": kept_reason,
        "review_url": _review_url(kpi),
    }


@require_GET
@login_required
@vary_on_headers("HX-Request")
def kpi_reject(request: HttpRequest, pk) -> HttpResponse:
    """The form to reject a proposed KPI with a reason: in place in the tree (htmx), or as a
    page of its own without JavaScript. Managers and admins only."""
    kpi = get_kpi_for_member(request, pk)
    role = member_role(request)
    if role not in APPROVER_ROLES:
        raise PermissionDenied
    reject = _reject_form(kpi, role)
    error = None
    if reject is None:
        error = _("Only a proposed KPI can be rejected; this one is “%(status)s”.") % {
            "status": kpi.get_status_display().lower()
        }
    if request.htmx:
        if reject is None:
            # Decided meanwhile: redraw the whole node with its new status, not just the slot.
            response = _node_response(request, kpi, role, error=error)
            return reswap(retarget(response, f"#kpi-{kpi.pk}"), "outerHTML")
        return render(
            request, "reviews/kpi_reject.html#reject-form", {"reject": reject, "inline": True}
        )
    return render(request, "reviews/kpi_reject.html", _reject_context(kpi, reject, error))
