"""LTI 1.3 registrations: the platforms (Moodle sites...) that may launch Verksam, the users and
course contexts they bring, and short-lived launch state (nonces) kept in the database so that any
app server behind a load balancer can finish a launch another one started."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verksam.web.courses.models import Course
from verksam.web.secretbox import decrypt, encrypt

KEY_PURPOSE = "lti tool private key"


class Platform(models.Model):
    """One registration of Verksam as a tool on a platform (issuer + client id)."""

    name = models.CharField(_("name"), max_length=200)
    issuer = models.URLField(_("issuer"), max_length=500)
    client_id = models.CharField(_("client id"), max_length=200)
    auth_login_url = models.URLField(_("authentication request URL"), max_length=500)
    auth_token_url = models.URLField(_("access token URL"), max_length=500, blank=True)
    key_set_url = models.URLField(_("public keyset URL"), max_length=500, blank=True)
    key_set = models.JSONField(
        _("public keyset (JWKS)"),
        null=True,
        blank=True,
        help_text=_("The platform's public keys, when they are not fetched from the URL."),
    )
    deployment_ids = models.JSONField(_("deployment ids"), default=list)
    # the tool's private key, encrypted at rest (see the tool_private_key property)
    tool_private_key_encrypted = models.TextField(default="", editable=False)
    tool_public_key = models.TextField(_("tool public key (PEM)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "client_id"], name="one_registration")
        ]
        verbose_name = _("LTI platform")
        verbose_name_plural = _("LTI platforms")

    def __str__(self) -> str:
        return f"{self.name} ({self.issuer})"

    @property
    def tool_private_key(self) -> str:
        """The tool's private key (PEM); empty when it was encrypted under another SECRET_KEY."""
        if not self.tool_private_key_encrypted:
            return ""
        return decrypt(self.tool_private_key_encrypted, KEY_PURPOSE) or ""

    @tool_private_key.setter
    def tool_private_key(self, pem: str) -> None:
        self.tool_private_key_encrypted = encrypt(pem, KEY_PURPOSE) if pem else ""


class LtiUser(models.Model):
    """A platform's user (its `sub`) and the Verksam account they arrive as."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="users")
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_accounts"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform", "subject"], name="one_lti_user")]

    def __str__(self) -> str:
        return f"{self.platform.name}:{self.subject} → {self.user}"


class LtiContext(models.Model):
    """A platform course (platform + deployment + context id) and the Verksam course it opens.

    A Verksam course is bound to one context only: an instructor of any other context, even on
    the same platform, gets no rights in it (see views.launch and LinkRequest).
    """

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="contexts")
    # empty only for bindings made before deployments were recorded; the next launch fills it in
    deployment_id = models.CharField(max_length=255, blank=True, default="")
    context_id = models.CharField(max_length=255)
    title = models.CharField(max_length=300, blank=True)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lti_contexts")
    # the platform's service endpoints, as its latest launch announced them (LTI Advantage)
    ags_endpoint = models.JSONField(null=True, blank=True)
    nrps_endpoint = models.JSONField(null=True, blank=True)
    roster_synced_at = models.DateTimeField(null=True, blank=True)
    grades_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "deployment_id", "context_id"], name="one_lti_context"
            ),
            models.UniqueConstraint(fields=["course"], name="one_lti_context_per_course"),
        ]

    def __str__(self) -> str:
        return f"{self.platform.name}:{self.context_id} → {self.course}"


class LinkRequest(models.Model):
    """An instructor's request to link a platform course to an existing Verksam course (named by
    its invitation code). The code is known to every participant, so it grants nothing by itself:
    a facilitator of the course confirms or refuses the request."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="link_requests")
    deployment_id = models.CharField(max_length=255)
    context_id = models.CharField(max_length=255)
    title = models.CharField(max_length=300, blank=True)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lti_link_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_link_requests"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "deployment_id", "context_id", "course"],
                name="one_lti_link_request",
            )
        ]
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.platform.name}:{self.context_id} → {self.course}?"


class LaunchValue(models.Model):
    """pylti1p3's launch storage (nonces, state, launch data) with an expiry."""

    key = models.CharField(max_length=255, unique=True)
    value = models.JSONField(null=True)
    expires_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return self.key
