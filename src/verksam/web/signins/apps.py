"""The sign-in log: every sign-in and failed attempt (password, single sign-on, LTI), which an
organisation's owner reads for the organisation's members."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninsConfig(AppConfig):
    name = "verksam.web.signins"
    label = "signins"
    verbose_name = _("Sign-in log")

    def ready(self) -> None:
        from verksam.web.signins import log  # noqa: F401  (connects the signal receivers)
