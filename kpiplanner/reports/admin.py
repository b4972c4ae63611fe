"""Admin: the stored handbooks, to see what is kept; deleting one makes the next download render."""

from django.contrib import admin
from django.db.models.functions import Length
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kpiplanner.accounts.admin import OrganisationScoped

from .models import StoredHandbook


@admin.register(StoredHandbook)
class StoredHandbookAdmin(OrganisationScoped, admin.ModelAdmin):
    organisation_path = "version__strategy__organisation"
    list_display = ["version", "language", "rendered_at", "render_ms", "size"]
    list_filter = ["language"]
    list_select_related = ["version__strategy"]
    fields = ["version", "language", "fingerprint", "rendered_at", "render_ms", "size"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf").annotate(pdf_bytes=Length("pdf"))

    @admin.display(description=_("size"), ordering="pdf_bytes")
    def size(self, obj):
        return filesizeformat(obj.pdf_bytes)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
