"""Rendered PDF handbooks, kept so that the next download of the same document is immediate.

A version never changes, but its handbook also shows live data (the measurements in the charts,
the organisation's and approver's names) and depends on the templates and stylesheet of the
release. `StoredHandbook.fingerprint` is a digest of all of that (see `store.py`); a stored file
is served only while its fingerprint still matches, so it can never show outdated data. One row
per version and language: a newer rendering replaces the older one.

A `HandbookRendering` marks a rendering under way in some worker process, so that a download in
another worker waits for that file instead of rendering the same one side by side.

The files live in the database, so every web worker on every machine finds them (the app is
stateless); a 100-KPI handbook is about 0.55 MB.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredHandbook(models.Model):
    version = models.ForeignKey(
        "reviews.KpiSetVersion",
        on_delete=models.CASCADE,
        related_name="stored_handbooks",
        verbose_name=_("approved KPI set"),
    )
    language = models.CharField(_("language"), max_length=8)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    pdf = models.BinaryField(_("PDF"))
    rendered_at = models.DateTimeField(_("rendered at"))
    render_ms = models.PositiveIntegerField(_("rendering time (ms)"))

    class Meta:
        verbose_name = _("stored PDF handbook")
        verbose_name_plural = _("stored PDF handbooks")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"], name="stored_handbook_one_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.language})"


class HandbookRendering(models.Model):
    """A rendering of one handbook under way in some worker, on any machine.

    Whoever inserts the row renders; a download of the same handbook (version, language and
    fingerprint) elsewhere finds the row and waits for the stored file. The row is deleted when
    the rendering ends, kept or failed; one left behind by a worker that was killed expires
    (setting REPORT_RENDER_TIMEOUT), after which the next download renders the file itself.
    """

    version = models.ForeignKey(
        "reviews.KpiSetVersion",
        on_delete=models.CASCADE,
        related_name="handbook_renderings",
        verbose_name=_("approved KPI set"),
    )
    language = models.CharField(_("language"), max_length=8)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    started_at = models.DateTimeField(_("started at"))

    class Meta:
        verbose_name = _("handbook rendering under way")
        verbose_name_plural = _("handbook renderings under way")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language", "fingerprint"],
                name="handbook_rendering_one_at_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.language}, {self.started_at:%H:%M:%S})"
