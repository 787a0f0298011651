"""The guided start, "Map a process": one short form (name, what starts it, cases per year, which
case) makes the case when needed, the process and its as-is variant in the organisation's own
country, currency and language, and opens the step table."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verksam.model import Case as CaseModel
from verksam.model import Process, Settings, Variant
from verksam.model.steps import apply_steps, make_id
from verksam.web.cases import operations, services
from verksam.web.cases.access import access_case, cases_of
from verksam.web.mapping.table import Refused, amount, event_names
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.models import Organisation
from verksam.web.organisations.permissions import EDIT
from verksam.web.requests import OrganisationRequest

NEW_CASE = ""


class StartForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What is the process called?"),
        max_length=200,
        help_text=gettext_lazy("For example “Ansökan om färdtjänst”."),
    )
    trigger = forms.CharField(
        label=gettext_lazy("What starts it?"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For example “An application arrives”. It names the start."),
    )
    volume = forms.CharField(
        label=gettext_lazy("How many cases a year?"), max_length=30, required=False
    )
    case = forms.ChoiceField(label=gettext_lazy("In which case?"), required=False)

    def __init__(self, organisation: Organisation, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cases = cases_of(organisation).order_by("name")
        choices = [(NEW_CASE, _("A new case named after the process"))]
        choices += [(c.slug, str(c.name)) for c in cases]
        cast(forms.ChoiceField, self.fields["case"]).choices = choices

    def clean_volume(self) -> float | None:
        try:
            return amount(str(self.cleaned_data.get("volume") or ""), "1 200")
        except Refused as exc:
            raise forms.ValidationError(str(exc)) from None


def new_process(case: CaseModel, name: str, trigger: str, volume: float | None) -> CaseModel:
    """The case with a new process whose as-is variant runs from its start to its end event."""
    with translation.override(case.settings.effective_language):
        variant_name = _("As-is")
    process_id = make_id(name, set(case.ids()), "process")
    variant = Variant(id="as-is", name=variant_name, kind="as-is", volume_per_year=volume)
    process = Process(id=process_id, name=name, trigger=trigger, variants=[variant])
    case = case.model_copy(update={"processes": [*case.processes, process]})
    return apply_steps(case, process_id, "as-is", [], event_names(case, trigger))


def new_case(organisation: Organisation, name: str) -> CaseModel:
    """A blank case in the organisation's country (its currency, hours per FTE and language)."""
    slug = services.free_slug(organisation, name)
    return CaseModel(
        id=slug, name=name, settings=Settings.model_validate({"country": organisation.country})
    )


def steps_url(organisation: Organisation, case_slug: str, process_id: str) -> str:
    kwargs = {"org": organisation.slug, "case": case_slug, "process": process_id}
    return reverse("mapping:steps", kwargs=kwargs)


@organisation_view(EDIT)
def start(request: OrganisationRequest, org: str) -> HttpResponse:
    organisation = request.organisation
    form = StartForm(organisation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        name, trigger, volume = data["name"].strip(), data["trigger"].strip(), data["volume"]
        if data["case"] == NEW_CASE:
            model = new_process(new_case(organisation, name), name, trigger, volume)
            row = services.create_case(organisation, request.user, model, how="create")
            process_id = model.processes[-1].id
        else:
            row = access_case(organisation, data["case"])
            made: dict[str, str] = {}

            def make(document: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
                current = CaseModel.model_validate(document)
                updated = operations.document_of(new_process(current, name, trigger, volume))
                process = updated["processes"][-1]
                made["id"] = process["id"]
                return [{"op": "add", "path": "processes", "value": process}], {
                    "op": "add",
                    "path": "processes",
                }

            services.apply_batch(
                row, request.user, make, lambda d: [], row.revision,
                services.browser_session(request),
            )  # fmt: skip
            process_id = made["id"]
        return redirect(steps_url(organisation, row.slug, process_id))
    return render(request, "mapping/start.html", {"form": form})


def start_form(organisation: Organisation) -> StartForm:
    """The empty form, for the home and organisation pages."""
    return StartForm(organisation, auto_id=f"map-{organisation.slug}-%s")
