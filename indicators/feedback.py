"""What the live SMART feedback shows: `feedback_context` turns the engine's `Evaluation` of a
KPI into the rows, score badge and applicable values of the feedback fragment
(`templates/indicators/smart_feedback.html#feedback`). Used by the feedback endpoint
(`indicators.views.smart_feedback`) and by every page that shows a KPI form with its feedback
(the wizard's KPI step)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from kpiplanner.core.ratelimit import RateLimit

from .models import Direction, Frequency, Kpi, Unit
from .smart import Evaluation, criterion_label
from .smart_adapter import current_lang

STATUS_LABELS = {"met": _("met"), "weak": _("weak"), "missing": _("missing")}
SCORE_LABEL = _("%(score)s of 5")
# Badge colour by score: 0–1 grey, 2–3 amber, 4–5 green.
SCORE_CSS = ("text-bg-secondary", "text-bg-warning", "text-bg-success")
NOT_JUDGED = _("Not judged yet: choose the critical success factor and fill in the details.")
CHOICES = {"unit": Unit, "direction": Direction, "frequency": Frequency}


def feedback_limit() -> RateLimit:
    """Live feedback runs the SMART engine at each pause in typing: FEEDBACK_PER_MINUTE per
    person (or workshop participant) is far above typing speed and keeps one person from
    flooding the workers. Both feedback endpoints count in it."""
    return RateLimit("feedback", limit=settings.FEEDBACK_PER_MINUTE, window=60)


def _display(name: str, value) -> str:
    if name in CHOICES:
        return str(CHOICES[name](value).label)
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
        return formats.number_format(value, use_l10n=True)
    return str(value)


def feedback_context(evaluation: Evaluation, *, in_form: bool) -> dict:
    """What the feedback fragment shows: one row per letter, the score, what can be applied.

    Classes and labels are settled here rather than with tags in the template, because the
    fragment is rendered on every pause in typing.
    """
    lang = current_lang()
    rows = []
    for letter in "SMART":
        criterion = evaluation.criteria.get(letter)
        if criterion is None:
            status, status_label, reason, suggestion = "missing", "–", str(NOT_JUDGED), ""
        else:
            status = criterion.status.value
            status_label, reason, suggestion = (
                str(STATUS_LABELS[status]),
                criterion.reason,
                criterion.suggestion,
            )
        rows.append(
            {
                "letter": letter,
                "label": criterion_label(letter, lang),
                "judged": criterion is not None,
                "status": status,
                "css": f"smart-{status}" if criterion else "smart-missing smart-unjudged",
                "status_label": status_label,
                "reason": reason,
                "suggestion": suggestion,
            }
        )
    score = evaluation.score
    found = evaluation.extraction.as_form_initial()
    return {
        "evaluation": evaluation,
        "score_label": SCORE_LABEL % {"score": score},
        "score_css": SCORE_CSS[min(score, 4) // 2],
        "criteria_rows": rows,
        "applicable": [
            {"label": str(Kpi._meta.get_field(name).verbose_name), "value": _display(name, value)}
            for name, value in found.items()
        ],
        "in_form": in_form,
    }
