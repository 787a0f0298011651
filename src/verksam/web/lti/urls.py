"""LTI 1.3 tool URLs: register login, launch and jwks with the platform (see docs/courses.md)."""

from django.urls import path

from verksam.web.lti import deeplink, links, panel, views

app_name = "lti"

urlpatterns = [
    path("login/", views.oidc_login, name="login"),
    path("launch/", views.launch, name="launch"),
    path("jwks/", views.jwks, name="jwks"),
    path("deep-link/", deeplink.deep_link, name="deep_link"),
    path("courses/<int:course>/roster/", panel.roster, name="roster"),
    path("courses/<int:course>/grades/", panel.send_grades, name="send_grades"),
    path("courses/<int:course>/link-requests/<int:link>/", links.decide_link, name="decide_link"),
]
