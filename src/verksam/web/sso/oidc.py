"""mozilla-django-oidc, configured per organisation: the provider is read from the database for
each sign-in instead of from settings. The library sends state, nonce and a PKCE S256 challenge
and checks them on return, exchanges the code, and verifies the ID token's signature against the
provider's JWKS; this module adds the checks it leaves out (issuer, audience, expiry present)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView
from requests import RequestException

from verksam.web.sso.discovery import TIMEOUT
from verksam.web.sso.models import IdentityProvider
from verksam.web.sso.services import Refused, sign_in_user

SESSION_KEY = "sso_provider"

# what every provider gets, whatever the project's settings say
FIXED = {
    "OIDC_AUTHENTICATION_CALLBACK_URL": "sso:callback",
    "OIDC_RP_SCOPES": "openid email profile",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_USE_NONCE": True,
    "OIDC_USE_PKCE": True,
    "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
    "OIDC_VERIFY_KID": True,
    "OIDC_ALLOW_UNSECURED_JWT": False,
    "OIDC_TIMEOUT": TIMEOUT,
    "OIDC_STORE_ACCESS_TOKEN": False,
    "OIDC_STORE_ID_TOKEN": False,
    "OIDC_TOKEN_USE_BASIC_AUTH": False,
    "OIDC_CREATE_USER": True,
    "LOGIN_REDIRECT_URL": settings.LOGIN_REDIRECT_URL,
}


def _setting(name: str, *default: Any) -> Any:
    return FIXED[name] if name in FIXED else import_from_settings(name, *default)


class OrganisationBackend(OIDCAuthenticationBackend):  # type: ignore[misc]  # mozilla-django-oidc ships no types
    """Signs in through the provider the sign-in started with (request.sso_provider); stays out of
    every other authentication (passwords, LTI)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()
        self.provider: IdentityProvider | None = None

    def get_settings(self, attr: str, *args: Any) -> Any:
        return _setting(attr, *args)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        provider = getattr(request, "sso_provider", None) if request is not None else None
        if provider is None:
            return None
        secret = provider.client_secret
        if secret is None:
            # the callback view reads why; Django's request has no such attribute
            request.sso_refusal = _(  # type: ignore[union-attr]
                "The sign-in with %(provider)s is not set up completely: its owner must enter the "
                "client secret again."
            ) % {"provider": provider.name}
            return None
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = provider.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = provider.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = provider.jwks_uri
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = secret
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except (SuspiciousOperation, RequestException) as exc:
            # the callback view reads why; Django's request has no such attribute
            request.sso_refusal = _(  # type: ignore[union-attr]
                "%(provider)s's answer could not be verified, so nobody was signed in (%(error)s)."
            ) % {"provider": provider.name, "error": exc.__class__.__name__}
            return None
        return user

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        assert self.provider is not None
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != self.provider.issuer:
            raise SuspiciousOperation("ID token from another issuer")
        if self.provider.client_id not in audiences:
            raise SuspiciousOperation("ID token for another audience")
        if len(audiences) > 1 and payload.get("azp") != self.provider.client_id:
            raise SuspiciousOperation("ID token for another authorised party")
        if "exp" not in payload:
            raise SuspiciousOperation("ID token without expiry")
        self.id_claims = payload
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User:
        assert self.provider is not None
        claims = dict(payload)
        if self.provider.userinfo_endpoint:
            info = self.get_userinfo(access_token, id_token, payload)
            if str(info.get("sub")) != str(payload.get("sub")):
                raise SuspiciousOperation("userinfo for another subject")
            claims.update(info)
        try:
            return sign_in_user(self.provider, claims)
        except Refused as exc:
            self.request.sso_refusal = str(exc)
            raise SuspiciousOperation("refused") from None


def _provider(pk: int) -> IdentityProvider:
    found = IdentityProvider.objects.select_related("organisation").filter(pk=pk).first()
    if found is None:
        raise Http404("No such identity provider")
    return found


class StartView(OIDCAuthenticationRequestView):  # type: ignore[misc]  # mozilla-django-oidc ships no types
    """Sends the browser to the provider's own sign-in page."""

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)

    def get_settings(self, attr: str, *args: Any) -> Any:
        return _setting(attr, *args)

    def get(self, request: HttpRequest, provider: int) -> HttpResponse:
        found = _provider(provider)
        self.OIDC_OP_AUTH_ENDPOINT = found.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = found.client_id
        request.session[SESSION_KEY] = found.pk
        response: HttpResponse = super().get(request)
        return response


class CallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]  # mozilla-django-oidc ships no types
    """The provider sends the browser back here with a code; sign in or say why not."""

    def get_settings(self, attr: str, *args: Any) -> Any:
        return _setting(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        pk = request.session.get(SESSION_KEY)
        provider = (
            IdentityProvider.objects.select_related("organisation").filter(pk=pk).first()
            if pk is not None
            else None
        )
        if provider is None:
            messages.error(request, _("The sign-in had expired. Start again."))
            return HttpResponseRedirect(reverse("accounts:login"))
        # for the backend (authenticate) and success_url; Django's request has no such attribute
        request.sso_provider = provider  # type: ignore[attr-defined]
        try:
            response: HttpResponse = super().get(request)
        except SuspiciousOperation:  # an unknown or replayed state
            response = self.login_failure()
        return response

    @property
    def success_url(self) -> str:
        next_url = self.request.session.get("oidc_login_next")
        if next_url:
            return str(next_url)
        provider: IdentityProvider = self.request.sso_provider
        return reverse("organisations:detail", kwargs={"org": provider.organisation.slug})

    def login_failure(self) -> HttpResponse:
        from verksam.web.signins.log import failed

        provider: IdentityProvider = self.request.sso_provider
        reason = getattr(self.request, "sso_refusal", None) or _(
            "The sign-in with %(provider)s did not succeed. Start again; if it fails again, "
            "ask your organisation's owner."
        ) % {"provider": provider.name}
        failed(self.request, "sso", reason=reason, organisation=provider.organisation)
        messages.error(self.request, reason)
        return HttpResponseRedirect(resolve_url("accounts:login"))
