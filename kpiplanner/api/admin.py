from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """For operators: see who has which token and revoke one (the secret is never stored)."""

    list_display = ["name", "prefix", "membership", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["membership__organisation"]
    search_fields = ["name", "prefix", "membership__user__username"]
    list_select_related = ["membership__user", "membership__organisation"]
    fields = ["membership", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["membership", "prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False  # made on the member's page or with manage.py api_token
