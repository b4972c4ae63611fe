from django.contrib import admin

from kpiplanner.accounts.admin import OrganisationScoped

from .models import Goal, Strategy


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = ["title", "perspective", "term", "parent", "order"]
    show_change_link = True


@admin.register(Strategy)
class StrategyAdmin(OrganisationScoped, admin.ModelAdmin):
    list_display = ["name", "organisation", "horizon_start_year", "horizon_end_year"]
    list_filter = ["organisation"]
    search_fields = ["name"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(OrganisationScoped, admin.ModelAdmin):
    organisation_path = "strategy__organisation"
    list_display = ["title", "strategy", "perspective", "term", "order"]
    list_filter = ["perspective", "term", "strategy__organisation"]
    search_fields = ["title"]
    list_select_related = ["strategy"]
    readonly_fields = ["version", "created_at", "updated_at"]
