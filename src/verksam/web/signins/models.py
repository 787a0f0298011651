"""One sign-in or failed attempt."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verksam.web.organisations.models import Organisation

METHODS = [
    ("password", _("Password")),
    ("sso", _("Single sign-on")),
    ("lti", _("Learning platform")),
]


class SignInEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField(max_length=254, blank=True)  # as typed, for failed attempts
    method = models.CharField(max_length=10, choices=METHODS)
    succeeded = models.BooleanField()
    # set when the way in belongs to an organisation (its identity provider)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.method} {self.username} {self.succeeded}"
