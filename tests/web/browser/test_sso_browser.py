"""Single sign-on in Chromium: a member of an organisation with its own identity provider signs in
on the provider's own login page (node-oidc-provider, a real OpenID Connect provider) and lands in
the organisation with the role the groups give; a user of another domain is refused, clearly."""

from __future__ import annotations

from typing import Any

import pytest
from oidc_provider import running_provider

from verksam.web.organisations.models import Membership, Organisation
from verksam.web.sso.discovery import discover
from verksam.web.sso.models import IdentityProvider

pytestmark = pytest.mark.browser


def test_sign_in_through_the_organisations_provider(
    live_server: Any, new_page: Any, axe: Any, shot: Any
) -> None:
    base = live_server.url
    with running_provider([f"{base}/sso/callback/"]) as idp:
        umea = Organisation.objects.create(slug="umea", name="Umeå kommun")
        provider = IdentityProvider(
            organisation=umea, name="Umeå AD", client_id=idp.client_id,
            allowed_domains=["umea.example"], owner_groups=["verksam-owners"],
            **discover(idp.issuer),
        )  # fmt: skip
        provider.client_secret = idp.client_secret
        provider.save()

        page = new_page(locale="sv-SE")
        page.goto(f"{base}/accounts/login/")
        assert not axe(page)
        # click 1: the organisation's button; the provider's own page opens
        page.get_by_role("link", name="Logga in med Umeå AD").click()
        page.wait_for_url(f"{idp.issuer}/interaction/**")
        page.get_by_label("Username").fill("anna")
        page.get_by_label("Password").fill("anna-pw")
        # click 2: sign in at the provider; back in Verksam, in the organisation
        page.get_by_role("button", name="Sign in at the provider").click()
        page.wait_for_url(f"{base}/o/umea/")
        assert page.get_by_role("heading", level=1).inner_text() == "Umeå kommun"
        row = page.get_by_role("row").filter(has_text="anna.berg@umea.example")
        assert "Ägare" in row.inner_text()
        assert Membership.objects.get(organisation=umea).role == "owner"
        shot(page, "sso/signed-in")

        other = new_page(locale="sv-SE")
        other.goto(f"{base}/accounts/login/")
        other.get_by_role("link", name="Logga in med Umeå AD").click()
        other.get_by_label("Username").fill("mallory")
        other.get_by_label("Password").fill("mallory-pw")
        other.get_by_role("button", name="Sign in at the provider").click()
        other.wait_for_url(f"{base}/accounts/login/")
        message = other.locator(".message.error").inner_text()
        assert "mallory@elsewhere.example tillhör inte Umeå kommun" in message
        assert not axe(other)
        shot(other, "sso/refused")
        assert Membership.objects.filter(organisation=umea).count() == 1
