"""What the handbook shows, as plain JSON-ready data for `typst/handbook.typ`.

`handbook_data` gathers everything the document shows from a version's snapshot and the live
measurements of its KPIs, every label already translated by Django's gettext (the .po catalogue
stays the one place for words). `pdf.py` hands the result to Typst as one JSON string, which the
template shows as text: nothing here is ever markup.

The overview adapts to the size of the set: up to `OVERVIEW_KPI_ROWS` approved KPIs it lists
every KPI (one or two pages), above that it lists the goals and critical success factors with
their counts, progress and status, and each goal's section opens with a short list of its own
KPIs ("overview_kpis" in the data says which).
"""

import datetime
from collections import defaultdict

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.charts import ChartData, progress_chart, short_date, short_month
from indicators.models import Measurement
from indicators.templatetags.kpi_tags import kpi_value, threshold_text, track_label
from indicators.tracking import Course, RollUp, Track, roll_up, track
from kpiplanner.reviews.snapshot import display_value, goal_titles

# Up to this many approved KPIs the overview lists every KPI, a table row each, under a row per
# goal and per critical success factor: 60 KPIs in goals of two factors of three KPIs fill the
# overview's page and the next (bench/bench_export.py's shape; fewer KPIs per factor take more
# rows). A larger set gets the compact overview (goals and critical success factors with counts,
# progress, status and pages) and each goal's section its own list of KPIs: a table of every
# KPI is 14 pages long at 500 KPIs and costs Typst some 50 MB (327 MB now, 381 MB with it).
OVERVIEW_KPI_ROWS = 60

SVG_FONT = 'font-family="DejaVu Sans, Verdana, sans-serif"'


def approved_kpis(snapshot: dict):
    """(goal, csf, kpi) for every approved KPI of a snapshot, in tree order."""
    for goal in snapshot.get("goals", []):
        for csf in goal.get("csfs", []):
            for kpi in csf.get("kpis", []):
                if kpi.get("status") == "approved":
                    yield goal, csf, kpi


def long_date(value) -> str:
    """ "22 november 2026" / "22 November 2026": a date (or ISO text) as the handbook writes it."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return date_format(value, "j F Y")


def _short_date(value) -> str:
    """ "1 mei 2026" / "1 May 2026", as the charts write dates (the overview's deadlines)."""
    if not value:
        return ""
    try:
        return short_date(datetime.date.fromisoformat(value) if isinstance(value, str) else value)
    except ValueError:
        return value


def measurement_series(version, kpi_ids: list[str]) -> dict[str, list]:
    """{kpi id: [(period, value), …]} of the live measurements of the version's KPIs (1 query)."""
    series = defaultdict(list)
    if not kpi_ids:
        return series
    rows = (
        # Only KPIs still in the version's strategy: an id can't pull in another tree's data.
        Measurement.objects.filter(
            kpi_id__in=kpi_ids, kpi__csf__goal__strategy_id=version.strategy_id
        )
        .order_by("kpi_id", "period")
        .values_list("kpi_id", "period", "value")
    )
    for kpi_id, period, value in rows:
        series[str(kpi_id)].append((period, value))
    return series


def _facts(kpi: dict) -> dict:
    """The definition card's values as the reader writes them (labels, local numbers, dates)."""
    unit = kpi.get("unit") or ""

    def amount(name):
        return kpi_value(kpi.get(name), unit) if kpi.get(name) not in (None, "") else ""

    target = amount("target_value")
    if kpi.get("target_max") not in (None, ""):
        target = f"{target} – {amount('target_max')}"
    milestones = [
        f"{long_date(m.get('due_date'))}: {kpi_value(m.get('value'), unit)}"
        for m in kpi.get("milestones") or []
    ]
    return {
        "unit": display_value("kpi", "unit", kpi.get("unit")) if unit else "",
        "direction": display_value("kpi", "direction", kpi.get("direction")),
        "baseline": amount("baseline_value"),
        "baseline_date": long_date(kpi.get("baseline_date")),
        "target": target,
        "target_date": long_date(kpi.get("target_date")),
        "target_day": _short_date(kpi.get("target_date")),
        "thresholds": threshold_text(
            kpi.get("direction") or "",
            unit,
            kpi.get("on_track_threshold"),
            kpi.get("off_track_threshold"),
        ),
        "milestones": milestones,
        "frequency": display_value("kpi", "frequency", kpi.get("frequency"))
        if kpi.get("frequency")
        else "",
        "indicator_type": display_value("kpi", "indicator_type", kpi.get("indicator_type"))
        if kpi.get("indicator_type")
        else "",
    }


def chart_svg(chart) -> str:
    """The app's own SVG progress chart (the web page's, with its legend), for Typst's image()."""
    html = render_to_string("indicators/_progress_chart.html", {"chart": chart, "print": False})
    svg = html[html.index("<svg") : html.rindex("</svg>") + len("</svg>")]
    # Typst knows only the handbook's fonts; the chart uses the handbook's sans.
    return svg.replace(SVG_FONT, 'font-family="IBM Plex Sans"').replace(' width="100%"', "", 1)


def labels() -> dict:
    """Every fixed word of the handbook in the active language (gettext, so the .po decides)."""
    before, middle, after = _page_label_parts()
    return {
        "kind": _("KPI handbook"),
        "approved_on": _("Approved on"),
        "approved_by": _("Approved by"),
        "approval_note": _("Note with this version"),
        "organisation": _("Organisation"),
        "horizon": _("Horizon"),
        "in_version": _("In this version"),
        "mission": _("Mission"),
        "vision": _("Vision"),
        "contents": _("Contents"),
        "overview": _("The set at a glance"),
        "approved_kpis": _("approved KPIs"),
        "goals": _("goals"),
        "csfs": _("critical success factors"),
        "customer_facing": _("reflect the customer's experience"),
        "leading_lagging": _("leading / lagging"),
        "smart_average": _("average SMART score"),
        "tree": _("Goal, critical success factor and KPI"),
        "target": _("Target"),
        "deadline": _("Deadline"),
        "owner": _("Owner"),
        "page": _("Page"),
        "no_kpi": _("No approved KPI for this critical success factor in this version."),
        "no_csf": _("No critical success factor for this goal in this version."),
        "smart_key": _(
            "The squares on each card show the SMART check (specific, measurable, achievable, "
            "relevant, time-bound) as judged on the day of approval:"
        ),
        "met": _("met"),
        "weak": _("weak"),
        "missing": _("missing"),
        "not_judged": _("not judged"),
        "goal": _("Goal"),
        "csf": _("Critical success factor"),
        "smart_score": _("SMART score"),
        "baseline": _("Baseline"),
        "direction": _("Direction"),
        "measured": _("Measured"),
        "definition": _("Definition / formula"),
        "thresholds": _("Thresholds"),
        "milestones": _("Milestones"),
        "data_source": _("Data source"),
        "kind_of_indicator": _("Kind of indicator"),
        "why": _("Why this KPI"),
        "status_on_making": _("Status on the day this handbook was made"),
        "progress": _("Progress"),
        "latest": _("Latest value"),
        "tree_nodes": _("Goal and critical success factor"),
        "kpis": _("KPIs"),
        "worst_status": _("Status"),
        "goal_kpis": _("KPIs of this goal"),
        "page_before": before,
        "page_middle": middle,
        "page_after": after,
    }


def _track(kpi: dict, points, day: datetime.date) -> Track:
    """Status and progress on `day` of a snapshot KPI from its live measurements."""
    data = ChartData.from_snapshot(kpi, points)
    course = Course(
        direction=data.direction,
        baseline_value=data.baseline_value,
        baseline_date=data.baseline_date,
        target_value=data.target_value,
        target_max=data.target_max,
        target_date=data.target_date,
        on_track=data.on_track,
        off_track=data.off_track,
        milestones=data.milestones,
        frequency=kpi.get("frequency") or "",
    )
    return track(course, data.measurements, day)


def _tracking_data(kpi: dict, where: Track) -> dict:
    latest = ""
    if where.latest_value is not None:
        value = kpi_value(where.latest_value, kpi.get("unit") or "")
        latest = f"{value} ({short_month(where.latest_period)})"
    return {
        "status": where.status,
        "label": track_label(where.status),
        "progress": "–" if where.percent is None else f"{where.percent} %",
        "latest": latest or "–",
    }


def _rollup_data(rollup: RollUp) -> dict:
    """A goal's or critical success factor's roll-up as the compact overview shows it."""
    if not rollup.total:
        return {"measured": "–", "progress": "–", "status": "", "label": ""}
    return {
        "measured": str(rollup.measured),
        "progress": "–" if rollup.percent is None else f"{rollup.percent} %",
        "status": rollup.worst,
        "label": track_label(rollup.worst),
    }


# A card whose texts are longer than this may not fit on one page, so it may break across pages;
# any shorter card is kept on one page (about half a page of text beside the chart).
CARD_ON_ONE_PAGE_CHARS = 1500


def _kpi_data(number: str, kpi: dict, chart, where: Track | None = None) -> dict:
    facts = _facts(kpi)
    smart = kpi.get("smart") or {}
    owner = "–"
    if kpi.get("owner_name"):
        accepted = _("accepted") if kpi.get("owner_accepted") else _("not yet accepted")
        owner = f"{kpi['owner_name']} ({accepted})"
    customer = (
        _("reflects the customer's experience")
        if kpi.get("customer_facing")
        else _("internal performance")
    )
    score = kpi.get("smart_score")
    card = {
        "id": str(kpi["id"]),
        "number": number,
        "name": kpi.get("name") or "",
        "statement": kpi.get("statement") or "",
        "smart": [[letter, smart.get(letter) or "none"] for letter in "SMART"],
        "score": f"{score}/5" if score is not None else "–",
        "baseline": facts["baseline"] or "–",
        "baseline_date": facts["baseline_date"],
        "target": facts["target"] or "–",
        "target_date": _("by %(date)s") % {"date": facts["target_date"]}
        if facts["target_date"]
        else "",
        "target_day": facts["target_day"] or "–",
        "direction": facts["direction"] or "–",
        "unit": _("unit: %(unit)s") % {"unit": facts["unit"]} if facts["unit"] else "",
        "frequency": facts["frequency"] or "–",
        "owner_name": kpi.get("owner_name") or "–",
        "facts": [
            [_("Definition / formula"), kpi.get("definition") or "–"],
            [_("Thresholds"), facts["thresholds"] or "–"],
            [_("Milestones"), "; ".join(facts["milestones"]) or "–"],
            [_("Data source"), kpi.get("data_source") or "–"],
            [_("Owner"), owner],
            [_("Kind of indicator"), f"{facts['indicator_type'] or '–'} · {customer}"],
            [_("Why this KPI"), kpi.get("rationale") or "–"],
        ],
        "chart": chart_svg(chart) if chart is not None else None,
        "tracking": _tracking_data(kpi, where or Track("no_data")),
    }
    texts = [card["name"], card["statement"], *(value for _label, value in card["facts"])]
    card["one_page"] = sum(map(len, texts)) <= CARD_ON_ONE_PAGE_CHARS
    return card


def handbook_data(version, *, made_on: str | None = None, series=None) -> dict:
    """Everything the handbook shows, in the active language, as JSON-ready data (1 query at most,
    none when `series`, the live measurements, is given). `made_on` dates the document."""
    snapshot = version.snapshot
    strategy = snapshot.get("strategy", {})
    kpi_ids = [kpi["id"] for _g, _c, kpi in approved_kpis(snapshot)]
    if series is None:
        series = measurement_series(version, kpi_ids)
    titles = goal_titles(snapshot)
    name = strategy.get("name") or ""
    today = timezone.localdate()  # status as on the day the handbook is made

    goals = []
    scores = []
    customer_facing = leading = 0
    for g, goal in enumerate(snapshot.get("goals", []), start=1):
        period = ""
        if goal.get("period_start") or goal.get("period_end"):
            period = f"{long_date(goal.get('period_start'))} – {long_date(goal.get('period_end'))}"
        kicker = [
            f"{_('Goal')} {g}",
            display_value("goal", "perspective", goal.get("perspective")),
            display_value("goal", "term", goal.get("term")),
        ]
        if period.strip(" –"):
            kicker.append(period.strip(" –"))
        parent = titles.get(goal.get("parent_id"), "")
        goal_entry = {
            "id": str(goal["id"]),
            "number": str(g),
            "title": goal.get("title") or "",
            "perspective": display_value("goal", "perspective", goal.get("perspective")),
            "kicker": " · ".join(kicker),
            "parent": _("Contributes to the goal “%(title)s”.") % {"title": parent}
            if parent
            else "",
            "description": goal.get("description") or "",
            "csfs": [],
            "kpi_count": 0,
        }
        goal_tracks = []
        for c, csf in enumerate(goal.get("csfs", []), start=1):
            csf_entry = {
                "id": str(csf["id"]),
                "number": f"{g}.{c}",
                "title": csf.get("title") or "",
                "description": csf.get("description") or "",
                "kpis": [],
            }
            csf_tracks = []
            approved = [kpi for kpi in csf.get("kpis", []) if kpi.get("status") == "approved"]
            for k, kpi in enumerate(approved, start=1):
                points = series.get(str(kpi["id"]), [])
                chart = None
                if points:
                    chart = progress_chart(
                        ChartData.from_snapshot(kpi, points),
                        chart_id=str(kpi["id"]),
                        name=kpi.get("name", ""),
                    )
                if kpi.get("smart_score") is not None:
                    scores.append(kpi["smart_score"])
                customer_facing += bool(kpi.get("customer_facing"))
                leading += kpi.get("indicator_type") == "leading"
                where = _track(kpi, points, today)
                csf_tracks.append((where, 1))  # the snapshot keeps no weights: each counts once
                csf_entry["kpis"].append(_kpi_data(f"{g}.{c}.{k}", kpi, chart, where))
            csf_entry["kpi_count"] = len(csf_entry["kpis"])
            csf_entry["rollup"] = _rollup_data(roll_up(csf_tracks))
            goal_tracks += csf_tracks
            goal_entry["kpi_count"] += len(csf_entry["kpis"])
            goal_entry["csfs"].append(csf_entry)
        goal_entry["rollup"] = _rollup_data(roll_up(goal_tracks))
        goals.append(goal_entry)

    total = len(kpi_ids)
    approved_on = long_date(timezone.localtime(version.approved_at).date())
    # The names kept in the snapshot on the day of approval: the handbook never changes.
    approved_by = version.approver_name
    organisation = version.organisation_name
    horizon = _horizon(strategy)
    number = version.number
    version_line = _("Version %(number)s") % {"number": number}
    if horizon:
        version_line += " · " + _("Strategy %(years)s") % {"years": horizon}
    smart_average = round(sum(scores) / len(scores), 1) if scores else None
    in_version = " · ".join(
        [
            ngettext("%(counter)s approved KPI", "%(counter)s approved KPIs", total)
            % {"counter": total},
            ngettext("%(counter)s goal", "%(counter)s goals", len(goals)) % {"counter": len(goals)},
            ngettext(
                "%(counter)s critical success factor",
                "%(counter)s critical success factors",
                sum(len(goal["csfs"]) for goal in goals),
            )
            % {"counter": sum(len(goal["csfs"]) for goal in goals)},
        ]
    )
    return {
        "lang": translation.get_language(),
        "labels": labels(),
        "title": f"{_('KPI handbook')}: {name} ("
        + _("version %(number)s") % {"number": number}
        + ")",
        "organisation": organisation,
        "strategy": name,
        "mission": strategy.get("mission") or "",
        "vision": strategy.get("vision") or "",
        "version_line": version_line,
        "running_version": _("Version %(number)s, approved %(date)s")
        % {"number": number, "date": approved_on},
        "cover_facts": [
            [_("Approved on"), approved_on],
            [_("Approved by"), approved_by or "–"],
            [_("Organisation"), organisation],
            [_("Horizon"), horizon or "–"],
            [_("In this version"), in_version],
        ],
        "cover_note": _(
            "This handbook shows the KPI set exactly as it was approved in version %(number)s. "
            "The progress charts show the measurements recorded up to %(date)s, the day this "
            "document was made."
        )
        % {
            "number": number,
            "date": made_on if made_on is not None else long_date(timezone.localdate()),
        },
        "lead": ngettext(
            "Version %(number)s of “%(name)s” holds %(counter)s approved KPI. Each has its own "
            "card further on, with everything needed to measure it.",
            "Version %(number)s of “%(name)s” holds %(counter)s approved KPIs. Each has its own "
            "card further on, with everything needed to measure it.",
            total,
        )
        % {"number": number, "name": name, "counter": total},
        "figures": [
            [str(total), _("approved KPIs")],
            [str(len(goals)), _("goals")],
            [str(sum(len(goal["csfs"]) for goal in goals)), _("critical success factors")],
            [str(customer_facing), _("reflect the customer's experience")],
            [f"{leading} / {total - leading}", _("leading / lagging")],
            [
                f"{number_format(smart_average)}/5" if smart_average is not None else "–",
                _("average SMART score"),
            ],
        ],
        "approval_note": version.note,
        "overview_kpis": total <= OVERVIEW_KPI_ROWS,
        "overview_note": ""
        if total <= OVERVIEW_KPI_ROWS
        else _(
            "This set is too large to list every KPI here. Below are its goals and critical "
            "success factors with how far their KPIs are; each goal's section starts with a "
            "list of its own KPIs. Progress is the average of the KPIs measured so far; the "
            "status is the worst of its KPIs."
        ),
        "goals": goals,
    }


def _horizon(strategy: dict) -> str:
    start, end = strategy.get("horizon_start_year"), strategy.get("horizon_end_year")
    if not start:
        return ""
    return str(start) if start == end or not end else f"{start}–{end}"


def _page_label_parts() -> tuple[str, str, str]:
    """'Page X of Y' split around its numbers, for the CSS page counters (any word order)."""
    text = _("Page %(page)s of %(pages)s")
    before, _sep, rest = text.partition("%(page)s")
    middle, _sep, after = rest.partition("%(pages)s")
    # string-set trims the parts; the stylesheet puts the spaces back between them.
    return before.strip(), middle.strip(), after.strip()
