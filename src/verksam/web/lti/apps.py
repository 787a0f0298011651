"""LTI 1.3 tool provider: a learning platform (Moodle, Canvas...) launches Verksam courses."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LtiConfig(AppConfig):
    name = "verksam.web.lti"
    verbose_name = _("Learning platforms (LTI)")
