"""Site administration without Django's admin: organisations, owners, learning platforms,
identity providers and the audit trail of these actions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteAdminConfig(AppConfig):
    name = "verksam.web.siteadmin"
    label = "siteadmin"
    verbose_name = _("Site administration")
