"""The organisation owner's view of the sign-in log: the members' sign-ins and failed attempts,
and every attempt through the organisation's own identity provider."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render

from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.models import Organisation
from verksam.web.organisations.permissions import MANAGE
from verksam.web.requests import OrganisationRequest
from verksam.web.signins.models import SignInEvent

SHOWN = 300


@organisation_view(MANAGE)
def sign_in_log(request: OrganisationRequest, org: str) -> HttpResponse:
    organisation: Organisation = request.organisation
    members = organisation.memberships.values("user_id")
    events = SignInEvent.objects.filter(
        Q(organisation=organisation) | Q(user_id__in=members)
    ).select_related("user")[:SHOWN]
    failures = sum(1 for event in events if not event.succeeded)
    return render(
        request,
        "signins/log.html",
        {"events": events, "shown": SHOWN, "failures": failures},
    )
