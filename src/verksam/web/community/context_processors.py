"""Template context: the signed-in user's number of unread notifications (for the navigation)."""

from __future__ import annotations

from django.http import HttpRequest

from verksam.web.community.models import Notification


def notifications(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {
        "unread_notifications": Notification.objects.filter(
            recipient=user, read_at__isnull=True
        ).count()
    }
