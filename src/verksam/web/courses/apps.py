"""Courses: facilitators, modules (method steps), sessions, enrolment, progress and evaluation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "verksam.web.courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from verksam.web.cases.access import register_read_grant
        from verksam.web.courses.access import course_may_read

        register_read_grant(course_may_read)
