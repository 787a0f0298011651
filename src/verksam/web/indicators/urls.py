"""Indicator URLs, below /o/<org>/cases/<case>/ and resolved by OrganisationMiddleware."""

from django.urls import path

from verksam.web.indicators import views

app_name = "indicators"

urlpatterns = [
    path("indicators/", views.dashboard, name="dashboard"),
    path("indicators/values/", views.add_value, name="add_value"),
]
