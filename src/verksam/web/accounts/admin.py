"""Admin for operators: invitations."""

from django.contrib import admin

from verksam.web.accounts.models import Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["organisation", "role", "email", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    readonly_fields = ["token", "accepted_by", "accepted_at"]
