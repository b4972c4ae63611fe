"""Review and approval pages: the review tree, KPI cards, comments, decisions, approved versions."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from csf.access import get_csf_for_member
from goals.access import get_goal_for_member, get_strategy_for_member
from indicators.access import get_kpi_for_member
from indicators.models import KpiStatus
from kpiplanner.accounts.models import APPROVER_ROLES, EDITOR_ROLES
from kpiplanner.reports import store as handbook_store
from kpiplanner.reports.pdf import expected_seconds

from .access import get_strategy_for_approver
from .forms import (
    REASON_MAX,
    CommentForm,
    CompareForm,
    KpiFixForm,
    ReviewFilterForm,
    StatusChangeForm,
)
from .models import Comment, KpiSetVersion
from .nodes import NodeValues, annotate_kpi
from .queries import (
    Thread,
    evaluate_one,
    review_queryset,
    review_tree,
    set_state,
    strategy_panels,
    strategy_threads,
    waiting_in_organisation,
)
from .services import ReviewError, comment_add, kpi_set_approve, kpi_status_try
from .snapshot import compare_snapshots
from .timeline import kpi_timeline
from .workflow import can_comment, find_step, steps_for

FIX_CONFLICT = gettext_lazy(
    "Someone else saved this KPI while you were editing. Your text is still "
    "below; compare it with the saved version and save again."
)


def _role(request) -> str | None:
    return request.membership.role if request.membership else None


def _node_context(values: NodeValues) -> dict:
    """Labels and the CSRF token, made once per request for the many tree nodes.

    The node's optional parts are set here too: a variable missing from the context costs a
    caught exception per node.
    """
    return {
        "labels": values.labels,
        "node_csrf_token": values.csrf_token,
        "node_error": None,
        "reject": None,
        "open_thread": False,
    }


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """What waits for me in the organisation I work in, strategy by strategy."""
    entries = waiting_in_organisation(request.membership) if request.membership else []
    return render(request, "reviews/inbox.html", {"entries": entries})


@require_GET
@login_required
@vary_on_headers("HX-Request")
def strategy_review(request: HttpRequest, pk) -> HttpResponse:
    """The tree with SMART scores, health findings, filters, and what waits for me."""
    strategy = get_strategy_for_member(request, pk, queryset=review_queryset())
    filter_form = ReviewFilterForm(request.GET or None)
    filters = filter_form.filters()
    role = _role(request)
    values = NodeValues(request, role)
    tree = review_tree(strategy, values=values, filters=filters, threads=strategy_threads(strategy))
    context = {
        "strategy": strategy,
        "tree": tree,
        "filter_form": filter_form,
        "filters": filters,
        "can_comment": can_comment(role),
        **_node_context(values),
    }
    template = "reviews/strategy_review.html"
    if request.htmx and request.htmx.target == "review-tree":
        return render(request, template + "#tree", context)
    state = set_state(strategy, tree)
    context.update(_set_panel_context(strategy, request, values, state, tree.waiting))
    return render(request, template, context)


def _set_panel_context(strategy, request, values, state=None, waiting=None, **extra) -> dict:
    """What the 'approve the set' and 'waiting for you' panels need; without `state` the
    strategy's tree is loaded to work them out (after a change made in place)."""
    if state is None:
        state, waiting = strategy_panels(strategy, values)
    return {
        "strategy": strategy,
        "set": state,
        "waiting": waiting,
        "can_approve": request.membership.can_approve,
        "set_error": None,
        "new_version": None,
        **extra,
    }


@require_POST
@login_required
def kpi_status(request: HttpRequest, pk) -> HttpResponse:
    """Propose, approve, reject or retire a KPI, as the workflow allows for the member's role.

    From the review tree (`next=review`) an htmx request gets the redrawn node (and the set
    panel out of band), a plain one goes back to the tree; elsewhere back to the KPI's card.
    A rejection that fails keeps the reason typed, in the form shown again.
    """
    kpi = get_kpi_for_member(request, pk)
    role = _role(request)
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
    kpi.refresh_from_db(fields=["status", "version"])
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
    kpi.refresh_from_db(fields=["status", "version"])
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
    annotate_kpi(kpi, evaluate_one(kpi), thread, values)
    strategy = kpi.strategy
    context = {
        "kpi": kpi,
        "node": kpi.node,
        "can_comment": can_comment(role),
        "oob": True,
        **_set_panel_context(strategy, request, values),
        **_node_context(values),
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
    role = _role(request)
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


@require_GET
@login_required
def kpi_card(request: HttpRequest, pk) -> HttpResponse:
    """The KPI's full definition card, its SMART verdict, decisions, comments and timeline."""
    kpi = get_kpi_for_member(request, pk)
    role = _role(request)
    reason = request.session.pop("review_reason", "")
    return render(request, "reviews/kpi_card.html", _card_context(request, kpi, role, reason))


def _card_context(request, kpi, role, reason="", fix_form=None, conflict=False) -> dict:
    can_fix = role in EDITOR_ROLES and kpi.fix_allowed
    if fix_form is None and can_fix:
        fix_form = KpiFixForm(instance=kpi)
    comments = Comment.objects.filter(kpi=kpi).select_related("author", "transition")
    return {
        "kpi": kpi,
        "strategy": kpi.strategy,
        "evaluation": evaluate_one(kpi),
        "milestones": list(kpi.milestones.all()),
        "steps": steps_for(kpi.status, role),
        "reason": reason,
        "fix_form": fix_form if can_fix else None,
        "conflict": conflict,
        "timeline": kpi_timeline(kpi),
        "thread_node": kpi,
        "thread_kind": "kpi",
        "comments": comments,
        "comment_form": CommentForm(),
        "can_comment": can_comment(role),
    }


@require_POST
@login_required
def kpi_fix(request: HttpRequest, pk) -> HttpResponse:
    """Save the small fix form (name, statement, target) of a draft or rejected KPI."""
    kpi = get_kpi_for_member(request, pk, write=True)
    role = _role(request)
    if not kpi.fix_allowed:
        messages.error(request, _("Only a draft or rejected KPI can be changed here."))
        return redirect("reviews:kpi_card", kpi.pk)
    form = KpiFixForm(request.POST, instance=kpi)
    conflict = False
    if form.is_valid():
        kpi._history_user = request.user
        try:
            saved = form.save_versioned(message=FIX_CONFLICT, update_fields=form.Meta.fields)
        except IntegrityError:
            form.add_error("target_value", _("This target does not fit the KPI's other values."))
        else:
            if saved:
                messages.success(request, _("Your changes are saved."))
                return redirect("reviews:kpi_card", kpi.pk)
            conflict = True
    fresh = get_kpi_for_member(request, pk)
    context = _card_context(request, fresh, role, fix_form=form, conflict=conflict)
    return render(request, "reviews/kpi_card.html", context, status=200)


NODE_LOADERS = {"goal": get_goal_for_member, "csf": get_csf_for_member, "kpi": get_kpi_for_member}


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def comments(request: HttpRequest, kind: str, pk) -> HttpResponse:
    """The comment thread of a goal, CSF or KPI; members other than viewers add to it."""
    if kind not in NODE_LOADERS:
        raise Http404
    node = NODE_LOADERS[kind](request, pk)
    role = _role(request)
    form = CommentForm()
    if request.method == "POST":
        if not can_comment(role):
            raise PermissionDenied
        form = CommentForm(request.POST)
        if form.is_valid():
            comment_add(node=node, author=request.user, role=role, body=form.cleaned_data["body"])
            if not request.htmx:
                messages.success(request, _("Your comment is added."))
                return redirect("reviews:comments", kind, node.pk)
            form = CommentForm()
    filter_field = {"goal": "goal", "csf": "csf", "kpi": "kpi"}[kind]
    context = {
        "thread_node": node,
        "thread_kind": kind,
        "strategy": node.strategy,
        "comments": Comment.objects.filter(**{filter_field: node}).select_related(
            "author", "transition"
        ),
        "comment_form": form,
        "can_comment": can_comment(role),
    }
    template = "reviews/comments.html#thread" if request.htmx else "reviews/comments.html"
    return render(request, template, context)


@require_POST
@login_required
def set_approve(request: HttpRequest, pk) -> HttpResponse:
    """Approve the strategy's KPI set as the next version (manager or admin).

    htmx redraws the set panel with the outcome; a plain POST goes to the new version, or back
    to the review page with the reason it was refused.
    """
    strategy = get_strategy_for_approver(request, pk)
    version = error = None
    try:
        version = kpi_set_approve(strategy=strategy, approver=request.user)
    except ReviewError as exc:
        error = exc.message
    except IntegrityError:
        # Someone else approved at the same moment and took this number.
        error = _("Someone else approved this set just now. Reload the page to see it.")
    if error is None:
        done = _("The KPI set is approved as version %(number)d.") % {"number": version.number}
    if request.htmx:
        values = NodeValues(request, _role(request))
        context = _set_panel_context(
            strategy, request, values, set_error=error, new_version=version
        )
        if version is not None:
            context["new_version_message"] = done
        return render(request, "reviews/strategy_review.html#set-panel", context)
    if error:
        messages.error(request, error)
        return redirect("reviews:strategy_review", strategy.pk)
    messages.success(request, done)
    return redirect(version)


@require_GET
@login_required
def version_list(request: HttpRequest, pk) -> HttpResponse:
    strategy = get_strategy_for_member(request, pk)
    versions = strategy.kpi_set_versions.select_related("approved_by").defer("snapshot")
    versions = list(versions.order_by("-number"))
    return render(
        request, "reviews/version_list.html", {"strategy": strategy, "versions": versions}
    )


@require_GET
@login_required
def version_detail(request: HttpRequest, pk, number: int) -> HttpResponse:
    """One approved version, drawn from its snapshot (never from the live tree)."""
    strategy = get_strategy_for_member(request, pk)
    version = get_object_or_404(
        KpiSetVersion.objects.select_related("approved_by"), strategy=strategy, number=number
    )
    numbers = list(strategy.kpi_set_versions.values_list("number", flat=True))
    handbook_store.warm_up(version.pk, translation.get_language() or settings.LANGUAGE_CODE)
    return render(
        request,
        "reviews/version_detail.html",
        {
            "strategy": strategy,
            "version": version,
            "snapshot": version.snapshot,
            "previous": number - 1 if number - 1 in numbers else None,
            "later": number + 1 if number + 1 in numbers else None,
            "pdf_seconds": expected_seconds(version.snapshot["counts"]["approved_kpis"]),
        },
    )


@require_GET
@login_required
def version_compare(request: HttpRequest, pk) -> HttpResponse:
    """What was added, removed and changed between two versions, field by field."""
    strategy = get_strategy_for_member(request, pk)
    numbers = sorted(strategy.kpi_set_versions.values_list("number", flat=True))
    data = request.GET or None
    if data is None and len(numbers) >= 2:
        data = {"old": numbers[-2], "new": numbers[-1]}
    form = CompareForm(data, numbers=numbers)
    comparison = old = new = None
    if form.is_bound and form.is_valid():
        pair = {
            v.number: v
            for v in strategy.kpi_set_versions.filter(
                number__in=[form.cleaned_data["old"], form.cleaned_data["new"]]
            )
        }
        old, new = pair[form.cleaned_data["old"]], pair[form.cleaned_data["new"]]
        comparison = compare_snapshots(old.snapshot, new.snapshot)
    return render(
        request,
        "reviews/version_compare.html",
        {
            "strategy": strategy,
            "form": form,
            "numbers": numbers,
            "comparison": comparison,
            "old": old,
            "new": new,
            "review_url": reverse("reviews:strategy_review", args=[strategy.pk]),
        },
    )
