"""Admin for operators: API tokens (only the hash is stored, so they can only be revoked)."""

from django.contrib import admin

from verksam.web.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "organisation", "key_start", "read_only", "last_used_at"]
    readonly_fields = ["key_hash", "key_start", "last_used_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
