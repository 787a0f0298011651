"""Single sign-on with OpenID Connect: each organisation may register its own identity provider."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "verksam.web.sso"
    label = "sso"
    verbose_name = _("Single sign-on")
