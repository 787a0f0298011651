"""Comments, notifications, the case library and experience notes.

A *comment* is about a case (optionally one of its views or one element, by element id) or about a
course session. Comments made inside a course carry that course: the course's members and the
case's organisation see them; comments without a course are internal to the organisation.
The *case library* holds published snapshots of cases (optionally anonymised) that every signed-in
user of the installation may read and copy as a template. An *experience note* is a short
lessons-learned write-up attached to a case.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from verksam.web.cases.models import Case
from verksam.web.courses.models import Course, Session
from verksam.web.organisations.models import Organisation


class Comment(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="comments"
    )
    body = models.TextField(_("comment"), max_length=5000)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    view = models.CharField(max_length=30, blank=True)  # a cases.pages slug, or "" for the case
    element = models.CharField(max_length=100, blank=True)  # an element id, or ""
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(session__isnull=False),
                name="comment_has_a_subject",
            )
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Notification(models.Model):
    MENTION, REPLY, COMMENT = "mention", "reply", "comment"
    REVIEW, SUGGESTION = "review", "suggestion"  # from process approval (verksam.web.approval)
    KINDS = [
        (MENTION, _("mentioned you")),
        (REPLY, _("replied to you")),
        (COMMENT, _("commented")),
        (REVIEW, _("a review is due")),
        (SUGGESTION, _("suggested an improvement")),
    ]

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=KINDS)
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    # what a notification without a comment is about, by name (e.g. a process in a case)
    subject = models.CharField(max_length=300, blank=True, default="")
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.recipient}: {self.kind}"


class Preference(models.Model):
    """How a user wants to be notified: the language of their mail and whether to send mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_preference"
    )
    language = models.CharField(
        _("language of messages"), max_length=10, choices=settings.LANGUAGES
    )
    email = models.BooleanField(_("also send notifications by email"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"


class PublishedCase(models.Model):
    """A snapshot of a case in the library; `removed` lists what was anonymised away."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="published_cases"
    )
    source = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="publications"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(pgettext_lazy("library entry", "summary"), blank=True)
    document = models.JSONField()
    removed = models.JSONField(default=list)
    anonymous = models.BooleanField(_("hide the organisation's name"), default=False)
    country = models.CharField(max_length=2)
    categories = models.JSONField(default=list)
    tags = models.JSONField(default=list)
    search_text = models.TextField(blank=True)  # lower-case words for the library search
    facet_text = models.TextField(blank=True)  # "|category:x|tag:y|" for exact filters
    published_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("published case")
        verbose_name_plural = _("published cases")

    def __str__(self) -> str:
        return self.title


class TemplateUse(models.Model):
    """A case copied from the library: the link back to its origin."""

    published = models.ForeignKey(
        PublishedCase, on_delete=models.SET_NULL, null=True, related_name="uses"
    )
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="template_origin")
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.case} from {self.published}"


class ExperienceNote(models.Model):
    """Lessons learned on a case: what changed and what it gave, for future participants."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="experience_notes"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="experience_notes")
    course = models.ForeignKey(
        Course,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experience_notes",
        verbose_name=_("course"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    what_changed = models.TextField(_("what changed"))
    what_it_gave = models.TextField(_("what it gave"))
    advice = models.TextField(_("advice for others"), blank=True)
    published = models.BooleanField(_("published to everyone on this installation"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("experience note")
        verbose_name_plural = _("experience notes")

    def __str__(self) -> str:
        return self.title
