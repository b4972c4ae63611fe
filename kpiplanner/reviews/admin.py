"""Admin: approved versions are read-only; the recorded decisions (status changes) can be read
and deleted but not added or changed; comments are editable by staff."""

from django.contrib import admin

from kpiplanner.accounts.admin import OrganisationScoped

from .models import Comment, KpiSetVersion, KpiTransition


class RecordedByTheApp(OrganisationScoped, admin.ModelAdmin):
    """What the app records as it happens: staff never add or change one by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(KpiSetVersion)
class KpiSetVersionAdmin(RecordedByTheApp):
    """Read-only: an approved version never changes, not even by staff."""

    organisation_path = "strategy__organisation"
    list_display = ["strategy", "number", "approved_by", "approved_at"]
    list_filter = ["strategy__organisation"]
    list_select_related = ["strategy", "approved_by"]
    readonly_fields = ["strategy", "number", "snapshot", "approved_by", "approved_at"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(KpiTransition)
class KpiTransitionAdmin(RecordedByTheApp):
    organisation_path = "kpi__csf__goal__strategy__organisation"
    list_display = ["kpi", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]
    list_select_related = ["kpi", "by"]
    readonly_fields = ["kpi", "from_status", "to_status", "by", "at", "reason"]


@admin.register(Comment)
class CommentAdmin(OrganisationScoped, admin.ModelAdmin):
    organisation_path = "strategy__organisation"
    list_display = ["__str__", "strategy", "author", "author_role", "created_at"]
    list_select_related = ["strategy", "author"]
    raw_id_fields = ["goal", "csf", "kpi", "transition"]
    readonly_fields = ["strategy", "author", "author_role", "created_at"]
