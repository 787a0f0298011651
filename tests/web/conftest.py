"""Fixtures for the web tests: two organisations with a user per role, a case, clients, tokens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from verksam.model.commands import starter_case
from verksam.web.api.models import ApiToken
from verksam.web.cases.models import Case
from verksam.web.cases.services import create_case
from verksam.web.organisations.models import Membership, Organisation


@pytest.fixture(autouse=True)
def fast_passwords(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = "/tmp/verksam-test-media"


@dataclass
class Tenant:
    organisation: Organisation
    owner: User
    editor: User
    viewer: User
    case: Case

    def user(self, role: str) -> User:
        return {"owner": self.owner, "editor": self.editor, "viewer": self.viewer}[role]


def make_tenant(slug: str, name: str, country: str = "SE") -> Tenant:
    organisation = Organisation.objects.create(slug=slug, name=name, country=country)
    users = {}
    for role in ("owner", "editor", "viewer"):
        user = User.objects.create_user(
            f"{slug}-{role}", f"{slug}-{role}@example.org", "pw-secret-1"
        )
        Membership.objects.create(organisation=organisation, user=user, role=role)
        users[role] = user
    case = create_case(
        organisation, users["owner"], starter_case(f"{name} intake", country), how="starter"
    )
    return Tenant(organisation, users["owner"], users["editor"], users["viewer"], case)


@pytest.fixture
def home(db: None) -> Tenant:
    return make_tenant("home", "Home kommun")


@pytest.fixture
def other(db: None) -> Tenant:
    return make_tenant("other", "Other kommune", "NO")


@pytest.fixture
def client_for() -> Callable[[User | None], Client]:
    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def token_for() -> Callable[..., str]:
    def make(user: User, organisation: Organisation, read_only: bool = False) -> str:
        _token, secret = ApiToken.issue(user, organisation, "test", read_only)
        return secret

    return make
