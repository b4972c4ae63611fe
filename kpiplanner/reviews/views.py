"""Review and approval pages: the review tree, KPI cards, comments, decisions, approved versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from csf.access import get_csf_for_member
from goals.access import get_goal_for_member, get_strategy_for_member
from indicators.access import get_kpi_for_member
from indicators.due import count_to_enter, owned_kpis
from kpiplanner.accounts.models import EDITOR_ROLES

from .access import get_strategy_for_approver
from .approval import kpi_definition_edit
from .forms import (
    CommentForm,
    CompareForm,
    KpiFixForm,
    ReviewFilterForm,
    SetApproveForm,
)
from .models import Comment, KpiSetVersion
from .nodes import NodeValues
from .queries import (
    approval_preview,
    evaluate_one,
    review_queryset,
    review_tree,
    set_state,
    strategy_panels,
    strategy_threads,
    waiting_in_organisation,
)
from .services import ReviewError, comment_add, kpi_set_approve
from .snapshot import approved_tree, compare_snapshots, decided_against
from .timeline import kpi_timeline
from .workflow import can_comment, steps_for

FIX_CONFLICT = gettext_lazy(
    "Someone else saved this KPI while you were editing. Your text is still "
    "below; compare it with the saved version and save again."
)


def member_role(request) -> str | None:
    return request.membership.role if request.membership else None


def node_context(values: NodeValues) -> dict:
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
    # The values the member owns that are due soon or overdue, in all their organisations.
    kpis = owned_kpis(request.user, request.memberships)
    to_enter = count_to_enter(kpis, timezone.localdate())
    return render(request, "reviews/inbox.html", {"entries": entries, "to_enter": to_enter})


@require_GET
@login_required
@vary_on_headers("HX-Request")
def strategy_review(request: HttpRequest, pk) -> HttpResponse:
    """The tree with SMART scores, health findings, filters, and what waits for me."""
    strategy = get_strategy_for_member(request, pk, queryset=review_queryset())
    filter_form = ReviewFilterForm(request.GET or None)
    filters = filter_form.filters()
    role = member_role(request)
    values = NodeValues(request, role)
    tree = review_tree(strategy, values=values, filters=filters, threads=strategy_threads(strategy))
    context = {
        "strategy": strategy,
        "tree": tree,
        "filter_form": filter_form,
        "filters": filters,
        "can_comment": can_comment(role),
        **node_context(values),
    }
    template = "reviews/strategy_review.html"
    if request.htmx and request.htmx.target == "review-tree":
        return render(request, template + "#tree", context)
    state = set_state(strategy, tree)
    context.update(set_panel_context(strategy, request, values, state, tree.waiting))
    return render(request, template, context)


def set_panel_context(strategy, request, values, state=None, waiting=None, **extra) -> dict:
    """What the 'approve the set' and 'waiting for you' panels need; without `state` the
    strategy's tree is loaded to work them out (after a change made in place)."""
    if state is None:
        state, waiting = strategy_panels(strategy, values)
    return {
        "strategy": strategy,
        "set": state,
        "waiting": waiting,
        "can_approve": request.membership.can_approve,
        **extra,
    }


@require_GET
@login_required
def kpi_card(request: HttpRequest, pk) -> HttpResponse:
    """The KPI's full definition card, its SMART verdict, decisions, comments and timeline."""
    kpi = get_kpi_for_member(request, pk)
    role = member_role(request)
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
        "steps": steps_for(kpi.status, role, removal_requested=kpi.removal_requested),
        "reason": reason,
        "fix_form": fix_form if can_fix else None,
        "rejection": kpi.rejection() if can_fix else None,
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
    role = member_role(request)
    if not kpi.fix_allowed:
        messages.error(request, _("Only a draft or rejected KPI can be changed here."))
        return redirect("reviews:kpi_card", kpi.pk)
    form = KpiFixForm(request.POST, instance=kpi)
    conflict = False
    if form.is_valid():
        kpi._history_user = request.user
        try:
            with kpi_definition_edit(kpi=kpi, actor=request.user):
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
    try:
        node = NODE_LOADERS[kind](request, pk)
    except Http404:
        if request.method == "POST" and can_comment(member_role(request)):
            return _comment_on_nothing(request, kind, pk)
        raise
    role = member_role(request)
    form = CommentForm()
    if request.method == "POST":
        if not can_comment(role):
            raise PermissionDenied
        form = CommentForm(request.POST)
        if form.is_valid():
            body = form.cleaned_data["body"]
            try:
                comment_add(node=node, author=request.user, role=role, body=body)
            except ReviewError as exc:
                form.add_error("body", exc.message)  # deleted meanwhile: the text stays
            else:
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


def _comment_on_nothing(request: HttpRequest, kind: str, pk) -> HttpResponse:
    """A comment sent to a goal, CSF or KPI that is not there (deleted since the page was
    opened): not saved, said so, with the text shown to copy. The same answer for an id that
    never existed or is another organisation's, so nothing is learnt about it."""
    context = {"kind": kind, "pk": pk, "body": request.POST.get("body", "")[:5000]}
    if request.htmx:
        return render(request, "reviews/comment_gone.html#gone", context)
    return render(request, "reviews/comment_gone.html", context, status=404)


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def set_approve(request: HttpRequest, pk) -> HttpResponse:
    """Approve the strategy's KPI set as the next version (manager or admin), deliberately.

    GET shows what the new version adds, changes and removes compared with the last one, the
    health warnings, and a note field; its form posts back with `basis`, the digest of the
    tree shown (`snapshot.set_basis`), so a set that changed since is shown again instead of
    approved. A POST without `basis` (the review page's button) gets the confirmation page.
    Done: the new version's page (htmx: a client redirect there).
    """
    strategy = get_strategy_for_approver(request, pk)
    form = SetApproveForm(request.POST or None)
    if request.method == "POST" and "basis" not in request.POST:
        url = reverse("reviews:set_approve", args=[strategy.pk])
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            version = kpi_set_approve(
                strategy=strategy,
                approver=request.user,
                note=form.cleaned_data["note"],
                basis=form.cleaned_data["basis"],
            )
        except ReviewError as exc:
            error = exc.message
        except IntegrityError:
            # Someone else approved at the same moment and took this number.
            error = _("Someone else approved this set just now. Check the new version first.")
        else:
            messages.success(
                request,
                _("The KPI set is approved as version %(number)d.") % {"number": version.number},
            )
            url = version.get_absolute_url()
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    preview = approval_preview(strategy)
    if error is None and request.method == "POST":
        error = _("Check what you typed below.")
    context = {
        "strategy": strategy,
        "preview": preview,
        "form": form if form.is_bound else SetApproveForm(initial={"basis": preview.basis}),
        "basis": preview.basis,
        "error": error,
    }
    return render(request, "reviews/set_approve.html", context)


@require_GET
@login_required
def version_list(request: HttpRequest, pk) -> HttpResponse:
    strategy = get_strategy_for_member(request, pk, published=True)
    versions = strategy.kpi_set_versions.select_related("approved_by").defer("snapshot")
    versions = list(versions.order_by("-number"))
    return render(
        request, "reviews/version_list.html", {"strategy": strategy, "versions": versions}
    )


@require_GET
@login_required
def version_detail(request: HttpRequest, pk, number: int) -> HttpResponse:
    """One approved version, drawn from its snapshot (never from the live tree)."""
    strategy = get_strategy_for_member(request, pk, published=True)
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
            "goals": approved_tree(version.snapshot),
            "decided_against": decided_against(version.snapshot),
            "previous": number - 1 if number - 1 in numbers else None,
            "later": number + 1 if number + 1 in numbers else None,
        },
    )


@require_GET
@login_required
def version_compare(request: HttpRequest, pk) -> HttpResponse:
    """What was added, removed and changed between two versions, field by field."""
    strategy = get_strategy_for_member(request, pk, published=True)
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
        },
    )
