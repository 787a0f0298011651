"""Organisations, members, invitations, sign-in and passwords through the test client."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from verksam.web.accounts.models import Invitation
from verksam.web.organisations.models import Membership, Organisation
from verksam.web.organisations.principals import UserPrincipal

pytestmark = pytest.mark.django_db


def test_sign_in_and_out(home: Any) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "home-viewer", "password": "pw-secret-1"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert home.organisation.name in client.get(reverse("dashboard")).content.decode()
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("dashboard")).status_code == 302


def test_wrong_password_is_refused(home: Any) -> None:
    response = Client().post(
        reverse("accounts:login"), {"username": "home-viewer", "password": "nope"}
    )
    assert response.status_code == 200 and "_auth_user_id" not in Client().session


def test_the_sign_in_page_lists_demo_users_only_in_demo_mode(settings: Any, db: None) -> None:
    from verksam.web.demo import load_demo

    load_demo()
    assert "storuman-editor" not in Client().get(reverse("accounts:login")).content.decode()
    settings.VERKSAM_DEMO = True
    page = Client().get(reverse("accounts:login")).content.decode()
    for username in ("sorsele-owner", "bodo-editor", "storuman-viewer", "si-owner"):
        assert username in page


def test_password_change_and_reset_by_email(home: Any, client_for: Any) -> None:
    client = client_for(home.viewer)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "pw-secret-1",
            "new_password1": "a-Better-one-77",
            "new_password2": "a-Better-one-77",
        },
    )
    assert response.status_code == 302
    home.viewer.refresh_from_db()
    assert home.viewer.check_password("a-Better-one-77")
    Client().post(reverse("accounts:password_reset"), {"email": home.viewer.email})
    assert len(mail.outbox) == 1 and "/accounts/password/reset/" in mail.outbox[0].body
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    client = Client()
    form = client.get(link.split("testserver", 1)[1], follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Third-pass-99", "new_password2": "Third-pass-99"},
    )
    assert done.status_code == 302
    home.viewer.refresh_from_db()
    assert home.viewer.check_password("Third-pass-99")


def test_roles_grant_permissions_as_data(home: Any) -> None:
    org = home.organisation
    assert UserPrincipal(home.owner).permissions(org) == {"view", "edit", "manage"}
    assert UserPrincipal(home.editor).permissions(org) == {"view", "edit"}
    assert UserPrincipal(home.viewer).has_permission(org, "view")
    assert not UserPrincipal(home.viewer).has_permission(org, "edit")


def test_the_organisation_page_shows_members_and_management_only_to_owners(
    home: Any, client_for: Any
) -> None:
    url = reverse("organisations:detail", kwargs={"org": "home"})
    owner_page = client_for(home.owner).get(url).content.decode()
    viewer_page = client_for(home.viewer).get(url).content.decode()
    assert "home-editor" in owner_page and "home-editor" in viewer_page
    assert "Invite someone" in owner_page and "Invite someone" not in viewer_page


def test_invite_by_link_and_sign_up(home: Any, client_for: Any) -> None:
    client_for(home.owner).post(
        reverse("organisations:create_invitation", kwargs={"org": "home"}),
        {"role": "editor", "email": "new@example.org"},
    )
    invitation = Invitation.objects.get()
    assert len(mail.outbox) == 1 and invitation.token in mail.outbox[0].body
    link = reverse("accounts:invitation", kwargs={"token": invitation.token})
    newcomer = Client()
    assert "Home kommun" in newcomer.get(link).content.decode()
    response = newcomer.post(
        link,
        {
            "username": "newcomer",
            "email": "new@example.org",
            "password1": "Long-enough-42",
            "password2": "Long-enough-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newcomer")
    assert Membership.objects.get(user=user).role == "editor"
    assert newcomer.get(reverse("cases:list", kwargs={"org": "home"})).status_code == 200
    used_up = Client().get(link)
    assert used_up.status_code == 410
    assert "already been used" in used_up.content.decode()
    assert "Make the account" not in used_up.content.decode()


def test_an_existing_user_accepts_an_invitation(home: Any, other: Any, client_for: Any) -> None:
    invitation = Invitation.objects.create(
        organisation=home.organisation, role="viewer", created_by=home.owner
    )
    client = client_for(other.owner)
    client.post(reverse("accounts:invitation", kwargs={"token": invitation.token}))
    assert Membership.objects.get(user=other.owner, organisation=home.organisation).role == "viewer"


def test_owners_change_roles_remove_members_and_withdraw_invitations(
    home: Any, client_for: Any
) -> None:
    client = client_for(home.owner)
    viewer_membership = home.viewer.memberships.get()
    client.post(
        reverse(
            "organisations:change_role", kwargs={"org": "home", "member": viewer_membership.pk}
        ),
        {"role": "editor"},
    )
    viewer_membership.refresh_from_db()
    assert viewer_membership.role == "editor"
    client.post(
        reverse(
            "organisations:remove_member", kwargs={"org": "home", "member": viewer_membership.pk}
        )
    )
    assert not Membership.objects.filter(pk=viewer_membership.pk).exists()
    invitation = Invitation.objects.create(organisation=home.organisation, created_by=home.owner)
    client.post(
        reverse(
            "organisations:revoke_invitation", kwargs={"org": "home", "invitation": invitation.pk}
        )
    )
    assert not Invitation.objects.exists()


def test_the_last_owner_cannot_be_removed_or_demoted(home: Any, client_for: Any) -> None:
    client = client_for(home.owner)
    membership = home.owner.memberships.get()
    client.post(
        reverse("organisations:change_role", kwargs={"org": "home", "member": membership.pk}),
        {"role": "viewer"},
    )
    client.post(
        reverse("organisations:remove_member", kwargs={"org": "home", "member": membership.pk})
    )
    membership.refresh_from_db()
    assert membership.role == "owner"


def test_editors_cannot_manage_members(home: Any, client_for: Any) -> None:
    membership = home.viewer.memberships.get()
    response = client_for(home.editor).post(
        reverse("organisations:change_role", kwargs={"org": "home", "member": membership.pk}),
        {"role": "owner"},
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == "viewer"


def test_create_an_organisation_makes_the_creator_owner(home: Any, client_for: Any) -> None:
    client = client_for(home.viewer)
    response = client.post(
        reverse("organisations:create"),
        {"name": "Nya kommunen", "slug": "nya", "kind": "municipality", "country": "SE"},
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="nya")
    assert Membership.objects.get(organisation=organisation, user=home.viewer).role == "owner"
    reserved = client.post(
        reverse("organisations:create"),
        {"name": "X", "slug": "new", "kind": "agency", "country": "NO"},
    )
    assert reserved.status_code == 200 and not Organisation.objects.filter(slug="new").exists()
