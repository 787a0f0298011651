"""Reading an identity provider's OpenID configuration (.well-known/openid-configuration)."""

from __future__ import annotations

from typing import Any

import requests
from django.utils.translation import gettext as _

TIMEOUT = 10  # seconds for every request to a provider


class DiscoveryError(Exception):
    pass


def discover(issuer: str) -> dict[str, str]:
    """The endpoints the sign-in needs. Raises DiscoveryError with a message for the user."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=TIMEOUT)
        response.raise_for_status()
        config: dict[str, Any] = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise DiscoveryError(
            _("The provider's OpenID configuration could not be read at %(url)s (%(error)s).")
            % {"url": url, "error": exc.__class__.__name__}
        ) from None
    if str(config.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise DiscoveryError(
            _("The provider calls itself %(found)s, not %(issuer)s: enter its exact issuer.")
            % {"found": config.get("issuer", "?"), "issuer": issuer}
        )
    missing = [
        key for key in ("authorization_endpoint", "token_endpoint", "jwks_uri") if key not in config
    ]
    if missing:
        raise DiscoveryError(
            _("The provider's OpenID configuration lacks %(keys)s.") % {"keys": ", ".join(missing)}
        )
    methods = config.get("code_challenge_methods_supported") or []
    if methods and "S256" not in methods:
        raise DiscoveryError(_("The provider does not support PKCE with S256."))
    return {
        "issuer": str(config["issuer"]),
        "authorization_endpoint": str(config["authorization_endpoint"]),
        "token_endpoint": str(config["token_endpoint"]),
        "userinfo_endpoint": str(config.get("userinfo_endpoint", "")),
        "jwks_uri": str(config["jwks_uri"]),
    }
