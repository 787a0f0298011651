"""Evaluation URLs, below /o/<org>/cases/<case>/ and resolved by OrganisationMiddleware."""

from django.urls import path

from verksam.web.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("evaluation/", views.page, name="page"),
    path("evaluation/start/", views.start, name="start"),
    path("evaluation/scores/", views.scores, name="scores"),
    path("evaluation/settings/", views.settings_view, name="settings"),
    path("evaluation/requirements.xlsx", views.requirements_xlsx, name="xlsx"),
    path("evaluation/<slug:kind>/new/", views.element, name="new"),
    path("evaluation/<slug:kind>/<str:ident>/", views.element, name="element"),
]
