"""The mapping app: "Map a process" (the guided start) and the step table of a process variant."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    name = "verksam.web.mapping"
    label = "mapping"
    verbose_name = _("Process mapping")
