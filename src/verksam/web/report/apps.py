from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportConfig(AppConfig):
    name = "verksam.web.report"
    label = "report"
    verbose_name = _("Case reports")

    def ready(self) -> None:
        from verksam.web.report import jobs  # noqa: F401  (registers the PDF job)
