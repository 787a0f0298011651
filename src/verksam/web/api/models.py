"""API tokens: a secret that acts for one user in one organisation, never beyond the user's role.

Only a SHA-256 hash of the secret is stored; the secret is shown once, when the token is made.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verksam.web.organisations.models import Organisation
from verksam.web.organisations.permissions import NONE, VIEW
from verksam.web.organisations.principals import UserPrincipal

PREFIX = "vks_"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    read_only = models.BooleanField(_("read only"), default=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_start = models.CharField(
        max_length=12, editable=False
    )  # shown so users can tell tokens apart
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_start}…)"

    @classmethod
    def issue(
        cls, user: object, organisation: Organisation, name: str, read_only: bool = False
    ) -> tuple[ApiToken, str]:
        """A new token and its secret (the only time the secret is available)."""
        secret = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            organisation=organisation,
            name=name,
            read_only=read_only,
            key_hash=digest(secret),
            key_start=secret[:10],
        )
        return token, secret

    def permissions(self, organisation: Organisation) -> frozenset[str]:
        if organisation.pk != self.organisation_id or not self.user.is_active:
            return NONE
        granted = UserPrincipal(self.user).permissions(organisation)
        return granted & {VIEW} if self.read_only else granted

    def has_permission(self, organisation: Organisation, permission: str) -> bool:
        return permission in self.permissions(organisation)
