"""Organisation URLs; everything below <org>/ is resolved by OrganisationMiddleware."""

from django.urls import path

from verksam.web.organisations import views

app_name = "organisations"

urlpatterns = [
    path("new/", views.create, name="create"),
    path("<slug:org>/", views.detail, name="detail"),
    path("<slug:org>/members/<int:member>/role/", views.change_role, name="change_role"),
    path("<slug:org>/members/<int:member>/remove/", views.remove_member, name="remove_member"),
    path("<slug:org>/invitations/", views.create_invitation, name="create_invitation"),
    path(
        "<slug:org>/invitations/<int:invitation>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
]
