"""Django admin: a read-only inspection tool for superusers.

Every write in Sanad goes through a service that records an audit event; the Django admin would
write around them, so here it only lists and shows rows. Daily work and configuration happen in
Sanad's own pages (agencies, units, teams, users, roles, sites)."""

from django.contrib import admin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import TokenProxy

from sanad.core.models import Agency, AuditEvent, Job, Role, Team, TeamMembership, Unit, User


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lists and shows rows; adds, changes and deletes nothing."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_username", "action", "object_type", "object_repr", "is_sensitive_read")
    list_filter = ("is_sensitive_read", "channel")
    search_fields = ("actor_username", "action", "object_uuid", "object_repr")
    date_hierarchy = "at"

    def get_actions(self, request):
        return {}  # no "delete selected"


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ("label", "kind", "status", "progress", "total", "created_by", "created_at")
    list_filter = ("status", "kind")


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_en", "kind", "is_active")
    search_fields = ("code", "name_en", "name_ar")


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_en", "agency", "kind", "is_active")
    list_filter = ("agency", "kind")


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    raw_id_fields = ("user",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Team)
class TeamAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "agency", "unit", "is_active")
    list_filter = ("agency",)
    raw_id_fields = ("base_admin_unit", "base_site")
    inlines = [TeamMembershipInline]


@admin.register(Role)
class RoleAdmin(ReadOnlyAdmin):
    list_display = ("code", "requires_2fa")


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "first_name", "last_name", "agency", "is_active")
    list_filter = ("agency", "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    exclude = ("password",)
    filter_horizontal = ("units", "roles")


# Other apps' models that are written only through Sanad's services (tokens, 2FA devices) or not
# used at all (groups) leave the Django admin. Lockouts are lifted on Sanad's user page.
for model in (Group, TokenProxy, TOTPDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
