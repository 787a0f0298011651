"""The JSON API (django-ninja) with per-user, per-organisation tokens."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "verksam.web.api"
    verbose_name = _("API")
