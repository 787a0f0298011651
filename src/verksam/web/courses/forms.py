"""Forms for courses, modules, reading material, sessions, joining and the evaluation."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from verksam.web.courses.models import (
    CASE_READERS,
    READERS_FACILITATORS,
    Course,
    EvaluationQuestion,
    Module,
    ReadingFile,
    ReadingLink,
    Session,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CourseForm(forms.ModelForm[Course]):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages the course is given in; the first is used for its questions."),
    )

    class Meta:
        model = Course
        fields = ["title", "description", "languages", "starts_on", "ends_on", "joining_open"]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The course cannot end before it starts."))
        return data


class ModuleForm(forms.ModelForm[Module]):
    class Meta:
        model = Module
        fields = ["title", "step", "instructions", "due_on", "position"]
        widgets = {"due_on": DATE, "instructions": forms.Textarea(attrs={"rows": 10})}
        help_texts = {
            "instructions": _("Markdown: **bold**, *italic*, lists, links, tables."),
            "step": _("The step decides which view of the case the module produces."),
        }


class ReadingLinkForm(forms.ModelForm[ReadingLink]):
    url = forms.URLField(label=_("Address"), max_length=1000, assume_scheme="https")

    class Meta:
        model = ReadingLink
        fields = ["title", "url"]


class ReadingFileForm(forms.ModelForm[ReadingFile]):
    class Meta:
        model = ReadingFile
        fields = ["title", "file"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.MAX_UPLOAD_BYTES
        if upload is not None and upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload


class SessionForm(forms.ModelForm[Session]):
    video_url = forms.URLField(
        label=_("Video meeting link"), max_length=1000, required=False, assume_scheme="https"
    )

    class Meta:
        model = Session
        fields = [
            "title",
            "kind",
            "format",
            "timing",
            "module",
            "description",
            "place",
            "video_url",
            "starts_at",
            "ends_at",
            "opens_on",
            "closes_on",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "opens_on": DATE,
            "closes_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, course: Course, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[Module], self.fields["module"]).queryset = course.modules.all()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("format") == Session.PHYSICAL and not data.get("place"):
            self.add_error("place", _("A physical meeting needs a place."))
        if data.get("format") == Session.VIRTUAL and not data.get("video_url"):
            self.add_error("video_url", _("A virtual meeting needs a video meeting link."))
        if data.get("timing") == Session.SYNC:
            if not data.get("starts_at"):
                self.add_error("starts_at", _("A synchronous session needs a start time."))
            elif data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
                self.add_error("ends_at", _("The session must end after it starts."))
        else:
            if not data.get("opens_on") or not data.get("closes_on"):
                self.add_error("opens_on", _("An asynchronous session needs an open period."))
            elif data["closes_on"] < data["opens_on"]:
                self.add_error("closes_on", _("The period cannot close before it opens."))
        return data


READERS_HELP = _(
    "This holds on every page of the course: the case, its views, comments and comparisons. "
    "Participants who let the course read their case see the others who do the same."
)


class JoinForm(forms.Form):
    code = forms.CharField(label=_("Invitation code"), max_length=20)


class AttachForm(forms.Form):
    case = forms.TypedChoiceField(label=_("Your case"), coerce=int)
    case_readers = forms.ChoiceField(
        label=_("Who may read your case"),
        choices=CASE_READERS,
        initial=READERS_FACILITATORS,
        widget=forms.RadioSelect,
        help_text=READERS_HELP,
        required=False,  # left out: the facilitators only
    )

    def __init__(self, *args: Any, choices: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["case"]).choices = choices


class ConsentForm(forms.Form):
    case_readers = forms.ChoiceField(
        label=_("Who may read your case"),
        choices=CASE_READERS,
        widget=forms.RadioSelect,
        help_text=READERS_HELP,
    )


class EvaluationForm(forms.Form):
    def __init__(self, *args: Any, questions: list[EvaluationQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scale = [(str(i), str(i)) for i in range(1, 6)]
        for question in questions:
            name = f"q{question.pk}"
            if question.kind == EvaluationQuestion.LIKERT:
                self.fields[name] = forms.ChoiceField(
                    label=question.text,
                    choices=scale,
                    widget=forms.RadioSelect,
                    required=False,
                    help_text=_("1 = do not agree at all, 5 = agree completely"),
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def answers(self) -> dict[int, Any]:
        return {int(k[1:]): v for k, v in self.cleaned_data.items()}


class QuestionForm(forms.ModelForm[EvaluationQuestion]):
    class Meta:
        model = EvaluationQuestion
        fields = ["text", "kind"]
