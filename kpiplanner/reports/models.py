"""Rendered PDF handbooks, kept so that the next download of the same document is immediate.

A version never changes, but its handbook also shows live data (the measurements in the charts,
the organisation's and approver's names) and depends on the template, fonts and translations of
the release. `StoredHandbook.fingerprint` is a digest of all of that (see `store.py`); a stored file
is served only while its fingerprint still matches, so it can never show outdated data. One row
per version and language: a newer rendering replaces the older one.

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
