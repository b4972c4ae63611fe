from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kpiplanner.accounts.admin import OrganisationScoped

from .models import Kpi, KpiMilestone, KpiTemplate, Measurement, Reminder


class MilestoneInline(admin.TabularInline):
    model = KpiMilestone
    extra = 0


@admin.register(Kpi)
class KpiAdmin(OrganisationScoped, SimpleHistoryAdmin):
    organisation_path = "csf__goal__strategy__organisation"
    list_display = ["name", "csf", "status", "owner", "target_value", "target_date"]
    list_filter = ["status", "unit", "frequency", "csf__goal__strategy__organisation"]
    search_fields = ["name", "statement"]
    list_select_related = ["csf", "owner"]
    readonly_fields = ["version", "created_at", "updated_at"]
    autocomplete_fields = ["owner"]
    inlines = [MilestoneInline]


@admin.register(Measurement)
class MeasurementAdmin(OrganisationScoped, admin.ModelAdmin):
    organisation_path = "kpi__csf__goal__strategy__organisation"
    list_display = ["kpi", "period", "value", "entered_by"]
    list_select_related = ["kpi", "entered_by"]
    readonly_fields = ["version", "created_at", "updated_at"]


@admin.register(KpiTemplate)
class KpiTemplateAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "area", "unit", "direction", "frequency"]
    list_filter = ["area", "indicator_type", "customer_facing"]
    search_fields = ["name_nl", "name_en", "slug"]


@admin.register(Reminder)
class ReminderAdmin(OrganisationScoped, admin.ModelAdmin):
    """The reminders sent: to see who was told what, and to let one go out again (delete it)."""

    organisation_path = "kpi__csf__goal__strategy__organisation"
    list_display = ["kpi", "period", "kind", "sent_to", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["kpi", "sent_to"]
    readonly_fields = ["kpi", "period", "kind", "sent_to", "sent_at"]
