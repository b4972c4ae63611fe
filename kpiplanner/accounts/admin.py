"""Django's admin site is for the operators. A staff user who is not a superuser sees only the
organisations they are a member of, everywhere: lists, forms' choices, filters and searches
(`OrganisationScoped`, which every admin of an organisation's data uses)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import Invitation, MemberEvent, Membership, Organisation, Profile


def organisations_of(request) -> list[int]:
    memberships = getattr(request, "memberships", None)
    if memberships is None:
        return list(
            Membership.objects.filter(user=request.user).values_list("organisation", flat=True)
        )
    return list(memberships)


class OrganisationScoped:
    """Mixin for a ModelAdmin: `organisation_path` leads from the model to its organisation
    ("strategy__organisation"; "" for the organisation itself). Superusers see everything."""

    organisation_path = "organisation"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        lookup = f"{self.organisation_path}__in" if self.organisation_path else "pk__in"
        return queryset.filter(**{lookup: organisations_of(request)}).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A choice of strategy, organisation, owner…: only what the staff user may see.
        related = self.admin_site._registry.get(db_field.remote_field.model)
        if isinstance(related, OrganisationScoped) and "queryset" not in kwargs:
            kwargs["queryset"] = related.get_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_filter(self, request):
        # A filter on a related object lists only those in the (scoped) list, not all of them.
        return [
            (entry, admin.RelatedOnlyFieldListFilter)
            if isinstance(entry, str) and entry.split("__")[-1] in {"organisation", "strategy"}
            else entry
            for entry in super().get_list_filter(request)
        ]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScoped, admin.ModelAdmin):
    organisation_path = ""
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(OrganisationScoped, admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(OrganisationScoped, admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "invited_by", "created_at", "accepted_at"]
    list_filter = ["organisation"]
    list_select_related = ["organisation", "invited_by"]
    readonly_fields = ["accepted_at", "accepted_by", "created_at"]


@admin.register(MemberEvent)
class MemberEventAdmin(OrganisationScoped, admin.ModelAdmin):
    """Read-only: the log of member changes is what happened."""

    list_display = ["created_at", "organisation", "actor_name", "action", "subject_name"]
    list_filter = ["action", "organisation"]
    list_select_related = ["organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class ScopedUserAdmin(OrganisationScoped, UserAdmin):
    """People: a staff user who is not a superuser sees the members of their organisations."""

    organisation_path = "memberships__organisation"


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(user__memberships__organisation__in=organisations_of(request))
