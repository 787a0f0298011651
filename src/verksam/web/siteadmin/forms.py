"""Forms of the site-administration area."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from verksam.web.lti.models import Platform
from verksam.web.organisations.forms import OrganisationForm


class OwnerField(forms.CharField):
    """A user name or an e-mail address: an existing account, or an address to invite."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Owner (user name or e-mail address)"))
        kwargs.setdefault(
            "help_text",
            _("An existing user becomes owner at once; an e-mail address without an account "
              "gets an owner invitation."),
        )  # fmt: skip
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> User | str | None:
        text = str(super().clean(value) or "").strip()
        if not text:
            return None
        user = (
            User.objects.filter(username=text).first()
            or User.objects.filter(email__iexact=text).order_by("pk").first()
        )
        if user is not None:
            return user
        try:
            validate_email(text)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("No account has the user name %(name)s. Give an e-mail address to send an "
                  "owner invitation instead."),
                params={"name": text},
            ) from None  # fmt: skip
        return text.lower()


class NewOrganisationForm(OrganisationForm):
    owner = OwnerField(required=False)

    class Meta(OrganisationForm.Meta):
        pass


class AssignOwnerForm(forms.Form):
    owner = OwnerField()


class PlatformForm(forms.ModelForm[Platform]):
    deployment_text = forms.CharField(
        label=_("Deployment ids"),
        help_text=_("As shown by the platform; several separated by commas."),
        max_length=1000,
    )

    class Meta:
        model = Platform
        fields = ["name", "issuer", "client_id", "auth_login_url", "auth_token_url", "key_set_url"]
        help_texts = {
            "key_set_url": _(
                "In Moodle: Public keyset URL, shown under Tool configuration details."
            ),
        }

    def clean_deployment_text(self) -> list[str]:
        ids = [part.strip() for part in self.cleaned_data["deployment_text"].split(",")]
        return [i for i in ids if i]

    def clean_key_set_url(self) -> str:
        url: str = self.cleaned_data["key_set_url"]
        if not url:
            raise forms.ValidationError(_("Verksam needs the platform's public keyset URL."))
        return url
