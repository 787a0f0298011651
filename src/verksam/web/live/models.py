"""The workshop state kept with a case: who leads it and which page they show, the timer, and the
parking lot of open questions. Reach them through a case already checked with cases.access."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verksam.web.cases.models import Case


class Workshop(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="workshop")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shown_path = models.CharField(max_length=500, blank=True)  # the page the leader shows
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    timer_minutes = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self) -> str:
        return str(self.case)


class ParkedQuestion(models.Model):
    """An open question put aside during a workshop, to be answered later."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parked_questions")
    text = models.CharField(_("question"), max_length=500)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["answered_at", "created_at", "pk"]
        verbose_name = _("parked question")
        verbose_name_plural = _("parked questions")

    def __str__(self) -> str:
        return self.text[:60]
