"""Identity-provider settings, for the organisation's owner (under /o/<org>/sign-in/) and for the
site administrator (under /site/organisations/<id>/sign-in/): the same form and the same rules."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.models import Organisation
from verksam.web.organisations.permissions import MANAGE
from verksam.web.requests import OrganisationRequest, SignedInRequest
from verksam.web.siteadmin.access import site_admin_view
from verksam.web.siteadmin.audit import record
from verksam.web.sso.forms import IdentityProviderForm
from verksam.web.sso.models import IdentityProvider


def _edit(request: HttpRequest, organisation: Organisation, here: str) -> HttpResponse:
    provider = IdentityProvider.objects.filter(organisation=organisation).first()
    instance = provider or IdentityProvider(organisation=organisation)
    form = IdentityProviderForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        action = "provider-changed" if provider else "provider-registered"
        record(request.user, action, organisation, provider=saved.name)
        messages.success(
            request,
            _("Saved. Members of %(organisation)s can now sign in with %(provider)s.")
            % {"organisation": organisation.name, "provider": saved.name},
        )
        return redirect(here)
    context = {
        "form": form,
        "provider": provider,
        "organisation_shown": organisation,
        "callback": request.build_absolute_uri(reverse("sso:callback")),
        "remove_url": here + "remove/",
    }
    return render(request, "sso/settings.html", context)


def _remove(request: HttpRequest, organisation: Organisation, here: str) -> HttpResponse:
    provider = get_object_or_404(IdentityProvider, organisation=organisation)
    provider.delete()
    record(request.user, "provider-removed", organisation, provider=provider.name)
    messages.success(
        request,
        _("%(provider)s was removed; members sign in with their passwords again.")
        % {"provider": provider.name},
    )
    return redirect(here)


@organisation_view(MANAGE)
def owner_settings(request: OrganisationRequest, org: str) -> HttpResponse:
    return _edit(request, request.organisation, reverse("sso:settings", kwargs={"org": org}))


@organisation_view(MANAGE)
@require_POST
def owner_remove(request: OrganisationRequest, org: str) -> HttpResponse:
    return _remove(request, request.organisation, reverse("sso:settings", kwargs={"org": org}))


@site_admin_view
def site_settings(request: SignedInRequest, organisation: int) -> HttpResponse:
    found = get_object_or_404(Organisation, pk=organisation)
    here = reverse("sso:site_settings", kwargs={"organisation": found.pk})
    return _edit(request, found, here)


@site_admin_view
@require_POST
def site_remove(request: SignedInRequest, organisation: int) -> HttpResponse:
    found = get_object_or_404(Organisation, pk=organisation)
    here = reverse("sso:site_settings", kwargs={"organisation": found.pk})
    return _remove(request, found, here)
