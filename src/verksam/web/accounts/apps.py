"""Accounts: sign in and out, passwords, and invitations to an organisation by link."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "verksam.web.accounts"
    verbose_name = _("Accounts")
