"""Bearer-token authentication for the API: `Authorization: Bearer vks_...`; unknown tokens count
as failed sign-ins of the address, which is locked out like the sign-in page."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from verksam.web.accounts.throttle import lockout_message, token_allowed, token_failed
from verksam.web.api.models import ApiToken, digest

LAST_USED_STEP = timedelta(minutes=1)


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
        now = timezone.now()
        # Said to the minute on the organisation page: written at most once a minute, so a script
        # sending edits does not add a database write to each one.
        if found.last_used_at is None or now - found.last_used_at >= LAST_USED_STEP:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found
