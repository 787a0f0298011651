"""The workbench app: analysis, simulation, mining and benefits pages of a case."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    name = "verksam.web.workbench"
    label = "workbench"
    verbose_name = _("Workbench")

    def ready(self) -> None:
        from verksam.web.workbench import jobs  # noqa: F401  (registers the simulation and mining jobs)
