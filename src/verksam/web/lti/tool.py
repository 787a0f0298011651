"""pylti1p3 glue: the tool configuration read from Platform rows, and launch storage in the
database (see models.LaunchValue)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from pylti1p3.contrib.django.request import DjangoRequest
from pylti1p3.deployment import Deployment
from pylti1p3.launch_data_storage.base import LaunchDataStorage
from pylti1p3.registration import Registration
from pylti1p3.tool_config.abstract import ToolConfAbstract

from verksam.web.lti.models import LaunchValue, Platform


def platform_for(iss: str, client_id: str | None) -> Platform | None:
    """The registration for this issuer and client id; without a client id (it is optional in
    the login request) the issuer's only registration."""
    found = Platform.objects.filter(issuer=iss)
    if client_id:
        return found.filter(client_id=client_id).first()
    return found.first() if found.count() == 1 else None


def registration_of(platform: Platform) -> Registration:
    registration = Registration()
    registration.set_issuer(platform.issuer).set_client_id(platform.client_id)
    registration.set_auth_login_url(platform.auth_login_url)
    registration.set_auth_token_url(platform.auth_token_url)
    registration.set_key_set_url(platform.key_set_url or None)
    registration.set_key_set(platform.key_set or None)
    registration.set_tool_private_key(platform.tool_private_key)
    registration.set_tool_public_key(platform.tool_public_key)
    return registration


class PlatformToolConf(ToolConfAbstract[DjangoRequest]):
    """Every issuer may have several client ids (one per registration)."""

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss: str, *args: Any, **kwargs: Any) -> Registration:
        platform = platform_for(iss, None)
        # pylti1p3 declares a Registration but checks for None (an unknown platform is refused)
        return registration_of(platform) if platform else None  # type: ignore[return-value]

    def find_registration_by_params(
        self, iss: str, client_id: str, *args: Any, **kwargs: Any
    ) -> Registration:
        platform = platform_for(iss, client_id)
        return registration_of(platform) if platform else None  # type: ignore[return-value]  # as above

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        platform = platform_for(iss, None)
        return self._deployment(platform, deployment_id)

    def find_deployment_by_params(
        self, iss: str, deployment_id: str, client_id: str, *args: Any, **kwargs: Any
    ) -> Deployment | None:
        return self._deployment(platform_for(iss, client_id), deployment_id)

    @staticmethod
    def _deployment(platform: Platform | None, deployment_id: str) -> Deployment | None:
        if platform is None or deployment_id not in platform.deployment_ids:
            return None
        return Deployment().set_deployment_id(deployment_id)

    def public_jwks(self) -> dict[str, Any]:
        """Every registration's tool public key, for the platforms to check our signatures."""
        keys = []
        seen = set()
        for pem in Platform.objects.values_list("tool_public_key", flat=True):
            if pem and pem not in seen:
                seen.add(pem)
                keys.append(Registration.get_jwk(pem))
        return {"keys": keys}


class DatabaseLaunchStorage(LaunchDataStorage[Any]):
    """Launch state in the database, shared by every app server (no state lives in a process).

    Like pylti1p3's cache storage, keys are tied to a session-id cookie only over HTTPS, where the
    cookie can be SameSite=None; over plain HTTP (development, tests) browsers drop such cookies.
    """

    def get_session_cookie_name(self) -> str | None:
        assert self._request is not None
        if not self._request.is_secure():
            return None
        return super().get_session_cookie_name()

    def can_set_keys_expiration(self) -> bool:
        return True

    def _live(self, key: str) -> LaunchValue | None:
        row = LaunchValue.objects.filter(key=self._prepare_key(key)).first()
        if row is None or (row.expires_at is not None and row.expires_at < timezone.now()):
            return None
        return row

    def get_value(self, key: str) -> Any:
        row = self._live(key)
        return row.value if row else None

    def set_value(self, key: str, value: Any, exp: int | None = None) -> None:
        expires = timezone.now() + dt.timedelta(seconds=exp) if exp else None
        LaunchValue.objects.update_or_create(
            key=self._prepare_key(key), defaults={"value": value, "expires_at": expires}
        )

    def check_value(self, key: str) -> bool:
        return self._live(key) is not None

    def delete_value(self, key: str) -> None:
        LaunchValue.objects.filter(key=self._prepare_key(key)).delete()


def purge_expired() -> int:
    """Delete expired launch state; returns how many rows went."""
    deleted, _rows = LaunchValue.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted
