"""Community of practice: comments, mentions, notifications, the case library, experience notes."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "verksam.web.community"
    verbose_name = _("Community")
