"""The REST API (/api/v1/): strategies, their progress tree, and a KPI's measurements.

Every request carries a personal token (auth.TokenAuth) and acts as its member, in its
organisation, with its role: objects are loaded through the same access helpers as the pages,
and values are written through `indicators.measurements.record`, as on screen. The OpenAPI
document is at /api/v1/openapi.json, its Swagger page at /api/v1/docs (served from
django-ninja's own static files: no CDN, no inline script).
"""

import math

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Max, OuterRef
from django.http import Http404, HttpRequest
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Status, Swagger
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from goals.access import get_strategy_for_member
from goals.models import Strategy
from goals.tree import load_tree
from indicators import measurements
from indicators.access import get_kpi_for_member, may_enter_values
from indicators.models import Kpi, KpiStatus
from kpiplanner.accounts.security import log_refusal

from .auth import TokenAuth, TokenRateThrottle
from .schemas import (
    MeasurementIn,
    MeasurementOut,
    Problem,
    RecordedOut,
    StrategyOut,
    StrategyProgress,
)

# The refusals every endpoint may answer (documented in the OpenAPI document).
READ_REFUSALS = {401: Problem, 404: Problem, 429: Problem}


class Api(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        response["Content-Language"] = get_language()
        return response


api = Api(
    title="KPI Planner API",
    version="1",
    description=(
        "Strategies, their progress, and KPI measurements. Authenticate with a personal token "
        "(`Authorization: Bearer kpi_…`), made on your own token page or with "
        "`manage.py api_token`; it acts with your role in its organisation."
    ),
    urls_namespace="api",
    auth=TokenAuth(),
    throttle=TokenRateThrottle(),
    docs=Swagger(settings={"persistAuthorization": False, "tryItOutEnabled": False}),
)


def _detail(request, message: str, status: int, **extra):
    return api.create_response(request, {"detail": message, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    response = _detail(
        request,
        _("Send a valid API token in the header: Authorization: Bearer <token>."),
        401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    return _detail(request, _("Not found."), 404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return _detail(request, _("Your role in this organisation may not do this."), 403)


@api.exception_handler(Throttled)
def throttled(request, exc):
    seconds = max(1, math.ceil(exc.wait or 1))
    response = _detail(
        request,
        ngettext(
            "Too many requests with this token: try again in %(seconds)d second.",
            "Too many requests with this token: try again in %(seconds)d seconds.",
            seconds,
        )
        % {"seconds": seconds},
        429,
    )
    response["Retry-After"] = str(seconds)
    return response


def _field_message(error: dict) -> str:
    """Our validators' messages are translated already; pydantic's own are English."""
    if error.get("type") == "missing":
        return _("This field is required.")
    return str(error.get("msg", "")).removeprefix("Value error, ")


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = [
        {
            "field": ".".join(
                str(part) for part in error.get("loc", ()) if part not in ("body", "payload")
            ),
            "message": _field_message(error),
        }
        for error in exc.errors
    ]
    return _detail(request, _("The request is not valid: see errors."), 422, errors=errors)


@api.exception_handler(HttpError)
def http_error(request, exc):
    message = str(exc)
    if exc.status_code == 400:  # the body is no JSON object
        message = _("The request body is not valid JSON.")
    return _detail(request, message, exc.status_code)


@api.exception_handler(measurements.MeasurementRefused)
def refused(request, exc):
    return _detail(request, str(exc), 422)


def _progress(value) -> float | None:
    return None if value is None else round(float(value), 4)


def _rolled(node, rollup) -> dict:
    return {
        "id": node.pk,
        "progress": _progress(rollup.progress),
        "status": rollup.worst,
        "measured": rollup.measured,
        "total": rollup.total,
    }


def _kpi(kpi) -> dict:
    """A KPI of the progress tree, its keys in the order of `schemas.KpiProgress`."""
    track = kpi.track
    return {
        "id": kpi.pk,
        "progress": None if track is None else _progress(track.capped),
        "status": None if track is None else track.status,
        "name": kpi.name,
        "unit": kpi.unit,
        "weight": kpi.weight,
        "latest_value": None
        if track is None or track.latest_value is None
        else float(track.latest_value),
        "latest_period": None if track is None else track.latest_period,
    }


def _username(user) -> str | None:
    return None if user is None else user.get_username()


@api.get(
    "/strategies/",
    response={200: list[StrategyOut], 401: Problem, 429: Problem},
    url_name="strategies",
    summary="Strategies",
    tags=["strategies"],
)
def strategy_list(request: HttpRequest):
    """The strategies of the token's organisation, with where each KPI set stands."""
    proposed = Kpi.objects.filter(csf__goal__strategy=OuterRef("pk"), status=KpiStatus.PROPOSED)
    strategies = (
        Strategy.objects.filter(organisation_id=request.membership.organisation_id)
        .annotate(latest_version=Max("kpi_set_versions__number"), in_review=Exists(proposed))
        .order_by("name", "created_at")
    )
    answer = []
    for strategy in strategies:
        if strategy.latest_version is not None:
            state = "approved"
        else:
            state = "under_review" if strategy.in_review else "draft"
        answer.append(
            {
                "id": strategy.pk,
                "name": strategy.name,
                "state": state,
                "version": strategy.latest_version,
                "changes_under_review": strategy.latest_version is not None and strategy.in_review,
                "horizon_start_year": strategy.horizon_start_year,
                "horizon_end_year": strategy.horizon_end_year,
            }
        )
    return answer


@api.get(
    "/strategies/{strategy_id}/progress",
    response={200: StrategyProgress, **READ_REFUSALS},
    url_name="progress",
    summary="Progress tree",
    tags=["strategies"],
)
def strategy_progress(request: HttpRequest, strategy_id: str):
    """The strategy's tree with each KPI's status and progress, rolled up per CSF, goal and
    strategy (rules: docs/TRACKING.md), in a fixed number of queries."""
    # Made here as plain values in the schema's order and sent as they are: ninja would check
    # a large tree's 500 KPIs against the schema again, which took as long as tracking them
    # (tests/api check the answer against StrategyProgress).
    strategy = get_strategy_for_member(request, strategy_id, published=True)
    approved_only = not request.membership.can_read_drafts
    # The tree as the strategy page loads it, less the owners.
    goals = load_tree(strategy, approved_only=approved_only, owners=False)
    rollup = Kpi.track_tree(goals)
    tree = {
        **_rolled(strategy, rollup),
        "name": strategy.name,
        "goals": [
            {
                **_rolled(goal, goal.rollup),
                "title": goal.title,
                "csfs": [
                    {
                        **_rolled(csf, csf.rollup),
                        "title": csf.title,
                        "kpis": [_kpi(kpi) for kpi in csf.kpis.all()],
                    }
                    for csf in goal.csfs.all()
                ],
            }
            for goal in goals
        ],
    }
    return api.create_response(request, tree, status=200)


@api.get(
    "/kpis/{kpi_id}/measurements",
    response={200: list[MeasurementOut], **READ_REFUSALS},
    url_name="measurements",
    summary="Measurements",
    tags=["measurements"],
)
def measurement_list(request: HttpRequest, kpi_id: str):
    """The KPI's values by period, each with its history (who entered or corrected it, when)."""
    kpi = get_kpi_for_member(request, kpi_id, published=True)
    rows = list(kpi.measurements.select_related("entered_by").order_by("period"))
    changes = measurements.history(rows)
    kinds = {"+": "entered", "~": "corrected"}
    return [
        {
            "period": row.period,
            "value": float(row.value),
            "note": row.note,
            "entered_by": _username(row.entered_by),
            "updated_at": row.updated_at,
            "changes": [
                {
                    "when": change.when,
                    "by": _username(change.who),
                    "value": float(change.value),
                    "note": change.note,
                    "kind": kinds.get(change.kind, "corrected"),
                }
                for change in changes[row.pk]
            ],
        }
        for row in rows
    ]


@api.post(
    "/kpis/{kpi_id}/measurements",
    response={200: RecordedOut, 201: RecordedOut, 403: Problem, 422: Problem, **READ_REFUSALS},
    url_name="measurements_post",
    summary="Enter or correct a value",
    tags=["measurements"],
)
def measurement_post(request: HttpRequest, kpi_id: str, payload: MeasurementIn):
    """Enter the value of a period: 201 when the period had none, 200 when it corrects the
    period's value (the old one stays in the history). Refused with 422 and the reason: a date
    that does not start a period of the KPI, a period that has not started, an off-track value
    without a note."""
    kpi = get_kpi_for_member(request, kpi_id, published=True)
    if not may_enter_values(request, kpi):
        log_refusal(request, 403, model=Kpi._meta.label, role=request.membership.role)
        raise PermissionDenied
    done = measurements.record(
        kpi, period=payload.period, value=payload.value, note=payload.note, user=request.user
    )
    row = done.measurement
    previous = done.previous_value
    return Status(
        200 if done.corrected else 201,
        {
            "period": row.period,
            "value": float(row.value),
            "note": row.note,
            "entered_by": _username(request.user),
            "corrected": done.corrected,
            "previous_value": None if previous is None else float(previous),
        },
    )
