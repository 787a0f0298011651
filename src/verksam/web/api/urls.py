"""Token pages below an organisation (the API itself is mounted at /api/v1/ in verksam.web.urls)."""

from django.urls import path

from verksam.web.api import views

app_name = "tokens"

urlpatterns = [
    path("", views.create_token, name="create"),
    path("<int:token>/revoke/", views.revoke_token, name="revoke"),
]
