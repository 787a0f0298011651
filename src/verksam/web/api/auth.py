"""Bearer-token authentication for the API: `Authorization: Bearer vks_...`; unknown tokens count
as failed sign-ins of the address, which is locked out like the sign-in page."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from verksam.web.accounts.throttle import lockout_message, token_allowed, token_failed
from verksam.web.api.models import ApiToken, digest


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        if not token_allowed(request):
            raise HttpError(429, lockout_message(request))
        found = (
            ApiToken.objects.select_related("user", "organisation")
            .filter(key_hash=digest(token))
            .first()
        )
        if found is None or not found.user.is_active:
            token_failed(request)
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        return found
