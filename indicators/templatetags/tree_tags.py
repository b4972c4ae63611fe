"""The strategy page's tree: goals, CSFs and KPIs put together as HTML (`strategy_tree`), from
the fragments of kpi_tags made once per language and shape and values escaped once.

The strategy page draws up to a thousand KPIs: a Django template costs a few microseconds per
variable and much more per loop and tag.
"""

import html

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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


def _tree_labels() -> dict:
    return {
        "goal": escape(_("Goal")),
        "csf": escape(_("CSF")),
        "no_csf": escape(_("No critical success factor yet for this goal.")),
        "no_kpi": escape(_("No KPI yet for this critical success factor.")),
        "kpi": escape(_("KPI")),
        "target": escape(_("Target")),
        "owner": escape(_("Owner")),
        "measured": escape(_("Measured")),
        "weight": escape(_("Weight in the roll-up")),
        "none_yet": escape(_("none yet")),
        "trend": escape(_("Trend of the latest values")),
        "latest": escape(_("Latest:")),
        "url": reverse("kpis:detail", args=[_PK]),
    }


# The standard library's escape, as Django's `escape` is (without its lazy-string wrapper,
# which costs more than the escaping when it runs thousands of times).
_escape = html.escape

_PK = "00000000-0000-0000-0000-000000000000"  # a stand-in id: the URL is reversed once


def _kpi_node(kpi, labels: dict, language: str) -> str:
    """One KPI's node; `language` is the active one (looked up once for a list of nodes)."""
    pk = str(kpi.pk)
    track = kpi.track
    changed = ' data-changed-since-approval="true"' if kpi.changed_since_version else ""
    status_badge = _status_badge(kpi, language)
    badges = f"{_track_badge_in(language, track.status)} {status_badge}" if track else status_badge
    parts = [
        f'<li id="kpi-{pk}"><div class="node node-kpi" data-kpi-id="{pk}" '
        f'data-kpi-status="{_escape(kpi.status)}"{changed}>'
        '<div class="d-flex flex-wrap justify-content-between gap-2">'
        f'<span class="node-title"><span class="node-kind">{labels["kpi"]}</span> '
        f'<a href="{labels["url"].replace(_PK, pk)}">{_escape(kpi.name)}</a></span>'
        f"<span>{badges}</span></div>"
    ]
    if track and track.latest_period:
        points = kpi.sparkline()
        sparkline = (
            '<svg class="sparkline" viewBox="-2 0 84 20" width="84" height="20" role="img" '
            f'aria-label="{labels["trend"]}"><polyline points="{points}" fill="none" '
            'stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" '
            'stroke-linecap="round"/></svg>'
            if points
            else ""
        )
        latest = _escape(_value_text(track.latest_value, kpi.unit, language))
        period = _once(
            ("period", track.latest_period, kpi.frequency),
            lambda: _escape(period_label(track.latest_period, kpi.frequency)),
            language,
        )
        bar = _once(
            ("progress_bar", track.percent, track.status, ""),
            lambda: _progress_bar(track.percent, track.status, ""),
            language,
        )
        parts.append(
            '<div class="kpi-track d-flex flex-wrap align-items-center gap-3 my-1">'
            f"{bar if track.percent is not None else ''}{sparkline}"
            f'<span class="small text-body-secondary">{labels["latest"]} {latest} ({period})'
            "</span></div>"
        )
    if kpi.statement:
        parts.append(f'<p class="kpi-statement mb-1">{_escape(kpi.statement)}</p>')
    target = _escape(_value_text(kpi.target_value, kpi.unit, language))
    if kpi.target_date:
        target += f" · {long_date(kpi.target_date, language)}"
    owner = (
        _escape(display_name(kpi.owner))
        if kpi.owner
        else f'<span class="text-danger">{labels["none_yet"]}</span>'
    )
    parts.append(
        '<dl class="kpi-facts small mb-0">'
        f"<div><dt>{labels['target']}</dt><dd>{target}</dd></div>"
        f"<div><dt>{labels['owner']}</dt><dd>{owner}</dd></div>"
    )
    if kpi.frequency:
        frequency = _once(
            ("frequency", kpi.frequency),
            lambda: _escape(kpi.get_frequency_display().lower()),
            language,
        )
        parts.append(f"<div><dt>{labels['measured']}</dt><dd>{frequency}</dd></div>")
    if kpi.weight != 1:
        parts.append(
            f"<div><dt>{labels['weight']}</dt><dd data-kpi-weight>{_escape(localize(kpi.weight))}"
            "</dd></div>"
        )
    parts.append("</dl></div></li>")
    return "".join(parts)


@register.simple_tag
def kpi_tree_nodes(kpis) -> str:
    """The `<li>` of each KPI of a CSF in the strategy tree: name, status and tracking badges,
    progress bar, sparkline and latest value (from `Kpi.track_tree(latest=…)`), target, owner,
    frequency and weight, with the data-kpi-id and data-kpi-status hooks."""
    language = get_language()
    labels = _once(("tree_labels",), _tree_labels, language)
    return mark_safe("".join(_kpi_node(kpi, labels, language) for kpi in kpis))


def _choice(node, field: str, language: str) -> str:
    """The display name of a choice field's value, escaped, made once per language."""
    value = getattr(node, field)
    return _once(
        ("choice", type(node).__name__, field, value),
        lambda: _escape(str(getattr(node, f"get_{field}_display")())),
        language,
    )


def _csf_node(csf, labels: dict, language: str) -> str:
    kpis = "".join(_kpi_node(kpi, labels, language) for kpi in csf.kpis.all())
    below = (
        f"<ul>\n{kpis}\n</ul>" if kpis else f'<p class="tree-empty small">{labels["no_kpi"]}</p>'
    )
    return (
        f'<li id="csf-{csf.pk}">\n<details open>\n<summary class="node node-csf">\n'
        f'<span class="node-kind">{labels["csf"]}</span>\n'
        f'<span class="node-title">{_escape(csf.title)}</span>\n'
        f"{rollup_summary(csf.rollup)}\n</summary>\n{below}\n</details>\n</li>"
    )


def _goal_node(goal, labels: dict, language: str) -> str:
    csfs = "\n".join(_csf_node(csf, labels, language) for csf in goal.csfs.all())
    below = (
        f"<ul>\n{csfs}\n</ul>" if csfs else f'<p class="tree-empty small">{labels["no_csf"]}</p>'
    )
    return (
        f'<li id="goal-{goal.pk}">\n<details open>\n<summary class="node node-goal">\n'
        f'<span class="node-kind">{labels["goal"]}</span>\n'
        f'<span class="node-title">{_escape(goal.title)}</span>\n'
        f'<span class="badge text-bg-light border">{_choice(goal, "perspective", language)}'
        "</span>\n"
        f'<span class="badge text-bg-light border">{_choice(goal, "term", language)}</span>\n'
        f"{rollup_summary(goal.rollup)}\n</summary>\n{below}\n</details>\n</li>"
    )


@register.simple_tag
def strategy_tree(goals) -> str:
    """The `<li>` of each goal of the strategy tree, with its perspective, term and roll-up, its
    CSFs with theirs and their KPIs (`kpi_tree_nodes`), or what is still missing below it.

    Put together here rather than in a template loop, which cost more than the rest of the
    page for a tree of 500 KPIs."""
    language = get_language()
    labels = _once(("tree_labels",), _tree_labels, language)
    return mark_safe("\n".join(_goal_node(goal, labels, language) for goal in goals))
