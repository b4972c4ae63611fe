"""What each node of the review tree shows, made ready to print for a page of hundreds of nodes.

The tree template draws up to a thousand nodes; a Django template costs a few microseconds per
variable and much more per loop, so a node's values (labels, URLs, the workflow steps the member
may take) are made here, once per request where nodes look alike. The HTML is all in the
template's partials (`reviews/strategy_review.html`); the badges, the same for every KPI with
the same status and SMART verdict, are rendered from their partial once per shape.
"""

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from indicators.models import Kpi, KpiStatus
from indicators.templatetags.kpi_tags import STATUS_STYLES, kpi_value
from kpiplanner.accounts.models import display_name
from kpiplanner.core.templatetags.workshop_origin import workshop_of

from .workflow import steps_for

TEMPLATE = "reviews/strategy_review.html"
# A stand-in id: each URL is reversed once per request and the node's id put in its place.
_PK = "00000000-0000-0000-0000-000000000000"


class NodeValues:
    """Labels, URLs and fragments of tree nodes, made once per request and shared by nodes
    that look alike. Build one per request (its labels are in the request's language, and it
    holds the request's CSRF token)."""

    def __init__(self, request, role: str | None):
        self.request = request
        self.role = role
        self.patterns = {
            name: reverse(f"reviews:{name}", args=[_PK])
            for name in ("kpi_card", "kpi_status", "kpi_reject")
        }
        for kind in ("goal", "csf", "kpi"):
            self.patterns[f"comments_{kind}"] = reverse("reviews:comments", args=[kind, _PK])
        self.labels = {
            "target": _("Target"),
            "owner": _("Owner"),
            "comment": pgettext("button", "Comment"),
            "comments": _("Comments"),
            "unanswered": _("unanswered"),
            "waiting_answer": _("Waiting for an answer"),
            "none_yet": _("none yet"),
            "smart_score": _("SMART score"),
        }
        # Escaped once here rather than at each of the hundreds of places they are printed.
        self.labels = {key: escape(label) for key, label in self.labels.items()}
        # A plain string: the template reads it once per decision button.
        self.csrf_token = get_token(request)
        self._memo: dict = {}

    def _once(self, key, make):
        """`make()`, remembered under `key` for this request."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = make()
            return value

    def url(self, name: str, pk) -> str:
        return self.patterns[name].replace(_PK, str(pk))

    def steps(self, status: str, removal_requested: bool = False) -> dict:
        """The workflow steps the member may take, labels translated once: `form_steps` are
        buttons that decide at once, `reason_step` (a rejection) opens its reason form."""

        def make():
            steps = [
                {
                    "to_status": step.to_status.value,
                    "label": escape(step.label),
                    "style": step.style,
                    "needs_reason": step.needs_reason,
                }
                for step in steps_for(status, self.role, removal_requested=removal_requested)
            ]
            return {
                "form_steps": [step for step in steps if not step["needs_reason"]],
                "reason_step": next((step for step in steps if step["needs_reason"]), None),
            }

        return self._once(("steps", status, removal_requested), make)

    def badges(self, status: str, evaluation) -> SafeString:
        """The SMART badge and the status badge: the partial `kpi-badges`, once per shape."""
        letters = (
            tuple(
                (letter, criterion.status if criterion else "none")
                for letter, criterion in evaluation.criteria.items()
            )
            if evaluation is not None
            else ()
        )
        score = evaluation.score if evaluation is not None else None
        return self._once(
            ("badges", status, score, letters),
            lambda: render_to_string(
                f"{TEMPLATE}#kpi-badges",
                {
                    "labels": self.labels,
                    "evaluation": evaluation,
                    "letters": [{"letter": ltr, "status": st} for ltr, st in letters],
                    "status_style": STATUS_STYLES.get(status, ""),
                    "status_label": KpiStatus(status).label,
                },
            ),
        )

    def target(self, kpi: Kpi) -> SafeString:
        """ "15 days · 31 Dec 2027", escaped once per value and date."""
        text = self._once(
            ("value", kpi.target_value, kpi.unit),
            lambda: escape(kpi_value(kpi.target_value, kpi.unit)),
        )
        day = kpi.target_date
        if day:
            text += " · " + self._once(
                ("date", day), lambda: escape(date_format(day, "DATE_FORMAT"))
            )
        return mark_safe(text)

    def owner(self, kpi: Kpi) -> str:
        """The owner's name ("" without an owner: the template says "none yet")."""
        owner = kpi.owner
        if owner is None:
            return ""
        return self._once(("owner", owner.pk), lambda: escape(display_name(owner)))

    def goal_kind(self, goal) -> str:
        """ "Goal · Customer · long term"."""
        return self._once(
            ("goal-kind", goal.perspective, goal.term),
            lambda: " · ".join(
                [_("Goal"), goal.get_perspective_display(), goal.get_term_display().lower()]
            ),
        )

    def count_label(self, kind: str, count: int) -> str:
        """ "3 critical success factors", "1 KPI"."""

        def make():
            if kind == "csf":
                text = ngettext(
                    "%(counter)s critical success factor",
                    "%(counter)s critical success factors",
                    count,
                )
            else:
                text = ngettext("%(counter)s KPI", "%(counter)s KPIs", count)
            return text % {"counter": count}

        return self._once(("count", kind, count), make)


def annotate_kpi(kpi: Kpi, evaluation, thread, values: NodeValues, changes=None) -> Kpi:
    """Attach what the tree node shows, ready to print, as `kpi.node` (a dict: the template's
    quickest lookup): badges, target, owner, thread and the buttons the member may use, and
    for a KPI changed since an approved version, what changed (`changes`: FieldChange list)."""
    kpi.evaluation = evaluation
    kpi.thread = thread
    kpi.node = {
        "id": str(kpi.pk),
        "name": kpi.name,
        "status": kpi.status,
        "changed_since": kpi.changed_since_version,
        "changes": changes or [],
        "removal_requested": kpi.removal_requested,
        # Ids and URLs are made of a UUID: nothing to escape.
        "dom_id": mark_safe(f"kpi-{kpi.pk}"),
        "card_url": mark_safe(values.url("kpi_card", kpi.pk)),
        "badges": values.badges(kpi.status, evaluation),
        "target": values.target(kpi),
        "owner": values.owner(kpi),
        **_thread_values(values, "kpi", kpi.pk, thread),
        "status_url": mark_safe(values.url("kpi_status", kpi.pk)),
        "reject_url": mark_safe(values.url("kpi_reject", kpi.pk)),
        "version": str(kpi.version),
        "workshop": workshop_of(kpi),
        **values.steps(kpi.status, kpi.removal_requested),
    }
    return kpi


def _thread_values(values: NodeValues, kind: str, pk, thread) -> dict:
    """What the comment button of a node shows: its URL, and the thread's count and mark."""
    count = thread.count if thread else 0
    return {
        "comments_url": mark_safe(values.url(f"comments_{kind}", pk)),
        "count": str(count) if count else "",
        # The button shows the bare number; its name says it in words ("3 comments").
        "comments_label": (
            ngettext("%(count)d comment", "%(count)d comments", count) % {"count": count}
            if count
            else values.labels["comments"]
        ),
        "unanswered": bool(thread and thread.unanswered),
    }


def annotate_goal(goal, thread, values: NodeValues):
    goal.thread = thread
    goal.kind_label = values.goal_kind(goal)
    goal.node = _thread_values(values, "goal", goal.pk, thread)
    return goal


def annotate_csf(csf, thread, values: NodeValues):
    csf.thread = thread
    csf.node = _thread_values(values, "csf", csf.pk, thread)
    return csf
