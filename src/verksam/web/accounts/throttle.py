"""Sign-in throttling (django-axes): after too many failed sign-ins for one account or from one
address, sign-in answers with a page saying when to try again; API tokens follow the same rule."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import ngettext


class ThrottledBackend(AxesStandaloneBackend):  # type: ignore[misc]  # axes ships no types
    """Refuses sign-in while the account or the address is locked out.

    `authenticate` without a request is not a sign-in over the web (management commands, the
    shell), so it is left to the next backend instead of failing as django-axes would.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        # axes ships no types (Any here); its backend answers None, it only refuses locked-out sign-ins
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[no-any-return]


def lockout_parameters(request: HttpRequest, credentials: dict[str, Any] | None) -> list[str]:
    """Failures count per account and, separately, per address; a failed API token has no
    account, so it counts for its address only (never for every token failure at once)."""
    if credentials and credentials.get("username"):
        return ["username", "ip_address"]
    return ["ip_address"]


def client_address(request: HttpRequest) -> str | None:
    """The client's address: the connection's, or behind VERKSAM_PROXY_COUNT trusted proxies the
    one they saw (an address a client writes into X-Forwarded-For itself is never trusted)."""
    proxies: int = settings.VERKSAM_PROXY_COUNT
    if proxies:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


def retry_at(request: HttpRequest) -> datetime:
    """When the lockout ends: every failure during a lockout starts the cool-off again."""
    cool_off = get_cool_off(request) or timedelta(0)
    return timezone.now() + cool_off


def lockout_message(request: HttpRequest) -> str:
    cool_off = get_cool_off(request) or timedelta(0)
    minutes = max(1, round(cool_off.total_seconds() / 60))
    at = time_format(timezone.localtime(retry_at(request)), "H:i")
    return ngettext(
        "Too many failed sign-ins for this account or from this address. "
        "Try again at %(time)s (in %(minutes)d minute).",
        "Too many failed sign-ins for this account or from this address. "
        "Try again at %(time)s (in %(minutes)d minutes).",
        minutes,
    ) % {"time": at, "minutes": minutes}


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The sign-in page again, with the lockout message instead of the usual error (HTTP 429);
    for the API, its JSON error with the same message."""
    if getattr(request, "verksam_api_token", False):
        return JsonResponse({"detail": lockout_message(request)}, status=429)
    form = AuthenticationForm(request)
    form.errors.clear()
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "locked_out": lockout_message(request),
            "next": request.POST.get("next", ""),
        },
        status=429,
    )


def token_allowed(request: HttpRequest) -> bool:
    """False while the request's address is locked out for failed sign-ins or tokens."""
    return bool(AxesProxyHandler.is_allowed(request, None))


def token_failed(request: HttpRequest) -> None:
    """Counts an unknown or revoked API token against the request's address."""
    request.verksam_api_token = True  # type: ignore[attr-defined]  # answer a lockout in JSON
    user_login_failed.send(sender=__name__, credentials={}, request=request)


__all__ = [
    "ThrottledBackend",
    "locked_out",
    "lockout_message",
    "lockout_parameters",
    "token_allowed",
    "token_failed",
]
