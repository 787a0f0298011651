"""Admin for operators: API tokens (only the hash is stored, so they can only be revoked)."""

from django.contrib import admin
from django.http import HttpRequest

from verksam.web.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["name", "user", "organisation", "key_start", "read_only", "last_used_at"]
    readonly_fields = ["key_hash", "key_start", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
