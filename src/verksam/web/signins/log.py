"""Writing the sign-in log: Django's login signals for every successful sign-in and every failed
password, and `failed` for the refusals of single sign-on and LTI launches."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from verksam.web.organisations.models import Organisation
from verksam.web.signins.models import SignInEvent

# the view that signed the user in tells the way in; everything else is a password
METHOD_OF_VIEW = {"sso:callback": "sso", "lti:launch": "lti"}


def _method(request: HttpRequest | None) -> str:
    match = getattr(request, "resolver_match", None)
    return METHOD_OF_VIEW.get(match.view_name if match else "", "password")


def _address(request: HttpRequest | None) -> str | None:
    # REMOTE_ADDR only: a forwarded-for header is the client's word and proves nothing
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in)
def signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    provider = getattr(request, "sso_provider", None)
    SignInEvent.objects.create(
        user=user,
        username=user.get_username(),
        method=_method(request),
        succeeded=True,
        organisation=provider.organisation if provider is not None else None,
        address=_address(request),
    )


@receiver(user_login_failed)
def password_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:254]
    SignInEvent.objects.create(
        user=User.objects.filter(username=username).first(),
        username=username,
        method="password",
        succeeded=False,
        address=_address(request),
    )


def failed(
    request: HttpRequest,
    method: str,
    *,
    reason: str,
    username: str = "",
    user: User | None = None,
    organisation: Organisation | None = None,
) -> None:
    SignInEvent.objects.create(
        user=user,
        username=username[:254],
        method=method,
        succeeded=False,
        organisation=organisation,
        reason=reason[:500],
        address=_address(request),
    )
