"""Organisations (tenants) and their members."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "verksam.web.organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from verksam.web.organisations import checks  # noqa: F401  (registers the system checks)
