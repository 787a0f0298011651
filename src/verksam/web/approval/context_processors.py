"""Reminders of due process reviews, made when their owner opens a page (before the notification
count of the navigation is taken), so no scheduler is needed for them."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest

from verksam.web.approval.services import remind_due_reviews


def due_reviews(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if isinstance(user, User):
        remind_due_reviews(user)
    return {}
