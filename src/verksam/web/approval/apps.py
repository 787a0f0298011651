from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalConfig(AppConfig):
    name = "verksam.web.approval"
    label = "approval"
    verbose_name = _("Process ownership and approval")
