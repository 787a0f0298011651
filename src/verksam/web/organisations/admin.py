"""Admin for operators: organisations and their members."""

from django.contrib import admin

from verksam.web.organisations.models import Membership, Organisation


class MembershipInline(admin.TabularInline[Membership, Organisation]):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "slug", "kind", "country", "created_at"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]
