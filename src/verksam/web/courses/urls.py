"""Course URLs, all below /courses/; course pages resolve the course with @course_view."""

from django.urls import path

from verksam.web.courses import views

app_name = "courses"

C = "<int:course>/"
M = f"{C}modules/<int:module>/"
S = f"{C}sessions/<int:session>/"
P = f"{C}participants/<int:member>/"

urlpatterns = [
    path("", views.course_list, name="list"),
    path("new/", views.course_create, name="create"),
    path("join/", views.course_join, name="join"),
    path("join/<str:code>/", views.course_join_link, name="join_link"),
    path("feed/<str:token>.ics", views.course_ics_feed, name="ics_feed"),
    path(C, views.course_detail, name="detail"),
    path(f"{C}edit/", views.course_edit, name="edit"),
    path(f"{C}new-code/", views.course_new_code, name="new_code"),
    path(f"{C}attach/", views.course_attach, name="attach"),
    path(f"{C}consent/", views.course_consent, name="consent"),
    path(f"{C}leave/", views.course_leave, name="leave"),
    path(f"{C}members/<int:member>/facilitator/", views.make_facilitator, name="make_facilitator"),
    path(f"{C}dashboard/", views.dashboard, name="dashboard"),
    path(f"{C}calendar/", views.course_calendar, name="calendar"),
    path(f"{C}calendar.ics", views.course_ics, name="ics"),
    path(f"{C}evaluation/", views.evaluation, name="evaluation"),
    path(f"{C}evaluation/summary/", views.evaluation_summary, name="evaluation_summary"),
    path(f"{C}modules/new/", views.module_create, name="module_create"),
    path(M, views.module_detail, name="module"),
    path(f"{M}edit/", views.module_edit, name="module_edit"),
    path(f"{M}delete/", views.module_delete, name="module_delete"),
    path(f"{M}compare/", views.module_compare, name="compare"),
    path(f"{M}links/", views.link_add, name="link_add"),
    path(f"{M}links/<int:link>/delete/", views.link_delete, name="link_delete"),
    path(f"{M}files/", views.file_add, name="file_add"),
    path(f"{M}files/<int:file>/", views.file_download, name="file"),
    path(f"{M}files/<int:file>/delete/", views.file_delete, name="file_delete"),
    path(f"{C}sessions/new/", views.session_create, name="session_create"),
    path(S, views.session_detail, name="session"),
    path(f"{S}edit/", views.session_edit, name="session_edit"),
    path(f"{S}delete/", views.session_delete, name="session_delete"),
    path(P, views.participant_case, name="participant"),
    path(f"{P}views/<slug:view>/", views.participant_view, name="participant_view"),
]
