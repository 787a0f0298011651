"""Site-administration URLs, all below /site/."""

from django.urls import path

from verksam.web.siteadmin import views

app_name = "siteadmin"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/<int:organisation>/", views.organisation_page, name="organisation"),
    path("platforms/", views.platforms, name="platforms"),
    path("platforms/<int:platform>/remove/", views.platform_remove, name="platform_remove"),
    path("audit/", views.audit, name="audit"),
]
