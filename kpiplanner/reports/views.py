"""Downloads of an approved KPI-set version: the PDF handbook."""

import weakref

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from goals.access import get_strategy_for_member
from kpiplanner.reviews.models import KpiSetVersion

from .pdf import ExportTooLarge, handbook_filename, pause_cyclic_collector
from .store import handbook_pdf


def export_language(request: HttpRequest) -> str:
    """`?lang=nl|en`; anything else (or nothing) means the language the member works in."""
    asked = request.GET.get("lang", "")
    if asked in dict(settings.LANGUAGES):
        return asked
    return translation.get_language() or settings.LANGUAGE_CODE


@require_GET
@login_required
def version_pdf(request: HttpRequest, pk, number: int) -> HttpResponse:
    """The PDF handbook of one approved version, for every member of its organisation.

    Plain and htmx requests get the same file, from the store when nothing in it has changed
    since it was last rendered; a version too large to render gets a page that says so (413)
    with the other ways to export it.
    """
    strategy = get_strategy_for_member(request, pk)
    version = get_object_or_404(
        KpiSetVersion.objects.select_related("approved_by"), strategy=strategy, number=number
    )
    version.strategy = strategy  # already loaded, with its organisation
    lang = export_language(request)
    # A cold rendering leaves garbage that takes the collector most of a second to clear: the
    # collector stays paused until the response has gone out, so the user doesn't wait for it.
    end_pause = pause_cyclic_collector()
    try:
        pdf = handbook_pdf(version, lang=lang)
    except ExportTooLarge as exc:
        end_pause()
        context = {"strategy": strategy, "version": version, "message": exc.message}
        return render(request, "reports/too_large.html", context, status=413)
    except BaseException:
        end_pause()
        raise
    response = ResponseThenCollect(pdf, content_type="application/pdf", end_pause=end_pause)
    response["Content-Disposition"] = content_disposition_header(
        True, handbook_filename(version, lang)
    )
    response["Content-Language"] = lang
    patch_cache_control(response, private=True, no_cache=True)
    return response


class ResponseThenCollect(HttpResponse):
    """A response that ends a pause of the garbage collector once the server has sent it.

    WSGI servers (and Django's test client) call close() after the last byte; should a response
    be dropped without that, the pause still ends when the object is freed.
    """

    def __init__(self, *args, end_pause, **kwargs):
        super().__init__(*args, **kwargs)
        self._end_pause = end_pause
        weakref.finalize(self, end_pause)

    def close(self):
        try:
            super().close()
        finally:
            self._end_pause()
