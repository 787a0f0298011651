from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportConfig(AppConfig):
    name = "verksam.web.report"
    label = "report"
    verbose_name = _("Case reports")
