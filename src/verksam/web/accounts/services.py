"""Invitation logic shared by the organisation page (creating) and the invitation link (accepting)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.web.accounts.models import Invitation
from verksam.web.organisations.models import Membership, Organisation
from verksam.web.requests import SignedInRequest


def invite(
    request: SignedInRequest, organisation: Organisation, role: str, email: str = ""
) -> Invitation:
    """Create an invitation; when an address is given, mail the link (in the inviter's language)."""
    invitation = Invitation.objects.create(
        organisation=organisation, role=role, email=email, created_by=request.user
    )
    if email:
        link = request.build_absolute_uri(invitation_path(invitation))
        context = {"invitation": invitation, "link": link, "inviter": request.user}
        send_mail(
            _("Invitation to %(organisation)s in Verksam") % {"organisation": organisation.name},
            render_to_string("accounts/invitation_email.txt", context, request=request),
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )
    return invitation


def invitation_path(invitation: Invitation) -> str:
    return reverse("accounts:invitation", kwargs={"token": invitation.token})


class InvitationClosed(Exception):
    """The invitation was used by someone else (perhaps a moment ago) or has expired."""


@transaction.atomic
def accept(invitation: Invitation, user: User) -> tuple[Membership, bool]:
    """Make the user a member with the invited role; an existing membership is kept as it is.

    Returns the membership and whether it was created. Raises InvitationClosed when the invitation
    is no longer open: it is taken by one conditional UPDATE, so of simultaneous acceptances
    exactly one wins, on SQLite and PostgreSQL alike.
    """
    now = timezone.now()
    taken = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, expires_at__gt=now
    ).update(accepted_by=user, accepted_at=now)
    if not taken:
        raise InvitationClosed(invitation.pk)
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    return membership, created
