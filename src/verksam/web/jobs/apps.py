"""Background jobs: long work run by the django-tasks database worker, with progress on the job row."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "verksam.web.jobs"
    verbose_name = _("Jobs")

    def ready(self) -> None:
        from verksam.web.jobs import kinds  # noqa: F401  (registers the built-in job kinds)
