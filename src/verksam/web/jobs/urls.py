"""Job URLs below /o/<org>/jobs/."""

from django.urls import path

from verksam.web.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("export-workspace/", views.export_workspace, name="export_workspace"),
    path("import-workspace/", views.import_workspace, name="import_workspace"),
    path("<uuid:job>/", views.job_detail, name="detail"),
    path("<uuid:job>/progress/", views.job_progress, name="progress"),
    path("<uuid:job>/download/", views.job_download, name="download"),
]
