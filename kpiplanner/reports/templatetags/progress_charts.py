"""Progress charts on the web pages: the same SVG charts as the PDF handbook draws.

Template tags, so the pages that show charts (the KPI card, an approved version) need no change
in their views; each tag costs a fixed number of queries, whatever the size of the set.
"""

from django import template

from indicators.charts import ChartData, progress_chart
from kpiplanner.reports.data import approved_kpis, measurement_series

register = template.Library()


@register.simple_tag
def kpi_progress_chart(kpi):
    """The chart of a live KPI: its measurements and milestones (2 queries)."""
    return progress_chart(ChartData.from_kpi(kpi), chart_id=str(kpi.pk), name=kpi.name)


@register.simple_tag
def version_progress_charts(version):
    """[(snapshot KPI, chart)] for the approved KPIs of `version` that have measurements.

    The targets are the version's; the measurements are the live ones of the KPIs that still
    exist, matched by id (1 query).
    """
    items = [kpi for _goal, _csf, kpi in approved_kpis(version.snapshot)]
    series = measurement_series(version, [kpi["id"] for kpi in items])
    return [
        (
            kpi,
            progress_chart(
                ChartData.from_snapshot(kpi, series[kpi["id"]]),
                chart_id=kpi["id"],
                name=kpi.get("name", ""),
            ),
        )
        for kpi in items
        if series.get(kpi["id"])
    ]
