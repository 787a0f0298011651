"""Platform registrations in Django's admin (Site administration › Learning platforms is the
everyday place); a key pair is made on first save, the private key kept encrypted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from jwcrypto.jwk import JWK

from verksam.web.lti.models import LtiContext, LtiUser, Platform


def new_key_pair() -> tuple[str, str]:
    """A fresh 2048-bit RSA key pair as (private PEM, public PEM)."""
    key = JWK.generate(kty="RSA", size=2048)
    private = key.export_to_pem(private_key=True, password=None).decode("ascii")
    public = key.export_to_pem().decode("ascii")
    return private, public


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin[Platform]):
    list_display = ["name", "issuer", "client_id", "created_at"]
    readonly_fields = ["tool_public_key"]

    def save_model(self, request: Any, obj: Platform, form: Any, change: bool) -> None:
        if not obj.tool_private_key:  # a new registration gets a fresh key pair
            obj.tool_private_key, obj.tool_public_key = new_key_pair()
        super().save_model(request, obj, form, change)


@admin.register(LtiContext)
class LtiContextAdmin(admin.ModelAdmin[LtiContext]):
    list_display = ["platform", "context_id", "title", "course"]


@admin.register(LtiUser)
class LtiUserAdmin(admin.ModelAdmin[LtiUser]):
    list_display = ["platform", "subject", "user"]
