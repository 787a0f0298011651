"""Process approval URLs, below /o/<org>/ and resolved by OrganisationMiddleware."""

from django.urls import path

from verksam.web.approval import views

app_name = "approval"

_process = "cases/<slug:case>/processes/<str:process>/"
urlpatterns = [
    path("processes/", views.register, name="register"),
    path(_process + "approval/", views.process, name="process"),
    path(_process + "approval/owner/", views.owner, name="owner"),
    path(_process + "approval/decide/", views.decide, name="decide"),
    path(_process + "published/", views.published, name="published"),
    path(_process + "suggestions/", views.suggest, name="suggest"),
    path(_process + "suggestions/<int:suggestion>/resolve/", views.resolve, name="resolve"),
]
