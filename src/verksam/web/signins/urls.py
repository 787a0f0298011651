"""The sign-in log below /o/<org>/sign-ins/."""

from django.urls import path

from verksam.web.signins import views

app_name = "signins"

urlpatterns = [path("", views.sign_in_log, name="log")]
