"""Platform registrations are managed by operators in the admin; a key pair is made on first save."""

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

    def get_changeform_initial_data(self, request: Any) -> dict[str, Any]:
        private, public = new_key_pair()
        return {"tool_private_key": private, "tool_public_key": public}

    def save_model(self, request: Any, obj: Platform, form: Any, change: bool) -> None:
        if not obj.tool_public_key and obj.tool_private_key:
            key = JWK.from_pem(obj.tool_private_key.encode("ascii"))
            obj.tool_public_key = key.export_to_pem().decode("ascii")
        super().save_model(request, obj, form, change)


@admin.register(LtiContext)
class LtiContextAdmin(admin.ModelAdmin[LtiContext]):
    list_display = ["platform", "context_id", "title", "course"]


@admin.register(LtiUser)
class LtiUserAdmin(admin.ModelAdmin[LtiUser]):
    list_display = ["platform", "subject", "user"]
