"""A KPI's timeline: edits (from django-simple-history), status changes and comments, in order."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from indicators.models import Kpi, KpiStatus
from indicators.templatetags.kpi_tags import kpi_value
from kpiplanner.accounts.models import display_name

from .models import Comment, KpiTransition

# Status is shown through the recorded decisions (which carry who and why); the rest is
# bookkeeping that means nothing to a reader: the "changed since version N" mark (the edit that
# set it is shown) and the time of a removal request (who asked for it is shown).
_SKIPPED = {
    "id",
    "status",
    "version",
    "created_at",
    "updated_at",
    "order",
    "csf",
    "template",
    "changed_since_version",
    "removal_requested_at",
}
TRACKED = [f for f in Kpi._meta.concrete_fields if f.name not in _SKIPPED]


@dataclass
class Event:
    at: datetime.datetime
    kind: str  # "created", "changed", "status", "comment"
    who: str
    title: str
    text: str = ""
    status: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _shown(record, model_field) -> str:
    value = getattr(record, model_field.attname)
    if value is None or value == "":
        return "–"
    if model_field.choices:
        return str(dict(model_field.choices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if model_field.name == "owner":
        owner = record.owner
        return display_name(owner, "–")
    if isinstance(value, Decimal):
        return kpi_value(value)
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def kpi_timeline(kpi: Kpi) -> list[Event]:
    """Every change and decision on `kpi`, newest first."""
    events: list[Event] = []
    previous = None
    for record in kpi.history.select_related("history_user").order_by("history_date", "history_id"):
        who = display_name(record.history_user, _("someone"))
        if previous is None or record.history_type == "+":
            events.append(Event(record.history_date, "created", who, _("KPI created")))
        else:
            changes = [
                (str(f.verbose_name), _shown(previous, f), _shown(record, f))
                for f in TRACKED
                if getattr(previous, f.attname) != getattr(record, f.attname)
            ]
            if changes:
                events.append(
                    Event(record.history_date, "changed", who, _("Changed"), changes=changes)
                )
        previous = record
    for change in KpiTransition.objects.filter(kpi=kpi).select_related("by"):
        events.append(
            Event(
                change.at,
                "status",
                display_name(change.by, _("someone")),
                _("%(from)s → %(to)s")
                % {
                    "from": KpiStatus(change.from_status).label,
                    "to": KpiStatus(change.to_status).label,
                },
                text=change.reason,
                status=change.to_status,
            )
        )
    for comment in Comment.objects.filter(kpi=kpi, transition__isnull=True).select_related(
        "author"
    ):
        events.append(
            Event(
                comment.created_at,
                "comment",
                display_name(comment.author, _("someone")),
                _("Comment"),
                comment.body,
            )
        )
    events.sort(key=lambda e: e.at, reverse=True)
    return events
