"""Secrets at rest (identity providers' client secrets, LTI tool private keys): Fernet
(AES-128-CBC + HMAC-SHA256) with a key derived from SECRET_KEY by HKDF, one key per purpose, so a
database dump alone does not reveal them. Changing SECRET_KEY makes stored secrets unreadable: an
identity provider's secret is then entered again, an LTI platform registered again."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _fernet(purpose: str) -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"verksam {purpose}".encode()
    ).derive(settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(secret: str, purpose: str) -> str:
    return _fernet(purpose).encrypt(secret.encode()).decode("ascii")


def decrypt(token: str, purpose: str) -> str | None:
    """The secret, or None when it was encrypted under another SECRET_KEY."""
    try:
        return _fernet(purpose).decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        return None
