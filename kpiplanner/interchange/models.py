"""What the measurement import keeps between a file's preview and its confirmation."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MeasurementUpload(models.Model):
    """One uploaded sheet of KPI values: its checked lines, kept on the server so the
    confirmation imports exactly what the preview showed (the browser only sends this row's
    id, which is only found for the user and strategy that uploaded it). Every upload leaves a
    row, also a refused one, so the rows count the uploads a user made lately (the rate limit);
    rows older than a day are removed by the next upload."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    strategy = models.ForeignKey(
        "goals.Strategy", on_delete=models.CASCADE, related_name="+", verbose_name=_("strategy")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    # [[line, kpi id, "2027-03-01", "12.5", note], ...]; empty for a refused file.
    entries = models.JSONField(_("checked lines"), default=list, blank=True)
    skipped = models.PositiveIntegerField(default=0)
    digest = models.CharField(max_length=64, blank=True)  # Plan.digest() of the preview
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("measurement upload")
        verbose_name_plural = _("measurement uploads")
        indexes = [models.Index(fields=["user", "created_at"], name="upload_user_recent")]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"
