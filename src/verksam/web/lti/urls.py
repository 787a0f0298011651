"""LTI 1.3 tool URLs: register login, launch and jwks with the platform (see docs/courses.md)."""

from django.urls import path

from verksam.web.lti import links, views

app_name = "lti"

urlpatterns = [
    path("login/", views.oidc_login, name="login"),
    path("launch/", views.launch, name="launch"),
    path("jwks/", views.jwks, name="jwks"),
    path("courses/<int:course>/link-requests/<int:link>/", links.decide_link, name="decide_link"),
]
