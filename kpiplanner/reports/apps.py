from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kpiplanner.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        post_save.connect(
            _version_approved,
            sender=self.apps.get_model("reviews", "KpiSetVersion"),
            dispatch_uid="reports.prerender_handbook",
        )
        post_save.connect(
            _organisation_saved,
            sender=self.apps.get_model("accounts", "Organisation"),
            dispatch_uid="reports.rename_handbooks",
        )
        measurement = self.apps.get_model("indicators", "Measurement")
        for signal in (post_save, post_delete):
            signal.connect(
                _measurement_changed, sender=measurement, dispatch_uid="reports.refresh_handbook"
            )


def _version_approved(sender, instance, created, raw=False, **kwargs):
    """A newly approved set: have its handbook ready before anyone asks for it."""
    if created and not raw:
        from .store import prerender_after_commit

        prerender_after_commit(instance.pk)


def _measurement_changed(sender, instance, raw=False, **kwargs):
    """A measurement recorded, changed or deleted: the handbook's progress chart changes."""
    if not raw:
        from .store import refresh_after_commit

        refresh_after_commit(instance.kpi_id)


def _organisation_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """An organisation saved, perhaps renamed: every cover, header and footer names it."""
    if not created and not raw and (update_fields is None or "name" in update_fields):
        from .store import rename_after_commit

        rename_after_commit(instance.pk)
