"""Pages for making and revoking one's own API tokens in an organisation."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from verksam.web.api.models import ApiToken
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.permissions import VIEW
from verksam.web.requests import OrganisationRequest


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Token name"), max_length=100)
    read_only = forms.BooleanField(label=gettext_lazy("Read only"), required=False)


@organisation_view(VIEW)
@require_POST
def create_token(request: OrganisationRequest, org: str) -> HttpResponse:
    form = TokenForm(request.POST)
    if form.is_valid():
        _token, secret = ApiToken.issue(
            request.user,
            request.organisation,
            form.cleaned_data["name"],
            form.cleaned_data["read_only"],
        )
        # Shown once on the next page and then forgotten; only its hash is stored.
        request.session["new_token"] = secret
        messages.success(request, _("The token was made. Copy it now: it is shown only once."))
    else:
        messages.error(request, _("A token needs a name."))
    return redirect("organisations:detail", org=org)


@organisation_view(VIEW)
@require_POST
def revoke_token(request: OrganisationRequest, org: str, token: int) -> HttpResponse:
    found = ApiToken.objects.filter(
        organisation=request.organisation, user=request.user, pk=token
    ).first()
    if found is None:
        raise Http404("No such token")
    found.delete()
    messages.success(request, _("The token was revoked."))
    return redirect("organisations:detail", org=org)
