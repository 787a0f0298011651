"""Notifications in their recipient's language: the line that says who did what where, and the
mail the task worker sends for it. Also the labels of what a comment is about (an element of a
case, a case, a session), which the notifications name.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from verksam.model import Case as CaseModel
from verksam.web.cases.models import Case
from verksam.web.community.models import Comment, Notification, Preference
from verksam.web.words.places import kind_words

logger = logging.getLogger(__name__)


def language_of(user: User) -> str:
    """The user's chosen language, else the language of their first organisation's country."""
    preference = Preference.objects.filter(user=user).first()
    if preference is not None:
        return preference.language
    membership = user.memberships.select_related("organisation").first()
    if membership is not None:
        return {"SE": "sv", "NO": "nb"}.get(membership.organisation.country, settings.LANGUAGE_CODE)
    return str(settings.LANGUAGE_CODE)


def wants_email(user: User) -> bool:
    preference = Preference.objects.filter(user=user).first()
    return bool(getattr(user, "email", "")) and (preference is None or preference.email)


def notification_text(notification: Notification) -> str:
    """One line in the current language: who did what where."""
    actor = notification.actor.get_username() if notification.actor else _("Someone")
    where = subject_label(notification.comment) if notification.comment else notification.subject
    texts = {
        Notification.MENTION: _("%(actor)s mentioned you in a comment on %(where)s"),
        Notification.REPLY: _("%(actor)s replied to your comment on %(where)s"),
        Notification.COMMENT: _("%(actor)s commented on %(where)s"),
        Notification.REVIEW: _("The process %(where)s is due for review"),
        Notification.SUGGESTION: _("%(actor)s suggested an improvement to the process %(where)s"),
    }
    return texts[notification.kind] % {"actor": actor, "where": where}


def element_choices(model: CaseModel) -> list[tuple[str, str]]:
    """Elements one can comment on, as (id, label): every case-level element (goals, benefits...)
    and every activity of every process variant."""
    out = [
        (element.id, f"{element.label} ({kind_words(kind.replace('_', ' '))})")
        for kind, element in model.elements()
    ]
    for process in model.processes:
        for variant in process.variants:
            for node in variant.nodes:
                if node.type == "task":
                    out.append((node.id, f"{node.label} ({process.label} / {variant.label})"))
    return out


def element_label(case: Case, element_id: str) -> str:
    try:
        model = CaseModel.model_validate(case.document)
    except ValueError:
        return element_id
    for found, label in element_choices(model):
        if found == element_id:
            return label.rsplit(" (", 1)[0]
    return element_id


def subject_label(comment: Comment) -> str:
    if comment.session is not None:
        return _("the session “%(title)s”") % {"title": comment.session.title}
    assert comment.case is not None
    if comment.element:
        return _("“%(element)s” in “%(case)s”") % {
            "element": element_label(comment.case, comment.element),
            "case": comment.case.name,
        }
    return f"“{comment.case.name}”"


def send_notification_email(notification_id: int, base_url: str = "") -> None:
    """Mail one notification in the recipient's language (through Django's email backend)."""
    notification = (
        Notification.objects.filter(pk=notification_id, emailed=False)
        .select_related("recipient", "actor", "comment")
        .first()
    )
    if notification is None:
        return
    recipient = notification.recipient
    with translation.override(language_of(recipient)):
        subject = notification_text(notification)
        body = render_to_string(
            "community/notification_email.txt",
            {
                "notification": notification,
                "text": subject,
                "excerpt": notification.comment.body[:500] if notification.comment else "",
                "url": (base_url or getattr(settings, "VERKSAM_BASE_URL", "")) + notification.url,
                "recipient": recipient,
            },
        )
    try:
        # a subject is one line: names typed by users may hold line breaks
        one_line = " ".join(subject.split())[:200]
        send_mail(one_line, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    except (OSError, smtplib.SMTPException):
        # the in-app notification stays; `emailed` stays False so the failure is visible
        logger.exception("notification %s could not be mailed", notification.pk)
        return
    Notification.objects.filter(pk=notification.pk).update(emailed=True)
