"""The "Sign in with …" buttons of the sign-in page, one per registered identity provider."""

from __future__ import annotations

from typing import Any

from django import template

from verksam.web.sso.models import IdentityProvider

register = template.Library()


@register.inclusion_tag("sso/_buttons.html")
def sso_buttons(next_url: str = "") -> dict[str, Any]:
    return {"providers": IdentityProvider.objects.order_by("name"), "next": next_url}
