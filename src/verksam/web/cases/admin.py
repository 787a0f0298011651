"""Admin for operators: cases are read-only here, since every change must be a revision."""

from django.contrib import admin
from django.http import HttpRequest

from verksam.web.cases.models import Case, Revision


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin[Case]):
    list_display = ["name", "organisation", "slug", "revision", "updated_at", "deleted_at"]
    list_filter = ["organisation"]
    search_fields = ["name", "slug"]

    def has_change_permission(self, request: HttpRequest, obj: Case | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin[Revision]):
    list_display = ["case", "number", "author", "created_at"]
    list_filter = ["case__organisation"]

    def has_change_permission(self, request: HttpRequest, obj: Revision | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Revision | None = None) -> bool:
        return False
