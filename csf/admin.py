from django.contrib import admin

from kpiplanner.accounts.admin import OrganisationScoped

from .models import CriticalSuccessFactor


@admin.register(CriticalSuccessFactor)
class CriticalSuccessFactorAdmin(OrganisationScoped, admin.ModelAdmin):
    organisation_path = "goal__strategy__organisation"
    list_display = ["title", "goal", "order"]
    list_filter = ["goal__strategy__organisation"]
    search_fields = ["title"]
    list_select_related = ["goal"]
    readonly_fields = ["version", "created_at", "updated_at"]
