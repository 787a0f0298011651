"""The indicators of a case: each measured goal or benefit as a chart with its target, a traffic
light for the latest value against the target, the trend and the values as a table; editors add
measured values by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from verksam.model import Case as CaseModel
from verksam.web.cases import services
from verksam.web.cases.access import access_case
from verksam.web.cases.operations import OperationError
from verksam.web.cases.services import EditConflict
from verksam.web.indicators.chart import decimals, line_chart
from verksam.web.indicators.series import MET, NO_DATA, OFF_TRACK, ON_THE_WAY, indicators
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.permissions import EDIT, VIEW
from verksam.web.requests import OrganisationRequest
from verksam.web.workbench.charts import fmt

STATUS_TEXT = {
    MET: gettext_lazy("Target reached"),
    ON_THE_WAY: gettext_lazy("Better than the baseline, target not reached yet"),
    OFF_TRACK: gettext_lazy("Not better than the baseline"),
    NO_DATA: gettext_lazy("No target or no measured value"),
}


class ValueForm(forms.Form):
    path = forms.CharField(widget=forms.HiddenInput)
    date = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    value = forms.FloatField(label=gettext_lazy("Measured value"), localize=True)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=500)


def indicator_rows(model: CaseModel) -> list[dict[str, Any]]:
    """What the dashboard and the case report show of each indicator, in the current language."""
    rows: list[dict[str, Any]] = []
    for number, indicator in enumerate(indicators(model), start=1):
        places = decimals([p.value for p in indicator.points] or [0.0])
        title = f"{indicator.owner}: {indicator.name}"
        trend = indicator.trend
        rows.append({
            "number": number, "indicator": indicator, "title": title,
            "chart": line_chart(indicator, title),
            "status": indicator.status, "status_text": STATUS_TEXT[indicator.status],
            "latest": fmt(indicator.latest.value, places) if indicator.latest else "–",
            "target": "–" if indicator.target is None else fmt(indicator.target, places),
            "baseline": "–" if indicator.baseline is None else fmt(indicator.baseline, places),
            "trend": None if trend is None else fmt(trend, places),
            "trend_better": indicator.trend_is_better,
            "values": [(p.date, fmt(p.value, places), p.note) for p in indicator.points],
        })  # fmt: skip
    return rows


@organisation_view(VIEW)
def dashboard(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    row = access_case(request.organisation, case)
    rows = indicator_rows(services.model_of(row))
    for entry in rows:
        entry["form"] = ValueForm(
            initial={"path": entry["indicator"].path}, prefix=f"i{entry['number']}"
        )
    return render(request, "indicators/dashboard.html", {"case": row, "rows": rows})


@organisation_view(EDIT)
@require_POST
def add_value(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    row = access_case(request.organisation, case)
    back = reverse("indicators:dashboard", kwargs={"org": org, "case": row.slug})
    prefix = request.POST.get("prefix", "")
    form = ValueForm(request.POST, prefix=prefix or None)
    paths = {i.path for i in indicators(services.model_of(row))}
    if not form.is_valid() or form.cleaned_data["path"] not in paths:
        messages.error(request, _("Give a date and a number; nothing was saved."))
        return redirect(back)
    value = {"date": form.cleaned_data["date"].isoformat(), "value": form.cleaned_data["value"]}
    if form.cleaned_data["note"]:
        value["note"] = form.cleaned_data["note"]
    operation = {"op": "add", "path": form.cleaned_data["path"], "value": value}
    try:
        services.apply_operation(row, request.user, operation, base=row.revision)
    except (OperationError, EditConflict) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The measured value was added."))
    return redirect(back)
