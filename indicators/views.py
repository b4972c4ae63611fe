"""KPI pages: the live SMART feedback shown while a KPI is typed, "My KPIs" and a KPI's own
tracking page, where values are entered."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from kpiplanner.core.ratelimit import too_many_requests

from . import measurements, tracking
from .access import get_kpi_for_entry, get_kpi_for_member, may_enter_values
from .charts import ChartData, progress_chart
from .due import count_to_enter, owned_kpis
from .feedback import feedback_context, feedback_limit
from .forms import SmartFeedbackInput
from .measurement_form import MeasurementForm, replaces_key
from .models import Kpi, Measurement
from .smart_adapter import current_lang
from .templatetags.kpi_tags import kpi_value, period_label

__all__ = ["feedback_context", "smart_feedback"]  # feedback_context lives in feedback.py


@vary_on_headers("HX-Request")
@require_POST
@login_required
def smart_feedback(request: HttpRequest) -> HttpResponse:
    """Judge the KPI form's current content on the five SMART criteria; never writes.

    Takes the KPI form's fields (at least `statement`). Anything that does not parse is left out
    of the judgement, and a CSF id outside the user's organisations is ignored like a missing one,
    so any input gets feedback and nothing leaks. htmx gets the fragment; a plain POST a page.
    Over the rate limit: 429 (htmx then keeps the feedback it shows).
    """
    limit = feedback_limit()
    if not limit.allow(f"user:{request.user.pk}"):
        return too_many_requests(request, limit)
    form = SmartFeedbackInput(request.POST, memberships=request.memberships)
    evaluation = form.evaluation(lang=current_lang())
    context = feedback_context(evaluation, in_form=bool(request.htmx))
    if request.htmx:
        return render(request, "indicators/smart_feedback.html#feedback", context)
    return render(request, "indicators/smart_feedback.html", context)


# Entering values: "My KPIs" (every KPI the member owns) and the KPI's own page. One form, one
# write path (indicators/measurements.py); `from` says which page the form was on, so a plain
# POST goes back there and an htmx POST gets that page's region back.
MY_KPIS = "my-kpis"
KPI_PAGE = "kpi"


def _tracked_measurements():
    return Measurement.objects.select_related("entered_by").order_by("-period")


def _load_tracking(kpi: Kpi) -> Kpi:
    """Prefetch what the KPI page reads: milestones, and values with who entered them."""
    prefetch_related_objects(
        [kpi], "milestones", Prefetch("measurements", queryset=_tracked_measurements())
    )
    return kpi


def _row(kpi: Kpi, day, *, form=None, saved="") -> dict:
    periods = kpi.open_periods(day)
    return {
        "kpi": kpi,
        "track": kpi.track_on(day),
        "periods": periods,
        "form": form or MeasurementForm(kpi=kpi, open_periods=periods),
        "saved": saved,
        "target": f"kpi-row-{kpi.pk}",
    }


def _my_kpis_context(request, *, replace: dict | None = None) -> dict:
    """Every KPI the member owns, each with its entry form; `replace` is one row as it must be
    shown instead (a form with the typed text and its errors)."""
    day = timezone.localdate()
    kpis = list(owned_kpis(request.user, request.memberships))
    rows = [replace if replace and kpi.pk == replace["kpi"].pk else _row(kpi, day) for kpi in kpis]
    if replace is not None and replace not in rows:
        rows.insert(0, replace)  # a facilitator's entry for a KPI someone else owns
    return {"rows": rows, "to_enter": count_to_enter(kpis, day), "from_page": MY_KPIS}


@require_GET
@login_required
def my_kpis(request: HttpRequest) -> HttpResponse:
    """The KPIs the signed-in member owns, in all their organisations: what each still wants
    (overdue, due, running) and a form to enter it, in a fixed number of queries."""
    return render(request, "indicators/my_kpis.html", _my_kpis_context(request))


def _kpi_context(request, kpi: Kpi, *, form=None, saved="") -> dict:
    day = timezone.localdate()
    values = list(kpi.measurements.all())
    periods = kpi.open_periods(day)
    can_enter = may_enter_values(request, kpi) and kpi.status in Kpi.TRACKED_STATUSES
    correction = None
    if can_enter and form is None:
        # "Correct" beside a value opens the form on that period, with the notice shown.
        initial = {}
        asked = _date_or_none(request.GET.get("period"))
        if asked is not None:
            correction = next((m for m in values if m.period == asked), None)
            initial = {"period": "", "period_date": asked}
            if correction is not None:
                initial["replaces"] = replaces_key(correction)
        form = MeasurementForm(kpi=kpi, open_periods=periods, initial=initial)
    elif form is not None:
        correction = form.existing
    course = kpi.course()
    return {
        "kpi": kpi,
        "strategy": kpi.csf.goal.strategy,
        "track": kpi.track_on(day),
        "expected_value": _rounded(tracking.expected_value(course, day)),
        "expected_percent": _percent(tracking.expected_progress(course, day)),
        "milestones": list(kpi.milestones.all()),
        "values": values,
        "changes": measurements.history(values),
        "chart": progress_chart(ChartData.from_kpi(kpi, values), chart_id=str(kpi.pk)),
        "periods": periods,
        "tracked": kpi.status in Kpi.TRACKED_STATUSES,
        "can_enter": can_enter,
        # A viewer reads the page of an approved KPI but not its review card (403 there).
        "can_read_card": request.membership.can_read_drafts,
        "form": form,
        "correction": correction,
        "saved": saved,
        "from_page": KPI_PAGE,
    }


def _rounded(value):
    """An expected value to two decimals: 3.03, not 3.0270."""
    return None if value is None else value.quantize(Decimal("0.01"))


def _percent(share) -> int | None:
    return None if share is None else round(tracking.clamp(share) * 100)


def _date_or_none(text):
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@require_GET
@login_required
def kpi_detail(request: HttpRequest, pk) -> HttpResponse:
    """A KPI's tracking page: status and progress, the trend chart against the planned course
    and milestones, every value with its note and corrections, and (for its owner, facilitators
    and admins) the entry form."""
    kpi = _load_tracking(get_kpi_for_member(request, pk, published=True))
    return render(request, "indicators/kpi_detail.html", _kpi_context(request, kpi))


def _saved_message(kpi: Kpi, done) -> str:
    values = {
        "value": kpi_value(done.measurement.value, kpi.unit),
        "period": period_label(done.measurement.period, kpi.frequency),
    }
    if done.corrected:
        values["previous"] = kpi_value(done.previous_value, kpi.unit)
        return _("Corrected: %(value)s for %(period)s (was %(previous)s).") % values
    return _("Saved: %(value)s for %(period)s.") % values


@vary_on_headers("HX-Request")
@require_POST
@login_required
def enter_value(request: HttpRequest, pk) -> HttpResponse:
    """Record a value of a KPI (a correction when its period has one) through the one write
    path. Bad input shows the form again with the typed text and a message per field."""
    kpi = _load_tracking(get_kpi_for_entry(request, pk))
    page = MY_KPIS if request.POST.get("from") == MY_KPIS else KPI_PAGE
    day = timezone.localdate()
    form = MeasurementForm(request.POST, kpi=kpi, open_periods=kpi.open_periods(day))
    saved = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            done = measurements.record(
                kpi,
                period=data["period_start"],
                value=data["value"],
                note=data["note"],
                user=request.user,
            )
        except measurements.MeasurementRefused as refused:
            form.add_error("note", str(refused))
        else:
            saved = _saved_message(kpi, done)
            if not request.htmx:
                messages.success(request, saved)
                if page == MY_KPIS:
                    return redirect(f"{reverse('kpis:mine')}#kpi-row-{kpi.pk}")
                return redirect("kpis:detail", kpi.pk)
            kpi, form = _load_tracking(get_kpi_for_member(request, pk, published=True)), None
    if page == MY_KPIS:
        row = _row(kpi, day, form=form, saved=saved)
        if request.htmx:
            kpis = list(owned_kpis(request.user, request.memberships))
            context = {"row": row, "to_enter": count_to_enter(kpis, day), "from_page": MY_KPIS}
            return render(request, "indicators/my_kpis.html#row-response", context)
        return render(request, "indicators/my_kpis.html", _my_kpis_context(request, replace=row))
    context = _kpi_context(request, kpi, form=form, saved=saved)
    if request.htmx:
        return render(request, "indicators/kpi_detail.html#kpi-live", context)
    return render(request, "indicators/kpi_detail.html", context)


@require_GET
@login_required
def correction_notice(request: HttpRequest, pk) -> HttpResponse:
    """While a period is chosen: whether it has a value, and whose, before anything is saved.
    Carries the confirmation the form needs to replace it."""
    kpi = get_kpi_for_entry(request, pk)
    period = _date_or_none(request.GET.get("period_date")) or _date_or_none(
        request.GET.get("period")
    )
    correction = None
    if period is not None and kpi.frequency:
        period = tracking.period_start(period, kpi.frequency)
        correction = (
            Measurement.objects.select_related("entered_by").filter(kpi=kpi, period=period).first()
        )
    return render(
        request,
        "indicators/_measurement_form.html#correction-notice",
        {"kpi": kpi, "correction": correction},
    )
