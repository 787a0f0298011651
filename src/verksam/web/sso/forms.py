"""Registering an organisation's identity provider."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from verksam.web.sso.discovery import DiscoveryError, discover
from verksam.web.sso.models import IdentityProvider
from verksam.web.sso.services import password_refused_for


def _words(text: str) -> list[str]:
    return [w.strip() for w in text.replace("\n", ",").split(",") if w.strip()]


class IdentityProviderForm(forms.ModelForm[IdentityProvider]):
    client_secret = forms.CharField(
        label=_("client secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted. Leave empty to keep the secret already stored."),
    )
    domains = forms.CharField(
        label=_("allowed e-mail domains"),
        help_text=_("Only addresses in these domains are let in, e.g. umea.se, skola.umea.se."),
    )
    owners = forms.CharField(
        label=_("groups that make an owner"), required=False,
        help_text=_("Group names or ids as the provider sends them; several separated by commas."),
    )  # fmt: skip
    editors = forms.CharField(label=_("groups that make an editor"), required=False)

    class Meta:
        model = IdentityProvider
        fields = ["name", "issuer", "client_id", "groups_claim", "default_role", "password_sign_in"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provider: IdentityProvider = self.instance
        if provider.pk:
            self.initial.update({
                "domains": ", ".join(provider.allowed_domains),
                "owners": ", ".join(provider.owner_groups),
                "editors": ", ".join(provider.editor_groups),
            })  # fmt: skip

    def clean_domains(self) -> list[str]:
        domains = [d.lower().lstrip("@") for d in _words(self.cleaned_data["domains"])]
        bad = [d for d in domains if "." not in d or "@" in d or " " in d]
        if bad or not domains:
            raise forms.ValidationError(
                _("Give domains such as umea.se (not %(bad)s)."), params={"bad": ", ".join(bad)}
            )
        return domains

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.instance.pk and not data.get("client_secret"):
            self.add_error("client_secret", _("The provider's client secret is needed."))
        issuer = data.get("issuer")
        if issuer and not self.errors:
            try:
                self.endpoints = discover(issuer)
            except DiscoveryError as exc:
                self.add_error("issuer", str(exc))
        return data

    def save(self, commit: bool = True) -> IdentityProvider:
        provider: IdentityProvider = super().save(commit=False)
        for key, value in self.endpoints.items():
            setattr(provider, key, value)
        provider.allowed_domains = self.cleaned_data["domains"]
        provider.owner_groups = _words(self.cleaned_data["owners"])
        provider.editor_groups = _words(self.cleaned_data["editors"])
        if self.cleaned_data.get("client_secret"):
            provider.client_secret = self.cleaned_data["client_secret"]
        if commit:
            provider.save()
        return provider


class PasswordSignInForm(AuthenticationForm):
    """Django's sign-in form, refusing passwords of members whose organisation signs in through
    its identity provider only."""

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        provider = password_refused_for(user)
        if provider is not None:
            from verksam.web.signins.log import failed

            assert self.request is not None, "the sign-in view passes its request to the form"
            message = _(
                "%(organisation)s signs its members in through %(provider)s: use the button "
                "“Sign in with %(provider)s” below."
            ) % {"organisation": provider.organisation.name, "provider": provider.name}
            failed(
                self.request, "password", reason=str(message), username=user.get_username(),
                user=user,
            )  # fmt: skip
            raise forms.ValidationError(message, code="sso_only")
