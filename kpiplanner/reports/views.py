"""Downloads of an approved KPI-set version: the PDF handbook."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from goals.access import get_strategy_for_member
from kpiplanner.reviews.models import KpiSetVersion

from . import store
from .pdf import ExportTooLarge, check_size, handbook_filename
from .tasks import queue_rendering, rendering_failed

# How often the "being prepared" page asks whether the file is ready.
POLL_SECONDS = 2


def export_language(request: HttpRequest) -> str:
    """`?lang=nl|en`; anything else (or nothing) means the language the member works in."""
    asked = request.GET.get("lang", "")
    if asked in dict(settings.LANGUAGES):
        return asked
    return translation.get_language() or settings.LANGUAGE_CODE


def _version(request, pk, number: int):
    strategy = get_strategy_for_member(request, pk, published=True)
    version = get_object_or_404(
        KpiSetVersion.objects.select_related("approved_by"), strategy=strategy, number=number
    )
    version.strategy = strategy  # already loaded, with its organisation
    return strategy, version


@require_GET
@login_required
def version_pdf(request: HttpRequest, pk, number: int) -> HttpResponse:
    """The PDF handbook of one approved version, for every member of its organisation.

    The kept rendering when nothing it shows has changed; otherwise rendered now, or, for a set
    too large to render within about a second, queued for a worker: then a page says the file is
    being prepared (202) and polls `version_pdf_status`. A version too large to render at all
    gets a page that says so (413) with the other ways to export it.
    """
    strategy, version = _version(request, pk, number)
    lang = export_language(request)
    try:
        check_size(version.snapshot)
        key, series = store.current(version, lang)
        document = store.kept(version, lang, key)
        if document is None:
            if store.renders_in_background(version):
                queue_rendering(version, lang)
                response = _preparing(request, strategy, version, lang, status=202)
                response["Content-Location"] = _status_url(version, lang)
                return response
            document = store.render_and_keep(version, lang, key, series)
    except ExportTooLarge as exc:
        context = {"strategy": strategy, "version": version, "message": exc.message}
        return render(request, "reports/too_large.html", context, status=413)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, handbook_filename(version, lang)
    )
    response["Content-Language"] = lang
    patch_cache_control(response, private=True, no_cache=True, no_store=True)
    return response


@require_GET
@login_required
def version_pdf_status(request: HttpRequest, pk, number: int) -> HttpResponse:
    """Whether the handbook being prepared is ready: the status block for htmx's poll, or the
    whole page (the refresh link without JavaScript). Cheap: it never renders."""
    strategy, version = _version(request, pk, number)
    lang = export_language(request)
    ready = store.is_ready(version, lang)
    failed = not ready and rendering_failed(version, lang)
    return _preparing(request, strategy, version, lang, ready=ready, failed=failed)


def _status_url(version, lang: str) -> str:
    args = [version.strategy_id, version.number]
    return reverse("reports:version_pdf_status", args=args) + f"?lang={lang}"


def _preparing(request, strategy, version, lang: str, *, ready=False, failed=False, status=200):
    args = [strategy.pk, version.number]
    context = {
        "strategy": strategy,
        "version": version,
        "lang": lang,
        "ready": ready,
        "failed": failed,
        "pdf_url": reverse("reports:version_pdf", args=args) + f"?lang={lang}",
        "status_url": _status_url(version, lang),
        "poll_seconds": POLL_SECONDS,
        "kpis": store.rendering.approved_count(version),
    }
    template = "reports/preparing.html"
    if getattr(request, "htmx", False):
        template += "#status"
    response = render(request, template, context, status=status)
    patch_cache_control(response, private=True, no_cache=True, no_store=True)
    return response
