"""An organisation's OpenID Connect identity provider, how its claims map to roles, and the link
between a provider's user (its `sub`) and a Verksam account."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verksam.web.organisations.models import Organisation
from verksam.web.organisations.permissions import EDITOR, OWNER, VIEWER
from verksam.web.secretbox import decrypt, encrypt

PURPOSE = "sso client secret"

DEFAULT_ROLES = [
    (VIEWER, _("Viewer")),
    (EDITOR, _("Editor")),
    ("", _("No access: refuse the sign-in")),
]


class IdentityProvider(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="identity_provider"
    )
    name = models.CharField(
        _("name on the sign-in button"),
        max_length=100,
        help_text=_('Shown as "Sign in with …", e.g. the organisation or the service name.'),
    )
    issuer = models.URLField(
        _("issuer"),
        max_length=500,
        help_text=_("The provider's address; its OpenID configuration is read from there."),
    )
    authorization_endpoint = models.URLField(max_length=500)
    token_endpoint = models.URLField(max_length=500)
    userinfo_endpoint = models.URLField(max_length=500, blank=True)
    jwks_uri = models.URLField(max_length=500)
    client_id = models.CharField(_("client id"), max_length=300)
    client_secret_encrypted = models.TextField()
    allowed_domains = models.JSONField(_("allowed e-mail domains"), default=list)
    groups_claim = models.CharField(
        _("claim with the user's groups"), max_length=100, default="groups"
    )
    owner_groups = models.JSONField(_("groups that make an owner"), default=list, blank=True)
    editor_groups = models.JSONField(_("groups that make an editor"), default=list, blank=True)
    default_role = models.CharField(
        _("role of everybody else"), max_length=10, choices=DEFAULT_ROLES, default=VIEWER,
        blank=True,
    )  # fmt: skip
    password_sign_in = models.BooleanField(
        _("members may also sign in with a password"), default=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return self.name

    @property
    def client_secret(self) -> str | None:
        return (
            decrypt(self.client_secret_encrypted, PURPOSE) if self.client_secret_encrypted else None
        )

    @client_secret.setter
    def client_secret(self, value: str) -> None:
        self.client_secret_encrypted = encrypt(value, PURPOSE)

    def domain_allowed(self, email: str) -> bool:
        domain = email.rsplit("@", 1)[-1].lower() if "@" in email else ""
        return bool(domain) and domain in {d.lower() for d in self.allowed_domains}

    def role_for(self, groups: list[str]) -> str:
        """The membership role the claims give: owner before editor before the default."""
        have = set(groups)
        if have & set(self.owner_groups):
            return OWNER
        if have & set(self.editor_groups):
            return EDITOR
        return self.default_role


class SsoIdentity(models.Model):
    provider = models.ForeignKey(
        IdentityProvider, on_delete=models.CASCADE, related_name="identities"
    )
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="one_sso_identity")
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject} → {self.user}"
