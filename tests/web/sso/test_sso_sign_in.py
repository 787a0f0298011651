"""Single sign-on through a real OpenID Connect provider (node-oidc-provider, started per module):
registration with discovery, first and later sign-ins with the role the groups give, refusals
(another domain, replayed answer, wrong client secret), password sign-in switched off, and the
sign-in log an owner reads."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.contrib.auth import get_user
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from jwcrypto.jwk import JWK
from oidc_provider import RunningProvider, running_provider, sign_in_at_provider

from verksam.web.organisations.models import Membership, Organisation
from verksam.web.signins.models import SignInEvent
from verksam.web.siteadmin.models import AuditEntry
from verksam.web.sso.models import IdentityProvider, SsoIdentity

CALLBACK = "http://testserver/sso/callback/"


@pytest.fixture(scope="module")
def idp() -> Iterator[RunningProvider]:
    with running_provider([CALLBACK]) as running:
        yield running


@pytest.fixture
def umea(db: None) -> Organisation:
    return Organisation.objects.create(slug="umea", name="Umeå kommun")


def register(client: Client, org: str, idp: RunningProvider, **changes: Any) -> Any:
    form = {
        "name": "Umeå AD", "issuer": idp.issuer, "client_id": idp.client_id,
        "client_secret": idp.client_secret, "domains": "umea.example", "groups_claim": "groups",
        "owners": "verksam-owners", "editors": "", "default_role": "viewer",
        "password_sign_in": "on",
    } | changes  # fmt: skip
    return client.post(reverse("sso:settings", kwargs={"org": org}), form)


@pytest.fixture
def provider(umea: Organisation, idp: RunningProvider) -> IdentityProvider:
    owner = User.objects.create_user("umea-owner", "owner@umea.example", "pw-secret-1")
    Membership.objects.create(organisation=umea, user=owner, role="owner")
    client = Client()
    client.force_login(owner)
    response = register(client, "umea", idp)
    assert response.status_code == 302, response.content.decode()[:2000]
    return IdentityProvider.objects.get()


def sso_sign_in(client: Client, provider: IdentityProvider, username: str, password: str) -> Any:
    start = client.get(reverse("sso:start", kwargs={"provider": provider.pk}))
    assert start.status_code == 302
    back = sign_in_at_provider(start["Location"], username, password, CALLBACK)
    return client.get(back.removeprefix("http://testserver"))


def test_registration_reads_the_discovery_document_and_keeps_the_secret_encrypted(
    provider: IdentityProvider, idp: RunningProvider
) -> None:
    assert provider.token_endpoint == f"{idp.issuer}/token"
    assert provider.jwks_uri == f"{idp.issuer}/jwks"
    assert idp.client_secret not in provider.client_secret_encrypted
    assert provider.client_secret == idp.client_secret
    assert AuditEntry.objects.get().action == "provider-registered"


def test_the_authorisation_request_carries_state_nonce_and_a_pkce_challenge(
    provider: IdentityProvider,
) -> None:
    start = Client().get(reverse("sso:start", kwargs={"provider": provider.pk}))
    query = parse_qs(urlparse(start["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32
    assert query["redirect_uri"] == [CALLBACK]


def test_first_sign_in_creates_the_account_and_the_owner_membership(
    provider: IdentityProvider, umea: Organisation
) -> None:
    client = Client()
    response = sso_sign_in(client, provider, "anna", "anna-pw")
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:detail", kwargs={"org": "umea"})
    user = get_user(client)
    assert user.is_authenticated and user.get_full_name() == "Anna Berg"
    assert user.email == "anna.berg@umea.example" and not user.has_usable_password()
    assert Membership.objects.get(organisation=umea, user=user).role == "owner"
    event = SignInEvent.objects.get(succeeded=True, method="sso")
    assert (event.method, event.organisation, event.user) == ("sso", umea, user)
    # the second sign-in is the same account and the same membership
    again = Client()
    sso_sign_in(again, provider, "anna", "anna-pw")
    assert get_user(again).pk == user.pk
    assert SsoIdentity.objects.count() == 1 and Membership.objects.filter(user=user).count() == 1


def test_a_user_without_a_mapped_group_gets_the_default_role(
    provider: IdentityProvider, umea: Organisation
) -> None:
    client = Client()
    sso_sign_in(client, provider, "erik", "erik-pw")
    assert Membership.objects.get(organisation=umea, user=get_user(client)).role == "viewer"


def test_a_user_of_another_domain_is_refused_and_nothing_is_created(
    provider: IdentityProvider, umea: Organisation
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="sv")
    users_before = User.objects.count()
    response = sso_sign_in(client, provider, "mallory", "mallory-pw")
    assert response["Location"] == reverse("accounts:login")
    assert not get_user(client).is_authenticated
    assert User.objects.count() == users_before
    page = client.get(response["Location"]).content.decode()
    assert "mallory@elsewhere.example" in page and "tillhör inte Umeå kommun" in page
    event = SignInEvent.objects.get(method="sso")
    assert not event.succeeded and event.organisation == umea and event.method == "sso"


def test_a_replayed_answer_signs_nobody_in(provider: IdentityProvider) -> None:
    client = Client()
    start = client.get(reverse("sso:start", kwargs={"provider": provider.pk}))
    back = sign_in_at_provider(start["Location"], "anna", "anna-pw", CALLBACK)
    first = client.get(back.removeprefix("http://testserver"))
    assert first.status_code == 302 and get_user(client).is_authenticated
    other = Client()
    other.cookies = client.cookies
    other.post(reverse("accounts:logout"))
    replay = other.get(back.removeprefix("http://testserver"))
    assert replay["Location"] == reverse("accounts:login")
    assert not get_user(other).is_authenticated


def test_a_forged_state_is_refused(provider: IdentityProvider) -> None:
    client = Client()
    start = client.get(reverse("sso:start", kwargs={"provider": provider.pk}))
    back = sign_in_at_provider(start["Location"], "anna", "anna-pw", CALLBACK)
    forged = back.replace("state=", "state=x")
    response = client.get(forged.removeprefix("http://testserver"))
    assert response["Location"] == reverse("accounts:login")
    assert not get_user(client).is_authenticated


def test_a_wrong_client_secret_fails_at_the_token_endpoint(provider: IdentityProvider) -> None:
    provider.client_secret = "not-the-secret"
    provider.save()
    client = Client()
    response = sso_sign_in(client, provider, "anna", "anna-pw")
    assert response["Location"] == reverse("accounts:login")
    assert not get_user(client).is_authenticated
    assert not SsoIdentity.objects.exists()


def test_password_sign_in_can_be_switched_off_for_the_organisation(
    provider: IdentityProvider, umea: Organisation
) -> None:
    member = User.objects.create_user("umea-editor", "ed@umea.example", "pw-secret-1")
    Membership.objects.create(organisation=umea, user=member, role="editor")
    login = reverse("accounts:login")
    assert (
        Client().post(login, {"username": "umea-editor", "password": "pw-secret-1"}).status_code
        == 302
    )
    provider.password_sign_in = False
    provider.save()
    client = Client()
    response = client.post(
        login, {"username": "umea-editor", "password": "pw-secret-1"}, HTTP_ACCEPT_LANGUAGE="nb"
    )
    assert response.status_code == 200 and not get_user(client).is_authenticated
    page = response.content.decode()
    assert "Umeå kommun" in page and "Logg inn med Umeå AD" in page
    owner = Client()
    owner.force_login(User.objects.get(username="umea-owner"))
    log = owner.get(reverse("signins:log", kwargs={"org": "umea"})).content.decode()
    assert log.count("umea-editor") == 2  # the sign-in and the refusal


def test_an_unreadable_discovery_address_is_named_in_the_form(umea: Organisation) -> None:
    owner = User.objects.create_user("o", "o@umea.example", "pw-secret-1")
    Membership.objects.create(organisation=umea, user=owner, role="owner")
    client = Client()
    client.force_login(owner)
    response = register(client, "umea", RunningProvider("http://127.0.0.1:9"))
    assert response.status_code == 200
    assert "http://127.0.0.1:9/.well-known/openid-configuration" in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_an_id_token_not_signed_by_the_providers_key_is_refused(
    provider: IdentityProvider, idp: RunningProvider
) -> None:
    """The real provider signs; Verksam is pointed at a key set whose key has the same id but is
    another key, so the signature check against the JWKS must fail."""
    kid = requests.get(f"{idp.issuer}/jwks", timeout=10).json()["keys"][0]["kid"]
    impostor = json.loads(JWK.generate(kty="RSA", size=2048, kid=kid).export_public())
    body = json.dumps({"keys": [impostor | {"alg": "RS256", "use": "sig"}]}).encode()

    class KeySet(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), KeySet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        provider.jwks_uri = f"http://127.0.0.1:{server.server_address[1]}/jwks"
        provider.save()
        client = Client()
        response = sso_sign_in(client, provider, "anna", "anna-pw")
        assert response["Location"] == reverse("accounts:login")
        assert not get_user(client).is_authenticated
        assert not SsoIdentity.objects.exists()
        event = SignInEvent.objects.get(method="sso", succeeded=False)
        assert "could not be verified" in event.reason
    finally:
        server.shutdown()
        server.server_close()
