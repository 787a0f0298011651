"""Words, not paths: what users read names steps, roles and fields by name, in their language."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordsConfig(AppConfig):
    name = "verksam.web.words"
    label = "words"
    verbose_name = _("Wording")
