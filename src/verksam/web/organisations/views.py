"""The dashboard, organisation pages, members and invitations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.web.accounts.models import Invitation
from verksam.web.accounts.services import invitation_path, invite
from verksam.web.cases.access import cases_of
from verksam.web.organisations.forms import InvitationForm, OrganisationForm, RoleForm
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.models import Membership
from verksam.web.organisations.permissions import MANAGE, OWNER, VIEW
from verksam.web.requests import OrganisationRequest, SignedInRequest


@login_required
def dashboard(request: SignedInRequest) -> HttpResponse:
    memberships = list(request.user.memberships.select_related("organisation"))
    rows = [(m, cases_of(m.organisation).order_by("-updated_at")[:5]) for m in memberships]
    return render(request, "organisations/dashboard.html", {"rows": rows})


@login_required
def create(request: SignedInRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organisation = form.save()
            Membership.objects.create(organisation=organisation, user=request.user, role=OWNER)
        messages.success(request, _("The organisation was created; you are its owner."))
        return redirect("organisations:detail", org=organisation.slug)
    return render(request, "organisations/create.html", {"form": form})


@organisation_view(VIEW)
def detail(request: OrganisationRequest, org: str) -> HttpResponse:
    organisation = request.organisation
    context = {
        "memberships": organisation.memberships.select_related("user"),
        "invitations": [
            i for i in organisation.invitations.select_related("created_by") if i.is_open
        ],
        "invitation_form": InvitationForm(),
        "role_form": RoleForm(),
        "tokens": request.user.api_tokens.filter(organisation=organisation),
        "new_token": request.session.pop("new_token", None),
        "cases": cases_of(organisation).order_by("-updated_at")[:10],
    }
    return render(request, "organisations/detail.html", context)


@organisation_view(MANAGE)
@require_POST
def change_role(request: OrganisationRequest, org: str, member: int) -> HttpResponse:
    membership = _membership(request, member)
    form = RoleForm(request.POST)
    if form.is_valid():
        if (
            membership.role == OWNER
            and form.cleaned_data["role"] != OWNER
            and _last_owner(membership)
        ):
            messages.error(request, _("An organisation needs at least one owner."))
        else:
            membership.role = form.cleaned_data["role"]
            membership.save(update_fields=["role"])
            messages.success(
                request, _("The role of %(user)s was changed.") % {"user": membership.user}
            )
    return redirect("organisations:detail", org=org)


@organisation_view(MANAGE)
@require_POST
def remove_member(request: OrganisationRequest, org: str, member: int) -> HttpResponse:
    membership = _membership(request, member)
    if membership.role == OWNER and _last_owner(membership):
        messages.error(request, _("An organisation needs at least one owner."))
    else:
        membership.delete()
        messages.success(request, _("%(user)s is no longer a member.") % {"user": membership.user})
    return redirect("organisations:detail", org=org)


@organisation_view(MANAGE)
@require_POST
def create_invitation(request: OrganisationRequest, org: str) -> HttpResponse:
    form = InvitationForm(request.POST)
    if form.is_valid():
        invitation = invite(
            request, request.organisation, form.cleaned_data["role"], form.cleaned_data["email"]
        )
        link = request.build_absolute_uri(invitation_path(invitation))
        messages.success(request, _("Invitation link: %(link)s") % {"link": link})
    else:
        messages.error(request, _("The invitation could not be made: check the email address."))
    return redirect("organisations:detail", org=org)


@organisation_view(MANAGE)
@require_POST
def revoke_invitation(request: OrganisationRequest, org: str, invitation: int) -> HttpResponse:
    found = Invitation.objects.filter(organisation=request.organisation, pk=invitation).first()
    if found is None:
        raise Http404("No such invitation")
    found.delete()
    messages.success(request, _("The invitation was withdrawn."))
    return redirect("organisations:detail", org=org)


def _membership(request: OrganisationRequest, member: int) -> Membership:
    membership = request.organisation.memberships.select_related("user").filter(pk=member).first()
    if membership is None:
        raise Http404("No such member")
    return membership


def _last_owner(membership: Membership) -> bool:
    return (
        not membership.organisation.memberships.filter(role=OWNER)
        .exclude(pk=membership.pk)
        .exists()
    )
