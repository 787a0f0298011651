"""The audit trail: who did what to the site's set-up (organisations, owners, learning platforms,
identity providers, site administrators), kept for as long as the site lives."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from verksam.web.organisations.models import Organisation

# action -> the sentence shown in the trail; %(name)s etc. come from `details`
ACTIONS: dict[str, Any] = {
    "site-admin-created": _("%(person)s was made a site administrator."),
    "organisation-created": _("The organisation %(organisation)s was created."),
    "owner-assigned": _("%(person)s was made an owner of %(organisation)s."),
    "owner-invited": _("An owner invitation to %(organisation)s was made."),
    "platform-registered": _("The learning platform %(platform)s was registered."),
    "platform-removed": _("The learning platform %(platform)s was removed."),
    "provider-registered": _(
        "The identity provider %(provider)s of %(organisation)s was registered."
    ),
    "provider-changed": _("The identity provider %(provider)s of %(organisation)s was changed."),
    "provider-removed": _("The identity provider %(provider)s of %(organisation)s was removed."),
}
ACTION_CHOICES = [(key, key) for key in ACTIONS]


class AuditEntry(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # kept as text too: the trail must still say who it was after the account is deleted
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40, choices=ACTION_CHOICES)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    details = models.JSONField(default=dict)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        """The action as a sentence in the current language."""
        template = ACTIONS.get(self.action)
        if template is None:
            return self.action
        values = {key: str(value) for key, value in self.details.items()}
        try:
            return gettext(str(template)) % values
        except (KeyError, ValueError):
            return str(template)
