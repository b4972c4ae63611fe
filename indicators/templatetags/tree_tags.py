"""The strategy page's tree: goals, CSFs and KPIs (`strategy_tree`), their HTML in the partials
of goals/_tree.html.

The strategy page draws up to a thousand KPIs: a Django template costs a few microseconds per
variable and much more per loop and tag, so a loop over the nodes in the template cost most of
the page. Nodes look alike: each node's partial is rendered once per language and shape (its
structural choices: has it a track, a statement, an owner …) with a placeholder for each of
the node's values (`shapes.node_format`), and each node is that HTML with its values, escaped
once, put in.
"""

import html

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from indicators.shapes import NodeShapes
from kpiplanner.accounts.models import display_name

from .kpi_tags import (
    _once,
    _progress_bar,
    _status_badge,
    _track_badge_in,
    _value_text,
    long_date,
    period_label,
    rollup_summary,
)

register = template.Library()

TEMPLATE = "goals/_tree.html"
_GOAL = NodeShapes(f"{TEMPLATE}#goal-node", ("children",))
_CSF = NodeShapes(f"{TEMPLATE}#csf-node", ("children",))
_KPI = NodeShapes(
    f"{TEMPLATE}#kpi-node",
    (
        "changed",
        "track",
        "latest",
        "bar",
        "sparkline",
        "statement",
        "target_date",
        "owner",
        "frequency",
        "weight",
    ),
)

# The standard library's escape, as Django's `escape` is (without its lazy-string wrapper,
# which costs more than the escaping when it runs thousands of times).
_escape = html.escape

_PK = "00000000-0000-0000-0000-000000000000"  # a stand-in id: the URL is reversed once


def _kpi_node(kpi, language: str, url: str) -> str:
    """One KPI's node; `language` is the active one and `url` the pattern of a KPI's page
    (both looked up once for a list of nodes)."""
    pk = str(kpi.pk)
    track = kpi.track
    latest = bool(track and track.latest_period)
    values = {
        "id": pk,
        "status": _escape(kpi.status),
        "url": url.replace(_PK, pk),
        "name": _escape(kpi.name),
        "status_badge": _status_badge(kpi, language),
        "target": _escape(_value_text(kpi.target_value, kpi.unit, language)),
    }
    points = ""
    if track:
        values["track_badge"] = _track_badge_in(language, track.status)
    if latest:
        # Numbers the tracking module wrote: nothing to escape.
        points = values["sparkline"] = kpi.sparkline()
        values["latest"] = _escape(_value_text(track.latest_value, kpi.unit, language))
        values["period"] = _once(
            ("period", track.latest_period, kpi.frequency),
            lambda: _escape(period_label(track.latest_period, kpi.frequency)),
            language,
        )
        if track.percent is not None:
            values["bar"] = _once(
                ("progress_bar", track.percent, track.status, ""),
                lambda: _progress_bar(track.percent, track.status, ""),
                language,
            )
    if kpi.statement:
        values["statement"] = _escape(kpi.statement)
    if kpi.target_date:
        values["target_date"] = long_date(kpi.target_date, language)
    if kpi.owner:
        values["owner"] = _escape(display_name(kpi.owner))
    if kpi.frequency:
        values["frequency"] = _once(
            ("frequency", kpi.frequency),
            lambda: _escape(kpi.get_frequency_display().lower()),
            language,
        )
    weight = kpi.weight != 1
    if weight:
        values["weight"] = _escape(localize(kpi.weight))
    shape = (
        bool(kpi.changed_since_version),
        bool(track),
        latest,
        "bar" in values,
        bool(points),
        bool(kpi.statement),
        bool(kpi.target_date),
        bool(kpi.owner),
        bool(kpi.frequency),
        weight,
    )
    return _KPI.filler(language, shape)(values)


@register.simple_tag
def kpi_tree_nodes(kpis) -> str:
    """The `<li>` of each KPI of a CSF in the strategy tree: name, status and tracking badges,
    progress bar, sparkline and latest value (from `Kpi.track_tree(latest=…)`), target, owner,
    frequency and weight, with the data-kpi-id and data-kpi-status hooks."""
    language = get_language()
    url = _kpi_url(language)
    return mark_safe("".join(_kpi_node(kpi, language, url) for kpi in kpis))


def _kpi_url(language: str) -> str:
    return _once(("kpi_url",), lambda: reverse("kpis:detail", args=[_PK]), language)


def _choice(node, field: str, language: str) -> str:
    """The display name of a choice field's value, escaped, made once per language."""
    value = getattr(node, field)
    return _once(
        ("choice", type(node).__name__, field, value),
        lambda: _escape(str(getattr(node, f"get_{field}_display")())),
        language,
    )


def _csf_node(csf, language: str, url: str) -> str:
    children = "".join(_kpi_node(kpi, language, url) for kpi in csf.kpis.all())
    return _CSF.filler(language, (bool(children),))(
        {
            "id": str(csf.pk),
            "title": _escape(csf.title),
            "rollup": rollup_summary(csf.rollup),
            "children": children,
        }
    )


def _goal_node(goal, language: str, url: str) -> str:
    children = "\n".join(_csf_node(csf, language, url) for csf in goal.csfs.all())
    return _GOAL.filler(language, (bool(children),))(
        {
            "id": str(goal.pk),
            "title": _escape(goal.title),
            "perspective": _choice(goal, "perspective", language),
            "term": _choice(goal, "term", language),
            "rollup": rollup_summary(goal.rollup),
            "children": children,
        }
    )


@register.simple_tag
def strategy_tree(goals) -> str:
    """The `<li>` of each goal of the strategy tree, with its perspective, term and roll-up, its
    CSFs with theirs and their KPIs, or what is still missing below it."""
    language = get_language()
    url = _kpi_url(language)
    return mark_safe("\n".join(_goal_node(goal, language, url) for goal in goals))
