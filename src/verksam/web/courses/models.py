"""A course runs the method chain on participants' own cases.

A *course* has facilitators (who teach and give feedback) and participants (who each bring one case
of their own organisation). Its syllabus is a list of *modules*, one method step each; *sessions* are
the meetings (physical or virtual, synchronous or asynchronous). Reach courses only through
verksam.web.courses.access, which checks membership once per request.
"""

from __future__ import annotations

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from verksam.web.cases.models import Case
from verksam.web.organisations.models import Organisation

FACILITATOR, PARTICIPANT = "facilitator", "participant"
# Who may read a participant's attached case besides their own organisation. The read grant
# (courses.access.course_may_read) and the comparison both follow it, so every page does.
READERS_COURSE, READERS_FACILITATORS, READERS_NOBODY = "course", "facilitators", "nobody"
CASE_READERS = [
    (READERS_COURSE, _("The facilitators and the other participants of the course")),
    (READERS_FACILITATORS, _("The facilitators only")),
    (READERS_NOBODY, _("Nobody outside my organisation")),
]
COURSE_ROLES = [
    (FACILITATOR, pgettext_lazy("course role", "Facilitator")),
    (PARTICIPANT, pgettext_lazy("course role", "Participant")),
]

# The method steps a module can teach, with the case view (cases.pages slug) each produces.
STEPS = [
    ("goals", _("Vision and goals"), "vision"),
    ("effect-map", _("Effect map"), "effect-map"),
    ("structure", _("Structure"), "structure"),
    ("as-is", _("As-is process"), "processes"),
    ("analysis", _("Process analysis"), "processes"),
    ("to-be", _("To-be process"), "processes"),
    ("behaviour", _("Behaviour"), "behaviour"),
    ("benefits", _("Benefits realisation"), "benefits"),
    ("service-declaration", _("Service declaration"), "services"),
]
STEP_CHOICES = [(key, label) for key, label, _view in STEPS]
STEP_VIEW = {key: view for key, _label, view in STEPS}


def new_code() -> str:
    """An invitation code that is easy to read out in a meeting: 8 characters, no 0/O or 1/I."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class Course(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    languages = models.JSONField(_("languages"), default=list)  # language codes, e.g. ["sv", "nb"]
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    code = models.CharField(_("invitation code"), max_length=12, unique=True, default=new_code)
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    joining_open = models.BooleanField(_("open for joining"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title

    @property
    def is_running(self) -> bool:
        return self.starts_on <= timezone.localdate() <= self.ends_on


class CourseMember(models.Model):
    """A facilitator or a participant; a participant attaches one case of their organisation.

    The course may read the attached case while `left_at` is empty (see courses.access).
    """

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=COURSE_ROLES, default=PARTICIPANT)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="course_members",
        verbose_name=_("organisation"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="course_members",
        verbose_name=_("case"),
    )
    case_readers = models.CharField(
        _("who may read my case"),
        max_length=12,
        choices=CASE_READERS,
        default=READERS_FACILITATORS,
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="one_course_membership")
        ]
        ordering = ["role", "organisation__name", "user__username"]
        verbose_name = _("course member")
        verbose_name_plural = _("course members")

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.course}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None

    @property
    def display_name(self) -> str:
        full = self.user.get_full_name()
        return full or self.user.get_username()


class Module(models.Model):
    """One method step of the syllabus and the case view it produces."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=200)
    step = models.CharField(_("method step"), max_length=30, choices=STEP_CHOICES)
    instructions = models.TextField(_("instructions (Markdown)"), blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.title

    @property
    def view(self) -> str:
        """The case view (a cases.pages slug) this module produces."""
        return STEP_VIEW[self.step]


class ReadingLink(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"), max_length=1000)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("reading link")
        verbose_name_plural = _("reading links")

    def __str__(self) -> str:
        return self.title


def material_path(instance: ReadingFile, filename: str) -> str:
    # a random folder per file, so two uploads with the same name never overwrite each other
    name = PurePosixPath(filename).name or "file"
    return f"courses/{instance.module.course_id}/{secrets.token_hex(8)}/{name}"


class ReadingFile(models.Model):
    """An uploaded file, served only to the course's members (never from a public media URL)."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=material_path, max_length=300)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("reading file")
        verbose_name_plural = _("reading files")

    def __str__(self) -> str:
        return self.title

    @property
    def filename(self) -> str:
        return PurePosixPath(self.file.name or "").name


class Session(models.Model):
    """A meeting of the course: a synchronous workshop/seminar at a time, or an asynchronous
    workshop open between two dates where participants post work and comment on each other's."""

    WORKSHOP, SEMINAR, MEETING = "workshop", "seminar", "meeting"
    KINDS = [
        (WORKSHOP, pgettext_lazy("session kind", "Workshop")),
        (SEMINAR, pgettext_lazy("session kind", "Seminar")),
        (MEETING, pgettext_lazy("session kind", "Meeting")),
    ]
    PHYSICAL, VIRTUAL = "physical", "virtual"
    FORMATS = [(PHYSICAL, _("Physical meeting")), (VIRTUAL, _("Virtual meeting"))]
    SYNC, ASYNC = "sync", "async"
    TIMINGS = [(SYNC, _("Synchronous (at a set time)")), (ASYNC, _("Asynchronous (open period)"))]

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    module = models.ForeignKey(
        Module,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("module"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS, default=WORKSHOP)
    format = models.CharField(_("format"), max_length=10, choices=FORMATS, default=PHYSICAL)
    timing = models.CharField(_("timing"), max_length=10, choices=TIMINGS, default=SYNC)
    description = models.TextField(_("description (Markdown)"), blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video meeting link"), max_length=1000, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "opens_on", "pk"]
        verbose_name = pgettext_lazy("course meeting", "session")
        verbose_name_plural = pgettext_lazy("course meetings", "sessions")

    def __str__(self) -> str:
        return self.title

    @property
    def is_async(self) -> bool:
        return self.timing == self.ASYNC

    @property
    def is_open(self) -> bool:
        """Whether participants can post now (asynchronous sessions only have a period)."""
        if not self.is_async or self.opens_on is None or self.closes_on is None:
            return True
        return self.opens_on <= timezone.localdate() <= self.closes_on

    @property
    def first_day(self) -> object:
        if self.is_async:
            return self.opens_on
        return timezone.localtime(self.starts_at).date() if self.starts_at else None


class EvaluationQuestion(models.Model):
    LIKERT, TEXT = "likert", "text"
    KINDS = [(LIKERT, _("Scale 1–5")), (TEXT, _("Free text"))]

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=1)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS, default=LIKERT)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("evaluation question")
        verbose_name_plural = _("evaluation questions")

    def __str__(self) -> str:
        return self.text


class EvaluationResponse(models.Model):
    """One member's answers; the summary never shows who answered what."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="one_evaluation_per_member")
        ]
        verbose_name = _("evaluation response")
        verbose_name_plural = _("evaluation responses")

    def __str__(self) -> str:
        return f"{self.course} evaluation by {self.user}"


class EvaluationAnswer(models.Model):
    response = models.ForeignKey(
        EvaluationResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        EvaluationQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.score or self.text[:40]}"
