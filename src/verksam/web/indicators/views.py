"""The indicators of a case and of an organisation: each indicator (of a goal, effect goal, benefit
or service declaration) as a chart with its target, a traffic light for the latest value against
the target, the trend and the values as a table. Editors add measured values by hand, from a CSV or
XLSX file (previewed first; a file with any problem saves nothing), or as a monthly series computed
from an uploaded event log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from verksam.model import Case as CaseModel
from verksam.web.cases import services
from verksam.web.cases.access import access_case, cases_of
from verksam.web.cases.models import Case
from verksam.web.cases.operations import OperationError
from verksam.web.cases.services import EditConflict
from verksam.web.indicators.chart import decimals, line_chart
from verksam.web.indicators.series import (
    MET,
    NO_DATA,
    OFF_TRACK,
    ON_THE_WAY,
    Point,
    elements,
    indicators,
    measurements_path,
    merged,
)
from verksam.web.indicators.upload import UploadError, read_values
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
KIND_TEXT = {
    "goal": gettext_lazy("Goal"),
    "effect": gettext_lazy("Effect goal"),
    "benefit": gettext_lazy("Benefit"),
    "service": gettext_lazy("Service declaration"),
}
SIGNING_SALT = "verksam.indicators.upload"


def signed(change: float, places: int) -> str:
    """A change with its sign, as the reader writes it: +7 or −10 489 (a minus sign, not a hyphen)."""
    text = fmt(abs(change), places)
    return text if text == fmt(0, places) else ("+" if change > 0 else "\u2212") + text


def service_indicator_name() -> str:
    return _("Share of cases within the promise")


class ValueForm(forms.Form):
    path = forms.CharField(widget=forms.HiddenInput)
    date = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    value = forms.FloatField(label=gettext_lazy("Measured value"), localize=True)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=500)


def element_choices(model: CaseModel, kinds: tuple[str, ...] | None = None) -> list[Any]:
    """The case's elements that can have an indicator, grouped by kind, for a select."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for kind, ident, name in elements(model):
        if kinds is None or kind in kinds:
            groups.setdefault(kind, []).append((f"{kind}:{ident}", name))
    return [(str(KIND_TEXT[k]), choices) for k, choices in groups.items()]


class UploadForm(forms.Form):
    element = forms.ChoiceField(label=gettext_lazy("Add the values to"))
    file = forms.FileField(
        label=gettext_lazy("File with the values"),
        help_text=gettext_lazy(
            "CSV or Excel (.csv, .xlsx): a date, a value and, if you like, a note on each line. "
            "Semicolons or commas between the columns, decimal commas and dates such as "
            "2026-03-31 or 31.03.2026 are all fine; a first line with column names is optional."
        ),
    )

    def __init__(self, model: CaseModel, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["element"].choices = element_choices(model)  # type: ignore[attr-defined]


def indicator_rows(model: CaseModel) -> list[dict[str, Any]]:
    """What the dashboards and the case report show of each indicator, in the current language."""
    rows: list[dict[str, Any]] = []
    # the charts speak the case's language, as its report does
    language = model.settings.effective_language if model.settings else ""
    with translation.override(language or None):
        found = indicators(model, service_indicator_name())
    for number, indicator in enumerate(found, start=1):
        values = [p.value for p in indicator.points]
        places = decimals(values + ([indicator.target] if indicator.target is not None else []))
        title = f"{indicator.owner}: {indicator.name}"
        trend = indicator.trend
        rows.append({
            "number": number, "indicator": indicator, "title": title,
            "kind": KIND_TEXT[indicator.kind],
            "chart": line_chart(indicator, title, language),
            "status": indicator.status, "status_text": STATUS_TEXT[indicator.status],
            "latest": fmt(indicator.latest.value, places) if indicator.latest else "–",
            "latest_date": indicator.latest.date if indicator.latest else None,
            "target": "–" if indicator.target is None else fmt(indicator.target, places),
            "baseline": "–" if indicator.baseline is None else fmt(indicator.baseline, places),
            "trend": None if trend is None else signed(trend, places),
            "trend_better": indicator.trend_is_better,
            "direction": _("lower is better") if indicator.lower_is_better else _("higher is better"),
            "values": [(p.date, fmt(p.value, places), p.note) for p in indicator.points],
            "removable": {d.isoformat() for d in indicator.measured},
        })  # fmt: skip
    return rows


def _dashboard_url(org: str, row: Case) -> str:
    return reverse("indicators:dashboard", kwargs={"org": org, "case": row.slug})


@organisation_view(VIEW)
def dashboard(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    row = access_case(request.organisation, case)
    model = services.model_of(row)
    rows = indicator_rows(model)
    for entry in rows:
        entry["form"] = ValueForm(
            initial={"path": entry["indicator"].path}, prefix=f"i{entry['number']}"
        )
    context = {"case": row, "rows": rows, "upload_form": UploadForm(model)}
    return render(request, "indicators/dashboard.html", context)


@organisation_view(EDIT)
@require_POST
def add_value(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    row = access_case(request.organisation, case)
    back = _dashboard_url(org, row)
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


@organisation_view(EDIT)
@require_POST
def remove_value(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    """Remove the measured value of one date from an indicator (one revision)."""
    row = access_case(request.organisation, case)
    back = _dashboard_url(org, row)
    path, date = request.POST.get("path", ""), request.POST.get("date", "")
    if path not in {i.path for i in indicators(services.model_of(row))}:
        raise Http404("No such indicator")

    def make(document: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        from verksam.web.cases.operations import value_at

        found = [i for i, m in enumerate(value_at(document, path) or []) if str(m["date"]) == date]
        ops = [{"op": "remove", "path": f"{path}/@{i}"} for i in found[:1]]
        return ops, {"op": "measurements", "path": path, "removed": date}

    try:
        done = services.apply_batch(row, request.user, make, lambda _doc: [path], base=row.revision)
    except (OperationError, EditConflict) as exc:
        messages.error(request, str(exc))
    else:
        if done is None:
            messages.error(request, _("That value was removed already."))
        else:
            messages.success(request, _("The measured value was removed."))
    return redirect(back)


def _element(model: CaseModel, choice: str) -> tuple[str, str, str] | None:
    """(kind, id, name) of a chosen `kind:id`, None when the case has no such element."""
    kind, _sep, ident = choice.partition(":")
    return next(((k, i, n) for k, i, n in elements(model) if k == kind and i == ident), None)


def save_series(
    request: OrganisationRequest,
    row: Case,
    base: int,
    kind: str,
    ident: str,
    points: list[Point],
    fields: dict[str, str] | None = None,
) -> bool:
    """Add `points` to the element's measurements (a date it already has gets the new value) as
    one revision, and set the indicator `fields` the element leaves empty; False with a message
    when the edit could not be made (nothing is saved then)."""
    path = measurements_path(kind, ident)
    element_path = path.rsplit("/", 1)[0]

    def make(document: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        from verksam.web.cases.operations import value_at

        element = value_at(document, element_path)
        existing = element.get("measurements") or []
        ops = [{"op": "change", "path": path, "value": merged(existing, points)}]
        for key, value in (fields or {}).items():
            if value and not element.get(key):
                ops.append({"op": "change", "path": f"{element_path}/{key}", "value": value})
        return ops, {"op": "measurements", "path": path, "count": len(points)}

    try:
        services.apply_batch(row, request.user, make, lambda _doc: [path], base=base)
    except (OperationError, EditConflict) as exc:
        messages.error(request, str(exc))
        return False
    return True


@organisation_view(EDIT)
@require_POST
def upload(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    """Read an uploaded file and show what it holds (or every problem); nothing is saved yet."""
    row = access_case(request.organisation, case)
    model = services.model_of(row)
    form = UploadForm(model, request.POST, request.FILES)
    context: dict[str, Any] = {"case": row, "upload_form": form}
    if form.is_valid():
        chosen = _element(model, form.cleaned_data["element"])
        upload_file = form.cleaned_data["file"]
        if chosen is None:
            raise Http404("No such element")
        context["element"] = chosen[2]
        context["kind"] = KIND_TEXT[chosen[0]]
        context["filename"] = upload_file.name
        try:
            points = read_values(upload_file.read(), upload_file.name)
        except UploadError as exc:
            context["problems"] = exc.shown
            context["more"] = exc.more
        else:
            existing = {p.date for i in indicators(model) if i.element == chosen[1]
                        and i.kind == chosen[0] for p in i.points}  # fmt: skip
            places = decimals([p.value for p in points])
            context["points"] = [(p.date, fmt(p.value, places), p.note, p.date in existing)
                                 for p in points]  # fmt: skip
            context["replaced"] = sum(1 for p in points if p.date in existing)
            context["payload"] = signing.dumps(
                {"element": form.cleaned_data["element"], "base": row.revision,
                 "points": [[p.date.isoformat(), p.value, p.note] for p in points]},
                salt=SIGNING_SALT, compress=True,
            )  # fmt: skip
    status = 200 if "points" in context else 400
    return render(request, "indicators/upload.html", context, status=status)


@organisation_view(EDIT)
@require_POST
def upload_save(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    """Save the values of a previewed file, all in one revision."""
    row = access_case(request.organisation, case)
    try:
        payload = signing.loads(request.POST.get("payload", ""), salt=SIGNING_SALT,
                                max_age=24 * 3600)  # fmt: skip
    except signing.BadSignature:
        messages.error(request, _("The preview has expired; upload the file again."))
        return redirect(_dashboard_url(org, row))
    chosen = _element(services.model_of(row), str(payload["element"]))
    if chosen is None:
        messages.error(request, _("The element was removed meanwhile; nothing was saved."))
        return redirect(_dashboard_url(org, row))
    points = [Point(dt.date.fromisoformat(d), float(v), str(n)) for d, v, n in payload["points"]]
    if save_series(request, row, int(payload["base"]), chosen[0], chosen[1], points):
        messages.success(
            request,
            _("%(n)s values were added to “%(name)s”.") % {"n": len(points), "name": chosen[2]},
        )
    return redirect(_dashboard_url(org, row))


@organisation_view(VIEW)
def organisation_dashboard(request: OrganisationRequest, org: str) -> HttpResponse:
    """Every case's indicators, grouped by case (the organisation's own cases only)."""
    assert request.organisation is not None
    groups: list[dict[str, Any]] = []
    totals = {MET: 0, ON_THE_WAY: 0, OFF_TRACK: 0, NO_DATA: 0}
    for row in cases_of(request.organisation).order_by("name"):
        rows = indicator_rows(services.model_of(row))
        for entry in rows:
            totals[entry["status"]] += 1
        if rows:
            groups.append({"case": row, "rows": rows, "anchor": f"case-{len(groups) + 1}-"})
    summary = [(key, STATUS_TEXT[key], count) for key, count in totals.items()]
    return render(request, "indicators/organisation.html", {"groups": groups, "summary": summary})
