"""Forms for organisations, members and invitations."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from verksam.web.organisations.models import Organisation
from verksam.web.organisations.permissions import ROLES


class OrganisationForm(forms.ModelForm[Organisation]):
    class Meta:
        model = Organisation
        fields = ["name", "slug", "kind", "country"]
        help_texts = {"slug": _("Used in addresses: lower-case letters, digits and hyphens.")}

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"].lower()
        if slug in RESERVED:
            raise forms.ValidationError(_("This short name is reserved; choose another."))
        return slug


RESERVED = frozenset({"new", "admin", "api", "static"})


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLES)


class InvitationForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLES, initial="editor")
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=_("When given, the link is also sent by email."),
    )
