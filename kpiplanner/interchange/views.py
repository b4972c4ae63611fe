"""Downloads of an approved KPI-set version (JSON, CSV) and the import page.

Any member of the strategy's organisation may download its versions; importing creates a new
strategy in the organisation the user works in, so only its editors (admin, facilitator) may.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from goals.access import get_strategy_for_member
from kpiplanner.reviews.models import KpiSetVersion

from .formats import dumps, file_name, version_to_csv, version_to_json
from .forms import ImportForm
from .services import ImportResult, kpi_set_import
from .validation import ImportRefused, max_file_bytes, read_kpi_set


def _version(request: HttpRequest, strategy_pk, number: int) -> KpiSetVersion:
    """The version of a strategy of one of the user's organisations (else 404)."""
    strategy = get_strategy_for_member(request, strategy_pk, published=True)
    version = get_object_or_404(
        KpiSetVersion.objects.select_related("approved_by"), strategy=strategy, number=number
    )
    version.strategy = strategy
    return version


def _attachment(body: str, content_type: str, name: str) -> HttpResponse:
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
    file_name = ""
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
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
        return render(request, template, context)
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
