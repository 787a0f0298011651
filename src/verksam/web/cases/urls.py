"""Case URLs, all below /o/<org>/cases/ and resolved by OrganisationMiddleware."""

from django.urls import path

from verksam.web.cases import views, workspace

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("import/", views.case_import, name="import"),
    path("trash/", views.case_trash, name="trash"),
    path("<slug:case>/", views.case_detail, name="detail"),
    path("<slug:case>/export/", views.case_export, name="export"),
    path("<slug:case>/diagram.svg", views.case_diagram, name="diagram"),
    path("<slug:case>/diagram.png", views.case_diagram, {"fmt": "png"}, name="diagram_png"),
    path("<slug:case>/rename/", views.case_rename, name="rename"),
    path("<slug:case>/edit/", views.case_edit, name="edit"),
    path("<slug:case>/delete/", views.case_delete, name="delete"),
    path("<slug:case>/restore/", views.case_untrash, name="untrash"),
    path("<slug:case>/history/", views.case_history, name="history"),
    path("<slug:case>/history/<int:number>/", views.case_revision, name="revision"),
    path(
        "<slug:case>/history/<int:number>/restore/",
        views.case_restore_revision,
        name="restore_revision",
    ),
    path("<slug:case>/diff/", views.case_diff, name="diff"),
    path("<slug:case>/views/<slug:view>/", views.case_view, name="view"),
    path("<slug:case>/views/<slug:view>/editor/", workspace.editor, name="editor"),
]
