"""Client secrets at rest: Fernet (AES-128-CBC + HMAC-SHA256) with a key derived from SECRET_KEY
by HKDF, so a database dump alone does not reveal them. Changing SECRET_KEY makes stored secrets
unreadable: the owner then enters the provider's secret again."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _fernet() -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"verksam sso client secret"
    ).derive(settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode("ascii")


def decrypt(token: str) -> str | None:
    """The secret, or None when it was encrypted under another SECRET_KEY."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        return None
