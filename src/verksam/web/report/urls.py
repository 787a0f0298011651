"""Case report URLs, below /o/<org>/cases/<case>/ and resolved by OrganisationMiddleware."""

from django.urls import path

from verksam.web.report import views

app_name = "report"

urlpatterns = [
    path("report/", views.report, name="page"),
    path("report.pdf", views.report_pdf, name="pdf"),
]
