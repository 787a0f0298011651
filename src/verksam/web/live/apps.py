"""Live workshops: WebSockets per case, revision broadcasts, presence and workshop mode."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "verksam.web.live"
    verbose_name = _("Live workshops")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from verksam.web.cases.models import Revision
        from verksam.web.live.broadcast import revision_saved

        post_save.connect(revision_saved, sender=Revision, dispatch_uid="live-revision-saved")
