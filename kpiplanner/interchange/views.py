"""Downloads of an approved KPI-set version (JSON, CSV), the import page, and the import of KPI
values from a sheet.

Any member of the strategy's organisation may download its versions; importing creates a new
strategy in the organisation the user works in, so only its editors (admin, facilitator) may.
KPI values may be imported by the strategy's editors, and by a KPI's owner for their own KPIs.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from goals.access import get_strategy_for_member
from goals.models import Strategy
from kpiplanner.accounts.security import log_refusal
from kpiplanner.core.ratelimit import RateLimit
from kpiplanner.reviews.models import KpiSetVersion

from .formats import dumps, file_name, version_to_csv, version_to_json
from .forms import ImportForm, MeasurementFileForm
from .measurement_import import (
    Plan,
    entries_from_json,
    entries_to_json,
    imported_summary,
    max_rows,
    plan_entries,
    read_entries,
    strategy_kpis,
    template_csv,
    template_lines,
    template_xlsx,
)
from .models import MeasurementUpload
from .reading import ImportRefused, max_file_bytes, read_kpi_set
from .services import ImportResult, MeasurementsRefused, kpi_set_import, measurements_import
from .sheets import read_sheet


def _version(request: HttpRequest, strategy_pk, number: int) -> KpiSetVersion:
    """The version of a strategy of one of the user's organisations (else 404)."""
    strategy = get_strategy_for_member(request, strategy_pk, published=True)
    version = get_object_or_404(
        KpiSetVersion.objects.select_related("approved_by"), strategy=strategy, number=number
    )
    version.strategy = strategy
    return version


def _attachment(body: str | bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_GET
@login_required
def version_json(request: HttpRequest, strategy_pk, number: int) -> HttpResponse:
    """The version as a JSON file that `import_kpi_set` and the import page read back."""
    version = _version(request, strategy_pk, number)
    return _attachment(
        dumps(version_to_json(version)),
        "application/json; charset=utf-8",
        file_name(version, "json"),
    )


@require_GET
@login_required
def version_csv(request: HttpRequest, strategy_pk, number: int) -> HttpResponse:
    """The version as a CSV sheet, in the page's language or the one asked with ?lang=en."""
    version = _version(request, strategy_pk, number)
    lang = request.GET.get("lang")
    if lang not in dict(settings.LANGUAGES):
        lang = get_language()
    return _attachment(
        version_to_csv(version, lang),
        "text/csv; charset=utf-8",
        file_name(version, "csv"),
    )


def import_limit() -> RateLimit:
    """Each import reads and checks a whole file: IMPORTS_PER_HOUR per person."""
    return RateLimit("import", limit=settings.IMPORTS_PER_HOUR, window=3600)


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a KPI-set JSON file; it becomes a new strategy of the organisation worked in."""
    membership = request.membership
    if membership is None or not membership.can_edit:
        raise PermissionDenied
    form = ImportForm()
    refused: list[str] = []
    limited = False
    file_name = ""
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        limit = import_limit()
        limited = not limit.allow(f"user:{request.user.pk}")
        if limited:
            minutes = max(1, round(limit.retry_after / 60))
            refused = [
                ngettext(
                    "You imported many files in a short while. Wait %(minutes)d minute and "
                    "try again.",
                    "You imported many files in a short while. Wait %(minutes)d minutes and "
                    "try again.",
                    minutes,
                )
                % {"minutes": minutes}
            ]
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            file_name = upload.name
            try:
                data = read_kpi_set(upload.read(max_file_bytes() + 1))
                result = kpi_set_import(
                    data=data, organisation=membership.organisation, user=request.user
                )
            except ImportRefused as exc:
                refused = exc.messages
            else:
                _tell(request, result)
                url = result.strategy.get_absolute_url()
                return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    context = {
        "form": form,
        "refused": refused,
        "file_name": file_name,
        "organisation": membership.organisation,
    }
    template = "interchange/import.html"
    if not request.htmx:
        return render(request, template, context, status=429 if limited else 200)
    if refused:
        # Only the problems change: the form, and the file chosen in it, stay as they are.
        return render(request, template + "#import-feedback", context)
    # A form error (no file, too large): the form comes back with the errors at its fields.
    response = render(request, template + "#import-form", context)
    return reswap(retarget(response, "#import-form"), "outerHTML")


def _tell(request: HttpRequest, result: ImportResult) -> None:
    counts = result.counts
    summary = ", ".join(
        [
            ngettext("%(count)d goal", "%(count)d goals", counts["goals"])
            % {"count": counts["goals"]},
            ngettext(
                "%(count)d critical success factor",
                "%(count)d critical success factors",
                counts["csfs"],
            )
            % {"count": counts["csfs"]},
            ngettext("%(count)d KPI", "%(count)d KPIs", counts["kpis"]) % {"count": counts["kpis"]},
        ]
    )
    text = _("“%(name)s” is imported: %(summary)s. Every KPI is a draft, to be reviewed here.") % {
        "name": result.strategy.name,
        "summary": summary,
    }
    if result.source_version and result.source_organisation:
        text += " " + _("The file holds version %(number)d of a KPI set from %(organisation)s.") % {
            "number": result.source_version,
            "organisation": result.source_organisation,
        }
    messages.success(request, text)
    if result.missing_owners:
        names = ", ".join(f"“{name}”" for name in result.missing_owners)
        messages.warning(
            request,
            ngettext(
                "Owner %(names)s is not a member of %(organisation)s, so that KPI has no owner "
                "yet.",
                "Owners %(names)s are not members of %(organisation)s, so their KPIs have no "
                "owner yet.",
                len(result.missing_owners),
            )
            % {"names": names, "organisation": request.membership.organisation.name},
        )
    if result.missing_templates:
        messages.warning(
            request,
            _(
                "These library templates do not exist here, so the KPIs made from them are "
                "imported without that link: %(slugs)s."
            )
            % {"slugs": ", ".join(result.missing_templates)},
        )


# ---------------------------------------------------------------------------------------------
# KPI values from a sheet: upload, preview, confirm; and the template

VALUES_PAGE = "interchange/measurements_import.html"
PREVIEW_KEEP = datetime.timedelta(hours=1)  # a preview can be confirmed this long
PREVIEW_ROWS = 200  # additions and corrections listed on the preview, each
PROBLEMS_SHOWN = 1000


def _dutch() -> bool:
    return (get_language() or "nl").startswith("nl")


def _values_access(request: HttpRequest, strategy_pk) -> tuple[Strategy, list, bool]:
    """The strategy, its KPIs, and whether the user may enter values for all of them (an
    editor) rather than only for the KPIs they own. Others get 403, another organisation 404."""
    strategy = get_strategy_for_member(request, strategy_pk)
    kpis = strategy_kpis(strategy)
    may_enter_all = request.membership.can_edit
    if not may_enter_all and not any(kpi.owner_id == request.user.pk for kpi in kpis):
        log_refusal(request, 403, model="goals.Strategy", role=request.membership.role)
        raise PermissionDenied
    return strategy, kpis, may_enter_all


def _kept_upload(request: HttpRequest, strategy: Strategy, pk) -> MeasurementUpload | None:
    """The user's own, recent, not yet imported upload for this strategy (None: there is none,
    whatever id the browser sent)."""
    try:
        return MeasurementUpload.objects.get(
            pk=pk,
            user=request.user,
            strategy=strategy,
            imported_at__isnull=True,
            created_at__gte=timezone.now() - PREVIEW_KEEP,
        )
    except (MeasurementUpload.DoesNotExist, ValueError, TypeError, ValidationError):
        return None


def _values_context(strategy, form, plan: Plan | None = None, **extra) -> dict:
    context = {"strategy": strategy, "form": form, "plan": plan, "dutch": _dutch(), **extra}
    if plan is not None:
        context.update(
            problems=plan.problems[:PROBLEMS_SHOWN],
            problems_hidden=max(0, len(plan.problems) - PROBLEMS_SHOWN),
            additions=plan.additions[:PREVIEW_ROWS],
            additions_hidden=max(0, len(plan.additions) - PREVIEW_ROWS),
            corrections=plan.corrections[:PREVIEW_ROWS],
            corrections_hidden=max(0, len(plan.corrections) - PREVIEW_ROWS),
        )
    return context


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def measurements_upload(request: HttpRequest, strategy_pk) -> HttpResponse:
    """Upload a sheet of KPI values (GET: the form, or with ?upload= the preview of a checked
    sheet; POST: read and check a sheet). A sheet with any problem is refused whole and every
    problem named by its line; a good one is kept on the server and previewed."""
    strategy, kpis, may_enter_all = _values_access(request, strategy_pk)
    if request.method == "GET":
        upload_pk = request.GET.get("upload")
        if upload_pk is None:
            return render(request, VALUES_PAGE, _values_context(strategy, MeasurementFileForm()))
        upload = _kept_upload(request, strategy, upload_pk)
        if upload is None:
            context = _values_context(strategy, MeasurementFileForm(), expired=True)
            return render(request, VALUES_PAGE, context)
        plan = Plan(skipped=upload.skipped)
        entries = entries_from_json(upload.entries, kpis, plan)
        plan_entries(entries, plan, user=request.user, may_enter_all=may_enter_all)
        if plan.digest() != upload.digest:  # changed since the upload: confirm what is shown
            upload.digest = plan.digest()
            upload.save(update_fields=["digest"])
        context = _values_context(
            strategy, None, plan, upload=upload, file_name=upload.file_name, preview=True
        )
        return render(request, VALUES_PAGE, context)

    form = MeasurementFileForm(request.POST, request.FILES)
    plan = None
    file_name = ""
    if not import_limit().allow(f"user:{request.user.pk}"):
        form.add_error(
            None, _("You uploaded many files in a short while. Wait a few minutes and try again.")
        )
    elif form.is_valid():
        upload_file = form.cleaned_data["file"]
        file_name = upload_file.name[:255]
        raw = upload_file.read(max_file_bytes() + 1)
        plan, entries = _check_sheet(raw, kpis, request.user, may_enter_all)
        MeasurementUpload.objects.filter(
            created_at__lt=timezone.now() - datetime.timedelta(days=1)
        ).delete()
        upload = MeasurementUpload.objects.create(
            strategy=strategy,
            user=request.user,
            file_name=file_name,
            entries=entries_to_json(entries) if plan.ready else [],
            skipped=plan.skipped,
            digest=plan.digest() if plan.ready else "",
        )
        if plan.ready:
            page = reverse("interchange:measurements_import", args=[strategy.pk])
            url = f"{page}?upload={upload.pk}"
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    context = _values_context(strategy, form, plan, file_name=file_name)
    if not request.htmx:
        return render(request, VALUES_PAGE, context)
    if plan is not None:
        return render(request, VALUES_PAGE + "#values-feedback", context)
    response = render(request, VALUES_PAGE + "#values-form", context)
    return reswap(retarget(response, "#values-form"), "outerHTML")


def _check_sheet(raw: bytes, kpis: list, user, may_enter_all: bool):
    """The plan for an uploaded sheet and its entries (no entries when the file is unreadable)."""
    try:
        sheet = read_sheet(raw, max_rows=max_rows())
    except ImportRefused as exc:
        return Plan(problems=[(0, message) for message in exc.messages]), []
    entries, plan = read_entries(sheet, kpis, dutch=_dutch())
    return plan_entries(entries, plan, user=user, may_enter_all=may_enter_all), entries


@require_POST
@login_required
@vary_on_headers("HX-Request")
def measurements_confirm(request: HttpRequest, strategy_pk) -> HttpResponse:
    """Import the previewed sheet: all its values in one transaction, or none."""
    strategy, kpis, may_enter_all = _values_access(request, strategy_pk)
    upload = _kept_upload(request, strategy, request.POST.get("upload"))
    if upload is None:
        context = _values_context(strategy, MeasurementFileForm(), expired=True)
        return _values_answer(request, context)
    read = Plan(skipped=upload.skipped)
    entries = entries_from_json(upload.entries, kpis, read)
    try:
        with transaction.atomic():
            locked = MeasurementUpload.objects.select_for_update().get(pk=upload.pk)
            if locked.imported_at is not None:  # confirmed twice: the first one imported it
                return _values_done(request, strategy, None)
            plan = measurements_import(
                entries=entries,
                read=read,
                user=request.user,
                may_enter_all=may_enter_all,
                expected=upload.digest,
            )
            locked.imported_at = timezone.now()
            locked.save(update_fields=["imported_at"])
    except MeasurementsRefused as exc:
        if exc.changed:
            upload.digest = exc.plan.digest()
            upload.save(update_fields=["digest"])
        context = _values_context(
            strategy,
            None,
            exc.plan,
            upload=upload,
            file_name=upload.file_name,
            preview=True,
            changed=exc.changed,
        )
        return _values_answer(request, context)
    return _values_done(request, strategy, plan)


def _values_answer(request: HttpRequest, context: dict) -> HttpResponse:
    """The page again; for htmx the part below the heading, where the preview stood."""
    if request.htmx:
        return render(request, VALUES_PAGE + "#values-main", context)
    return render(request, VALUES_PAGE, context)


def _values_done(request: HttpRequest, strategy: Strategy, plan: Plan | None) -> HttpResponse:
    if plan is not None:
        messages.success(request, imported_summary(plan))
    url = strategy.get_absolute_url()
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_GET
@login_required
def measurements_template(request: HttpRequest, strategy_pk, extension: str) -> HttpResponse:
    """A sheet to fill in: the KPIs (an owner's own, for an owner) and the periods that await a
    value, as CSV in the reader's notation or as Excel."""
    if extension not in ("csv", "xlsx"):
        raise Http404
    strategy, kpis, may_enter_all = _values_access(request, strategy_pk)
    if not may_enter_all:
        kpis = [kpi for kpi in kpis if kpi.owner_id == request.user.pk]
    lines = template_lines(kpis)
    name = f"{slugify(strategy.name)[:60].strip('-') or 'kpi'}-{_('values')}.{extension}"
    if extension == "csv":
        body = template_csv(lines, dutch=_dutch())
        return _attachment(body, "text/csv; charset=utf-8", name)
    return _attachment(
        template_xlsx(lines),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        name,
    )
