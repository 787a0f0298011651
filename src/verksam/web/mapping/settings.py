"""Case settings in the web: country, currency, language, hours per FTE and discount rate, shown
with the country's defaults (what the figures use when a field is left empty)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from verksam.model import Case as CaseModel
from verksam.model.settings import CURRENCY, DISCOUNT_RATE, HOURS_PER_FTE, LANGUAGE
from verksam.web.cases import services
from verksam.web.cases.access import access_case
from verksam.web.mapping.table import Refused, amount
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.permissions import EDIT
from verksam.web.requests import OrganisationRequest

DEFAULT = ""


class SettingsForm(forms.Form):
    country = forms.ChoiceField(
        label=gettext_lazy("Country"),
        choices=[("SE", gettext_lazy("Sweden")), ("NO", gettext_lazy("Norway"))],
    )
    currency = forms.ChoiceField(
        label=gettext_lazy("Currency"),
        required=False,
        choices=[(DEFAULT, gettext_lazy("The country's")), ("SEK", "SEK"), ("NOK", "NOK"), ("EUR", "EUR")],
    )  # fmt: skip
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the case's texts and diagrams"),
        required=False,
        choices=[(DEFAULT, gettext_lazy("The country's")), ("sv", "svenska"), ("nb", "norsk bokmål"), ("en", "English")],
    )  # fmt: skip
    hours_per_fte = forms.CharField(label=gettext_lazy("Hours per FTE"), required=False)
    discount_rate = forms.CharField(label=gettext_lazy("Discount rate (%)"), required=False)

    def __init__(self, model: CaseModel, data: Any = None) -> None:
        settings = model.settings
        initial = {
            "country": settings.country,
            "currency": settings.currency or DEFAULT,
            "language": settings.language or DEFAULT,
            "hours_per_fte": _plain(settings.hours_per_fte),
            "discount_rate": _plain(
                None if settings.discount_rate is None else settings.discount_rate * 100
            ),
        }
        super().__init__(data, initial=initial, auto_id="settings-%s")
        country = settings.country
        self.fields["hours_per_fte"].widget.attrs["placeholder"] = _plain(HOURS_PER_FTE[country])
        self.fields["hours_per_fte"].help_text = _(
            "Empty: the country's %(hours)s hours (Sweden 1 704, Norway 1 695)."
        ) % {"hours": _plain(HOURS_PER_FTE[country])}
        self.fields["discount_rate"].widget.attrs["placeholder"] = _plain(
            DISCOUNT_RATE[country] * 100
        )
        self.fields["currency"].help_text = _("Empty: %(currency)s.") % {
            "currency": CURRENCY[country]
        }
        self.fields["language"].help_text = _("Empty: %(language)s.") % {
            "language": {"sv": "svenska", "nb": "norsk bokmål"}[LANGUAGE[country]]
        }

    def settings(self) -> dict[str, Any]:
        """The settings as the case document holds them (empty fields left out)."""
        data = self.cleaned_data
        out: dict[str, Any] = {"country": data["country"]}
        if data["currency"]:
            out["currency"] = data["currency"]
        if data["language"]:
            out["language"] = data["language"]
        for key, scale in (("hours_per_fte", 1.0), ("discount_rate", 0.01)):
            try:
                value = amount(str(data.get(key) or ""))
            except Refused as exc:
                self.add_error(key, str(exc))
                continue
            if value is not None:
                out[key] = round(value * scale, 10)
        if out.get("hours_per_fte") == 0:
            self.add_error("hours_per_fte", _("Hours per FTE must be more than 0."))
        if out.get("discount_rate", 0) >= 1:
            # xgettext:no-python-format
            self.add_error("discount_rate", _("Type a rate under 100 %."))
        return out


def _plain(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")


@organisation_view(EDIT)
@require_POST
def save_settings(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    row = access_case(request.organisation, case)
    model = services.model_of(row)
    form = SettingsForm(model, request.POST)
    back = reverse("cases:detail", kwargs={"org": org, "case": row.slug})
    wanted = form.settings() if form.is_valid() else {}
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[k].label}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items()
        )
        messages.error(request, _("The settings were not saved: %(errors)s") % {"errors": errors})
        return redirect(back)
    current = row.document.get("settings") or {}
    keys = sorted(set(current) | set(wanted))
    changed = [k for k in keys if current.get(k) != wanted.get(k)]

    def make(document: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        value: dict[str, Any] = dict(document.get("settings") or {})
        for key in changed:
            if key in wanted:
                value[key] = wanted[key]
            else:
                value.pop(key, None)
        ops = [{"op": "change", "path": "settings", "value": value}] if changed else []
        return ops, {"op": "change", "path": "settings"}

    try:
        services.apply_batch(
            row, request.user, make, lambda d: [f"settings/{k}" for k in changed],
            int(request.POST.get("base") or row.revision), services.browser_session(request),
        )  # fmt: skip
    except services.EditConflict:
        messages.error(
            request, _("Someone else changed the settings in the meantime; look and try again.")
        )
        return redirect(back)
    messages.success(request, _("The settings were saved."))
    return redirect(back)
