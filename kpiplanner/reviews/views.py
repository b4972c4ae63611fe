"""Review and approval pages: the review tree, KPI cards, comments, decisions, approved versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from csf.access import get_csf_for_member
from goals.access import get_goal_for_member, get_strategy_for_member
from goals.models import Strategy
from indicators.access import get_kpi_for_member
from indicators.models import Kpi, KpiStatus
from indicators.smart_adapter import evaluate_kpi
from kpiplanner.accounts.models import APPROVER_ROLES, EDITOR_ROLES
from kpiplanner.core.models import EditConflict

from .access import get_strategy_for_approver
from .forms import CommentForm, CompareForm, KpiFixForm, ReviewFilterForm, StatusChangeForm
from .models import Comment, KpiSetVersion
from .queries import (
    Thread,
    annotate_kpi,
    review_tree,
    strategy_threads,
    waiting_in_organisation,
)
from .services import ReviewError, comment_add, kpi_set_approve, kpi_status_change
from .snapshot import compare_snapshots
from .timeline import kpi_timeline
from .workflow import can_comment, find_step, steps_for

FIX_STATUSES = {KpiStatus.DRAFT, KpiStatus.REJECTED}


def _role(request) -> str | None:
    return request.membership.role if request.membership else None


def _node_context(request) -> dict:
    """Labels and the CSRF field, made once per request for the many tree nodes."""
    return {
        "node_error": None,
        "L": {
            "target": _("Target"),
            "owner": _("Owner"),
            "no_owner": _("none yet"),
            "comment": _("Comment"),
            "comments": _("Comments"),
            "unanswered": _("unanswered"),
            "waiting_answer": _("Waiting for an answer"),
        },
        "csrf_input": format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        ),
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
    strategy = get_strategy_for_member(request, pk, queryset=Strategy.objects.with_tree())
    filter_form = ReviewFilterForm(request.GET or None)
    filters = filter_form.filters()
    role = _role(request)
    tree = review_tree(strategy, role=role, filters=filters, threads=strategy_threads(strategy))
    last_version = strategy.kpi_set_versions.order_by("-number").first()
    context = {
        "strategy": strategy,
        "tree": tree,
        "filter_form": filter_form,
        "filters": filters,
        "last_version": last_version,
        "can_approve": request.membership.can_approve,
        "can_comment": can_comment(role),
        **_node_context(request),
    }
    template = "reviews/strategy_review.html"
    if request.htmx and request.htmx.target == "review-tree":
        template += "#tree"
    return render(request, template, context)


def _set_panel_context(strategy, request) -> dict:
    """What the 'approve the set' panel needs, without loading the whole tree."""
    counts = {
        row["status"]: row["n"]
        for row in Kpi.objects.filter(csf__goal__strategy=strategy)
        .values("status")
        .annotate(n=Count("pk"))
    }
    undecided = counts.get(KpiStatus.DRAFT, 0) + counts.get(KpiStatus.PROPOSED, 0)
    return {
        "strategy": strategy,
        "tree": {"undecided": undecided, "approved": counts.get(KpiStatus.APPROVED, 0)},
        "last_version": strategy.kpi_set_versions.order_by("-number").first(),
        "can_approve": request.membership.can_approve,
    }


@require_POST
@login_required
def kpi_status(request: HttpRequest, pk) -> HttpResponse:
    """Propose, approve, reject or retire a KPI, as the workflow allows for the member's role."""
    kpi = get_kpi_for_member(request, pk)
    role = _role(request)
    if role not in EDITOR_ROLES | APPROVER_ROLES:
        raise PermissionDenied
    form = StatusChangeForm(request.POST)
    if not form.is_valid():
        if "to_status" in form.errors or "version" in form.errors:
            return HttpResponse(_("This request is incomplete; reload the page."), status=400)
        error = form.errors["reason"][0]
    else:
        error = None
        to_status = form.cleaned_data["to_status"]
        step = find_step(kpi.status, to_status)
        if step is not None and role not in step.roles:
            raise PermissionDenied
        try:
            kpi_status_change(
                kpi=kpi,
                to_status=to_status,
                actor=request.user,
                role=role,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ReviewError as exc:
            error = exc.message
        except EditConflict:
            kpi.refresh_from_db()
            error = _("Someone changed this KPI while you were looking at it. Check it again.")
    if request.htmx:
        # From the review tree: redraw the node, and the set panel out of band.
        kpi.refresh_from_db(fields=["status", "version"])
        threads = {}
        count = Comment.objects.filter(kpi=kpi).count()
        if count:
            threads = Thread("kpi", kpi.pk, count)
        annotate_kpi(kpi, evaluate_kpi(kpi), threads or None, role)
        strategy = kpi.csf.goal.strategy
        context = {
            "kpi": kpi,
            "can_comment": can_comment(role),
            "oob": True,
            **_set_panel_context(strategy, request),
            **_node_context(request),
            "node_error": error,
        }
        return render(request, "reviews/strategy_review.html#kpi-node-response", context)
    if error:
        messages.error(request, error)
        if form.is_valid() or "reason" in form.errors:
            # Keep the rejection reason the manager typed.
            request.session["review_reason"] = request.POST.get("reason", "")[:2000]
    else:
        messages.success(
            request,
            _("“%(name)s” is now %(status)s.")
            % {"name": kpi.name, "status": kpi.get_status_display().lower()},
        )
    return redirect("reviews:kpi_card", kpi.pk)


@require_GET
@login_required
def kpi_card(request: HttpRequest, pk) -> HttpResponse:
    """The KPI's full definition card, its SMART verdict, decisions, comments and timeline."""
    kpi = get_kpi_for_member(request, pk)
    role = _role(request)
    reason = request.session.pop("review_reason", "")
    return render(request, "reviews/kpi_card.html", _card_context(request, kpi, role, reason))


def _card_context(request, kpi, role, reason="", fix_form=None, conflict=False) -> dict:
    can_fix = role in EDITOR_ROLES and kpi.status in FIX_STATUSES
    if fix_form is None and can_fix:
        fix_form = KpiFixForm(instance=kpi)
    comments = Comment.objects.filter(kpi=kpi).select_related("author", "transition")
    return {
        "kpi": kpi,
        "strategy": kpi.csf.goal.strategy,
        "evaluation": evaluate_kpi(kpi),
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
    if kpi.status not in FIX_STATUSES:
        messages.error(request, _("Only a draft or rejected KPI can be changed here."))
        return redirect("reviews:kpi_card", kpi.pk)
    form = KpiFixForm(request.POST, instance=kpi)
    conflict = False
    if form.is_valid():
        try:
            kpi._history_user = request.user
            form.instance.save_versioned(
                expected_version=form.cleaned_data["version"], update_fields=form.Meta.fields
            )
        except EditConflict:
            conflict = True
            form.add_error(
                None,
                _(
                    "Someone else saved this KPI while you were editing. Your text is still "
                    "below; compare it with the saved version and save again."
                ),
            )
        except IntegrityError:
            form.add_error("target_value", _("This target does not fit the KPI's other values."))
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("reviews:kpi_card", kpi.pk)
    fresh = get_kpi_for_member(request, pk)
    if conflict:
        # Show the saved version's number so a second save overwrites knowingly.
        form.data = form.data.copy()
        form.data["version"] = fresh.version
    context = _card_context(request, fresh, role, fix_form=form, conflict=conflict)
    return render(request, "reviews/kpi_card.html", context, status=200)


NODE_LOADERS = {"goal": get_goal_for_member, "csf": get_csf_for_member, "kpi": get_kpi_for_member}


def _node_strategy(kind, node):
    if kind == "goal":
        return node.strategy
    if kind == "csf":
        return node.goal.strategy
    return node.csf.goal.strategy


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
        "strategy": _node_strategy(kind, node),
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
    """Approve the strategy's KPI set as the next version (manager or admin)."""
    strategy = get_strategy_for_approver(request, pk)
    try:
        version = kpi_set_approve(strategy=strategy, approver=request.user)
    except ReviewError as exc:
        messages.error(request, exc.message)
        return redirect("reviews:strategy_review", strategy.pk)
    except IntegrityError:
        # Someone else approved at the same moment and took this number.
        messages.error(request, _("Someone else approved this set just now. Look again."))
        return redirect("reviews:strategy_review", strategy.pk)
    messages.success(
        request, _("The KPI set is approved as version %(number)d.") % {"number": version.number}
    )
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
    return render(
        request,
        "reviews/version_detail.html",
        {
            "strategy": strategy,
            "version": version,
            "snapshot": version.snapshot,
            "previous": number - 1 if number - 1 in numbers else None,
            "later": number + 1 if number + 1 in numbers else None,
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
