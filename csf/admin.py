from django.contrib import admin

from .models import CriticalSuccessFactor


@admin.register(CriticalSuccessFactor)
class CriticalSuccessFactorAdmin(admin.ModelAdmin):
    list_display = ["title", "goal", "order"]
    list_filter = ["goal__strategy__organisation"]
    search_fields = ["title"]
    list_select_related = ["goal"]
    readonly_fields = ["version", "created_at", "updated_at"]
