"""Community URLs: the library, notifications and comments for every signed-in user, and the
organisation-scoped pages below /o/<org>/community/ (resolved by OrganisationMiddleware)."""

from django.urls import path

from verksam.web.community import views

app_name = "community"

ORG = "o/<slug:org>/community/"

urlpatterns = [
    path("library/", views.library, name="library"),
    path("library/<int:published>/", views.library_detail, name="library_detail"),
    path("notes/<int:note>/", views.note_detail, name="note"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:notification>/", views.notification_open, name="notification"),
    path("notifications/settings/", views.preferences, name="preferences"),
    path("comments/<int:comment>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:comment>/delete/", views.comment_delete, name="comment_delete"),
    path(f"{ORG}cases/<slug:case>/comments/", views.case_comments, name="case_comments"),
    path(f"{ORG}cases/<slug:case>/publish/", views.publish, name="publish"),
    path(f"{ORG}cases/<slug:case>/notes/new/", views.note_create, name="note_create"),
    path(f"{ORG}notes/<int:note>/edit/", views.note_edit, name="note_edit"),
    path(f"{ORG}library/<int:published>/withdraw/", views.withdraw, name="withdraw"),
    path(f"{ORG}library/<int:published>/use/", views.use_template, name="use_template"),
]
