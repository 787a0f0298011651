"""What a verified sign-in through an organisation's provider does: refuse addresses outside the
organisation's domains, find or create the account, and create the membership by the mapping."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from verksam.web.organisations.models import Membership
from verksam.web.sso.models import IdentityProvider, SsoIdentity


class Refused(Exception):
    """The provider vouched for the user, but Verksam does not let them in; says why."""


def _groups(claims: dict[str, Any], claim: str) -> list[str]:
    value = claims.get(claim) or []
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value]


def _free_username(email: str) -> str:
    base = email.lower()[:140]
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def _existing_account(provider: IdentityProvider, email: str) -> User | None:
    """A password account of this organisation with the same address is taken over — but only one
    that belongs to this organisation alone, so that a provider can never vouch its way into an
    account that reaches other organisations or administers the site."""
    for user in User.objects.filter(email__iexact=email, is_superuser=False):
        orgs = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
        if orgs == {provider.organisation_id} and not user.sso_identities.exists():
            return user
    return None


@transaction.atomic
def sign_in_user(provider: IdentityProvider, claims: dict[str, Any]) -> User:
    """The account for these verified claims. Raises Refused."""
    organisation = provider.organisation
    email = str(claims.get("email") or "").strip()
    if not email:
        raise Refused(
            _("%(provider)s did not tell Verksam your e-mail address; ask %(organisation)s's "
              "owner to let the provider share it.")
            % {"provider": provider.name, "organisation": organisation.name}
        )  # fmt: skip
    if claims.get("email_verified") is False:
        raise Refused(
            _("%(provider)s has not verified the address %(email)s.")
            % {"provider": provider.name, "email": email}
        )
    if not provider.domain_allowed(email):
        raise Refused(
            _("The address %(email)s does not belong to %(organisation)s (%(domains)s). Sign in "
              "with your own organisation's account, or ask your organisation's owner.")
            % {"email": email, "organisation": organisation.name,
               "domains": ", ".join(provider.allowed_domains)}
        )  # fmt: skip
    subject = str(claims["sub"])
    link = SsoIdentity.objects.filter(provider=provider, subject=subject).select_related("user")
    found = link.first()
    user = found.user if found else None
    membership = (
        Membership.objects.filter(organisation=organisation, user=user).first() if user else None
    )
    if membership is None:
        role = provider.role_for(_groups(claims, provider.groups_claim))
        if not role:
            raise Refused(
                _("Your account at %(provider)s gives no role in %(organisation)s. Ask the "
                  "organisation's owner for access.")
                % {"provider": provider.name, "organisation": organisation.name}
            )  # fmt: skip
        if user is None:
            user = _existing_account(provider, email)
        if user is None:
            user = User.objects.create_user(_free_username(email), email=email)
            user.set_unusable_password()
        Membership.objects.get_or_create(
            organisation=organisation, user=user, defaults={"role": role}
        )
    assert user is not None
    if found is None:
        SsoIdentity.objects.create(provider=provider, subject=subject, user=user)
    # names and address follow the provider, where the organisation keeps them up to date
    user.first_name = str(claims.get("given_name", user.first_name))[:150]
    user.last_name = str(claims.get("family_name", user.last_name))[:150]
    user.email = email[:254]
    user.save()
    return user


def password_refused_for(user: User) -> IdentityProvider | None:
    """The provider whose organisation has switched password sign-in off for this user, if any.
    Site administrators keep their password, so that nobody is locked out of the site."""
    if user.is_superuser:
        return None
    return (
        IdentityProvider.objects.filter(
            organisation__memberships__user=user, password_sign_in=False
        )
        .select_related("organisation")
        .first()
    )
