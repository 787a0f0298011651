"""The owner's backup download below /o/<org>/backup/."""

from django.urls import path

from verksam.web.backup import views

app_name = "backup"

urlpatterns = [path("", views.download, name="download")]
