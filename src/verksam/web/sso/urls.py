"""Single sign-on URLs: the sign-in round trip below /sso/, and the provider settings of an
organisation (for its owner) and of the site administrator."""

from django.urls import path

from verksam.web.sso import oidc, views

app_name = "sso"

urlpatterns = [
    path("sso/<int:provider>/start/", oidc.StartView.as_view(), name="start"),
    path("sso/callback/", oidc.CallbackView.as_view(), name="callback"),
    path("o/<slug:org>/sign-in/", views.owner_settings, name="settings"),
    path("o/<slug:org>/sign-in/remove/", views.owner_remove, name="remove"),
    path(
        "site/organisations/<int:organisation>/sign-in/", views.site_settings, name="site_settings"
    ),
    path(
        "site/organisations/<int:organisation>/sign-in/remove/",
        views.site_remove,
        name="site_remove",
    ),
]
