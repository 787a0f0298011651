"""Mapping URLs, below /o/<org>/ (resolved by OrganisationMiddleware)."""

from django.urls import path

from verksam.web.mapping import settings, start, views

app_name = "mapping"

urlpatterns = [
    path("map/", start.start, name="start"),
    path("cases/<slug:case>/settings/", settings.save_settings, name="settings"),
    path("cases/<slug:case>/steps/<str:process>/", views.steps_page, name="steps"),
    path("cases/<slug:case>/steps/<str:process>/edit/", views.edit, name="edit"),
]
