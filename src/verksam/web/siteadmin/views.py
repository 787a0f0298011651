"""Site-administration pages (for site administrators only, see access.site_admin_view)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.web.accounts.models import Invitation
from verksam.web.accounts.services import invitation_path
from verksam.web.lti.models import Platform
from verksam.web.organisations.models import Membership, Organisation
from verksam.web.organisations.permissions import OWNER
from verksam.web.requests import SignedInRequest
from verksam.web.siteadmin import services
from verksam.web.siteadmin.access import site_admin_view
from verksam.web.siteadmin.forms import AssignOwnerForm, NewOrganisationForm, PlatformForm
from verksam.web.siteadmin.models import AuditEntry


def _invited(request: SignedInRequest, invitation: Invitation | None) -> None:
    if invitation is not None:
        link = request.build_absolute_uri(invitation_path(invitation))
        messages.success(
            request,
            _("An owner invitation was sent to %(email)s. The link is also here: %(link)s")
            % {"email": invitation.email, "link": link},
        )


def _owners() -> Prefetch[str, QuerySet[Membership], str]:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(role=OWNER).select_related("user"),
        to_attr="owners",
    )


@site_admin_view
def home(request: SignedInRequest) -> HttpResponse:
    form = NewOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.save(commit=False)
        invitation = services.create_organisation(request, organisation, form.cleaned_data["owner"])
        messages.success(
            request, _("The organisation %(name)s was created.") % {"name": organisation.name}
        )
        _invited(request, invitation)
        return redirect("siteadmin:organisation", organisation=organisation.pk)
    organisations = (
        Organisation.objects.select_related("identity_provider")
        .annotate(member_count=Count("memberships"))
        .prefetch_related(_owners())
    )
    context = {
        "form": form,
        "organisations": organisations,
        "platform_count": Platform.objects.count(),
        "recent": AuditEntry.objects.select_related("organisation")[:5],
    }
    return render(request, "siteadmin/home.html", context)


@site_admin_view
def organisation_page(request: SignedInRequest, organisation: int) -> HttpResponse:
    found = get_object_or_404(Organisation.objects.prefetch_related(_owners()), pk=organisation)
    form = AssignOwnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        owner = form.cleaned_data["owner"]
        invitation = services.assign_owner(request, found, owner)
        if invitation is None:
            messages.success(
                request,
                _("%(person)s is now an owner of %(organisation)s.")
                % {"person": owner.get_username(), "organisation": found.name},
            )
        _invited(request, invitation)
        return redirect("siteadmin:organisation", organisation=found.pk)
    context = {
        "organisation_shown": found,
        "form": form,
        "trail": AuditEntry.objects.filter(organisation=found)[:50],
    }
    return render(request, "siteadmin/organisation.html", context)


@site_admin_view
def platforms(request: SignedInRequest) -> HttpResponse:
    form = PlatformForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        platform = form.save(commit=False)
        services.register_platform(request, platform, form.cleaned_data["deployment_text"])
        messages.success(
            request,
            _("The learning platform %(name)s was registered. Enter Verksam's addresses below "
              "in the platform.") % {"name": platform.name},
        )  # fmt: skip
        return redirect("siteadmin:platforms")
    tool = {
        "launch": request.build_absolute_uri(reverse("lti:launch")),
        "login": request.build_absolute_uri(reverse("lti:login")),
        "jwks": request.build_absolute_uri(reverse("lti:jwks")),
    }
    context = {"form": form, "platforms": Platform.objects.order_by("name"), "tool": tool}
    return render(request, "siteadmin/platforms.html", context)


@site_admin_view
@require_POST
def platform_remove(request: SignedInRequest, platform: int) -> HttpResponse:
    found = get_object_or_404(Platform, pk=platform)
    services.remove_platform(request, found)
    messages.success(
        request, _("The learning platform %(name)s was removed.") % {"name": found.name}
    )
    return redirect("siteadmin:platforms")


@site_admin_view
def audit(request: SignedInRequest) -> HttpResponse:
    entries = AuditEntry.objects.select_related("organisation")[:500]
    return render(request, "siteadmin/audit.html", {"entries": entries})
