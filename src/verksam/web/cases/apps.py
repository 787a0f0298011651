"""Cases: each stored as its current document plus an append-only revision history."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "verksam.web.cases"
    verbose_name = _("Cases")
