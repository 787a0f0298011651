"""Course URLs, all below /courses/; course pages resolve the course with @course_view."""

from django.urls import path

from verksam.web.courses.views import course, enrolment, evaluation, progress, sessions

app_name = "courses"

C = "<int:course>/"
M = f"{C}modules/<int:module>/"
S = f"{C}sessions/<int:session>/"
P = f"{C}participants/<int:member>/"

urlpatterns = [
    path("", course.course_list, name="list"),
    path("new/", course.course_create, name="create"),
    path("join/", enrolment.course_join, name="join"),
    path("join/<str:code>/", enrolment.course_join_link, name="join_link"),
    path("feed/<str:token>.ics", sessions.course_ics_feed, name="ics_feed"),
    path(C, course.course_detail, name="detail"),
    path(f"{C}edit/", course.course_edit, name="edit"),
    path(f"{C}new-code/", course.course_new_code, name="new_code"),
    path(f"{C}attach/", enrolment.course_attach, name="attach"),
    path(f"{C}consent/", enrolment.course_consent, name="consent"),
    path(f"{C}leave/", enrolment.course_leave, name="leave"),
    path(
        f"{C}members/<int:member>/facilitator/", enrolment.make_facilitator, name="make_facilitator"
    ),
    path(f"{C}dashboard/", progress.dashboard, name="dashboard"),
    path(f"{C}calendar/", sessions.course_calendar, name="calendar"),
    path(f"{C}calendar.ics", sessions.course_ics, name="ics"),
    path(f"{C}evaluation/", evaluation.evaluation, name="evaluation"),
    path(f"{C}evaluation/summary/", evaluation.evaluation_summary, name="evaluation_summary"),
    path(f"{C}modules/new/", course.module_create, name="module_create"),
    path(M, course.module_detail, name="module"),
    path(f"{M}edit/", course.module_edit, name="module_edit"),
    path(f"{M}delete/", course.module_delete, name="module_delete"),
    path(f"{M}compare/", progress.module_compare, name="compare"),
    path(f"{M}links/", course.link_add, name="link_add"),
    path(f"{M}links/<int:link>/delete/", course.link_delete, name="link_delete"),
    path(f"{M}files/", course.file_add, name="file_add"),
    path(f"{M}files/<int:file>/", course.file_download, name="file"),
    path(f"{M}files/<int:file>/delete/", course.file_delete, name="file_delete"),
    path(f"{C}sessions/new/", sessions.session_create, name="session_create"),
    path(S, sessions.session_detail, name="session"),
    path(f"{S}edit/", sessions.session_edit, name="session_edit"),
    path(f"{S}delete/", sessions.session_delete, name="session_delete"),
    path(P, progress.participant_case, name="participant"),
    path(f"{P}views/<slug:view>/", progress.participant_view, name="participant_view"),
]
