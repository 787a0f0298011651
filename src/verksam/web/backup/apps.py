"""Backups of an organisation or the whole site, and restoring them."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupConfig(AppConfig):
    name = "verksam.web.backup"
    verbose_name = _("Backups")
