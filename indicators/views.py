"""KPI pages: the live SMART feedback shown while a KPI is typed."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from kpiplanner.core.ratelimit import too_many_requests

from .feedback import feedback_context, feedback_limit
from .forms import SmartFeedbackInput
from .smart_adapter import current_lang

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
