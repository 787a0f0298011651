"""Background work of the community app: notification mails go out from the task worker, so a
slow mail server never slows down posting a comment."""

from __future__ import annotations

from django_tasks import task

from verksam.web.community.notifications import send_notification_email


@task()
def mail_notification(notification_id: int, base_url: str = "") -> None:
    """Mail one notification in its recipient's language (nothing if already mailed)."""
    send_notification_email(notification_id, base_url)
