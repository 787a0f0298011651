"""Site administration without Django's admin: `verksam admin create`, organisations with owners,
learning-platform registrations, and the audit trail of every such action."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from verksam.cli import app
from verksam.web.accounts.models import Invitation
from verksam.web.lti.models import Platform
from verksam.web.organisations.models import Membership, Organisation
from verksam.web.siteadmin.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    user = User.objects.create_user("root", "root@example.org", "pw-secret-1")
    user.is_superuser = user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


def test_the_command_makes_the_first_site_administrator_who_can_then_sign_in() -> None:
    result = CliRunner().invoke(
        app, ["admin", "create", "anna", "--email", "anna@kommun.se", "--password-stdin"],
        input="lång-och-säker-fras-42\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    anna = User.objects.get(username="anna")
    assert anna.is_superuser and anna.is_staff and anna.email == "anna@kommun.se"
    client = Client()
    assert client.login(username="anna", password="lång-och-säker-fras-42")
    assert client.get(reverse("siteadmin:home")).status_code == 200
    entry = AuditEntry.objects.get()
    assert entry.action == "site-admin-created" and entry.actor is None
    again = CliRunner().invoke(app, ["admin", "create", "anna"])
    assert again.exit_code == 0 and "already" in again.output
    assert AuditEntry.objects.count() == 1


def test_the_command_refuses_a_weak_password_and_creates_nobody() -> None:
    result = CliRunner().invoke(app, ["admin", "create", "bo", "--password-stdin"], input="123\n")
    assert result.exit_code == 1
    assert "refused" in result.output
    assert not User.objects.filter(username="bo").exists()


def test_the_command_promotes_an_existing_user(home) -> None:
    result = CliRunner().invoke(app, ["admin", "create", home.viewer.username])
    assert result.exit_code == 0, result.output
    home.viewer.refresh_from_db()
    assert home.viewer.is_superuser


def test_only_site_administrators_see_the_area(home, client_for) -> None:
    url = reverse("siteadmin:home")
    assert client_for(home.owner).get(url).status_code == 404
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_an_organisation_is_created_with_an_existing_user_as_owner(admin_client, home) -> None:
    response = admin_client.post(
        reverse("siteadmin:home"),
        {"name": "Umeå kommun", "slug": "umea", "kind": "municipality", "country": "SE",
         "owner": home.editor.email},
    )  # fmt: skip
    umea = Organisation.objects.get(slug="umea")
    assert response["Location"] == reverse(
        "siteadmin:organisation", kwargs={"organisation": umea.pk}
    )
    assert Membership.objects.get(organisation=umea).user == home.editor
    assert Membership.objects.get(organisation=umea).role == "owner"
    assert [e.action for e in AuditEntry.objects.order_by("pk")] == [
        "organisation-created", "owner-assigned",
    ]  # fmt: skip
    assert all(e.actor_name == "root" for e in AuditEntry.objects.all())
    listing = admin_client.get(
        reverse("siteadmin:home"), HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()
    assert "Umeå kommun" in listing and "lösenord" in listing  # no identity provider yet


def test_an_address_without_an_account_gets_an_owner_invitation(admin_client, home) -> None:
    url = reverse("siteadmin:organisation", kwargs={"organisation": home.organisation.pk})
    admin_client.post(url, {"owner": "ny.chef@home.example"})
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.email) == ("owner", "ny.chef@home.example")
    assert mail.outbox and mail.outbox[0].to == ["ny.chef@home.example"]
    response = admin_client.post(url, {"owner": "nobody-by-that-name"})
    assert response.status_code == 200
    assert "nobody-by-that-name" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_a_learning_platform_is_registered_with_a_fresh_tool_key(admin_client) -> None:
    response = admin_client.post(
        reverse("siteadmin:platforms"),
        {"name": "Moodle Umeå", "issuer": "https://moodle.umea.example", "client_id": "abc123",
         "auth_login_url": "https://moodle.umea.example/mod/lti/auth.php",
         "auth_token_url": "https://moodle.umea.example/mod/lti/token.php",
         "key_set_url": "https://moodle.umea.example/mod/lti/certs.php",
         "deployment_text": "3, 4"},
    )  # fmt: skip
    assert response.status_code == 302
    platform = Platform.objects.get()
    assert platform.deployment_ids == ["3", "4"]
    assert "PRIVATE KEY" in platform.tool_private_key  # readable through the model
    assert "PRIVATE KEY" not in platform.tool_private_key_encrypted  # encrypted at rest
    keys = Client().get(reverse("lti:jwks")).json()["keys"]
    assert len(keys) == 1
    admin_client.post(reverse("siteadmin:platform_remove", kwargs={"platform": platform.pk}))
    assert not Platform.objects.exists()
    trail = admin_client.get(reverse("siteadmin:audit"), HTTP_ACCEPT_LANGUAGE="sv").content
    assert "Lärplattformen Moodle Umeå registrerades." in trail.decode()
    assert "Lärplattformen Moodle Umeå togs bort." in trail.decode()
