"""The organisation's indicators, below /o/<org>/ and resolved by OrganisationMiddleware."""

from django.urls import path

from verksam.web.indicators import views

app_name = "org_indicators"

urlpatterns = [
    path("indicators/", views.organisation_dashboard, name="dashboard"),
]
