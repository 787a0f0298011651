"""Indicator URLs, below /o/<org>/cases/<case>/ and resolved by OrganisationMiddleware."""

from django.urls import path

from verksam.web.indicators import fromlog, views

app_name = "indicators"

urlpatterns = [
    path("indicators/", views.dashboard, name="dashboard"),
    path("indicators/values/", views.add_value, name="add_value"),
    path("indicators/values/remove/", views.remove_value, name="remove_value"),
    path("indicators/upload/", views.upload, name="upload"),
    path("indicators/upload/save/", views.upload_save, name="upload_save"),
    path("indicators/from-log/<uuid:job>/", fromlog.from_log, name="from_log"),
]
