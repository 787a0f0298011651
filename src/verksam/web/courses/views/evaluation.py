"""The course evaluation: participants answer it, the facilitator adds questions and reads the
summary."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verksam.web.courses import services
from verksam.web.courses.access import (
    active_participants,
    course_view,
)
from verksam.web.courses.forms import (
    EvaluationForm,
    QuestionForm,
)
from verksam.web.courses.models import Course
from verksam.web.courses.views._common import _course_url
from verksam.web.requests import CourseRequest


# --- evaluation ----------------------------------------------------------------------------------
@course_view()
def evaluation(request: CourseRequest, course: int) -> HttpResponse:
    found: Course = request.course
    questions = list(found.questions.all())
    response = found.responses.filter(user=request.user).first()
    initial = {}
    if response is not None:
        for answer in response.answers.all():
            initial[f"q{answer.question_id}"] = (
                str(answer.score) if answer.score is not None else answer.text
            )
    form = EvaluationForm(request.POST or None, questions=questions, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_evaluation(found, request.user, form.answers())
        messages.success(request, _("Thank you for your answers."))
        return redirect(_course_url(found))
    return render(
        request,
        "courses/evaluation.html",
        {"course": found, "form": form, "answered": response is not None},
    )


@course_view(facilitator=True)
def evaluation_summary(request: CourseRequest, course: int) -> HttpResponse:
    found: Course = request.course
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        question = form.save(commit=False)
        question.course = found
        question.position = found.questions.count() + 1
        question.save()
        messages.success(request, _("The question was added."))
        return redirect(_course_url(found, "courses:evaluation_summary"))
    count, summaries = services.evaluation_summary(found)
    participants = active_participants(found).count()
    return render(
        request,
        "courses/evaluation_summary.html",
        {
            "course": found,
            "count": count,
            "participants": participants,
            "summaries": summaries,
            "form": form,
        },
    )
