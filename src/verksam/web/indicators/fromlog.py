"""Indicator series from an analysed event log: what the mining result page offers to add as an
indicator (volume and lead time per month, and the share of cases within each service declaration),
and the view that adds one to a goal, effect goal, benefit or service declaration in one step."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from verksam.model import Case as CaseModel
from verksam.web.cases import services
from verksam.web.cases.access import access_case
from verksam.web.indicators.chart import decimals, line_chart
from verksam.web.indicators.series import SHARE_UNIT, Indicator, Point
from verksam.web.indicators.views import element_choices, save_series
from verksam.web.jobs.models import Job
from verksam.web.jobs.services import access_job
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.permissions import EDIT
from verksam.web.requests import OrganisationRequest
from verksam.web.workbench.charts import fmt

# Service declarations measure only the share of their own cases within the promise.
NOT_FOR_SERVICES = ("goal", "effect", "benefit")


@dataclass(frozen=True)
class LogSeries:
    key: str  # volume, lead_time or service:<declaration id>
    name: str  # what is measured, in the current language
    unit: str
    direction: str  # the element's direction when it has none; "" when the target tells
    points: tuple[Point, ...]
    kinds: tuple[str, ...]  # the kinds of element it may be added to


def _points(raw: list[dict[str, Any]], cases_word: bool = True) -> tuple[Point, ...]:
    return tuple(
        Point(dt.date.fromisoformat(p["date"]), round(float(p["value"]), 4),
              ngettext("%(n)s case", "%(n)s cases", p["cases"]) % {"n": p["cases"]}
              if cases_word else "")
        for p in raw if p.get("value") is not None
    )  # fmt: skip


def log_series(monthly: dict[str, Any], model: CaseModel) -> list[LogSeries]:
    """The series of a log's monthly figures, in the case's language: their names and notes go
    into the case document when a series is added."""
    language = model.settings.effective_language if model.settings else None
    with translation.override(language):
        return _log_series(monthly, model)


def _log_series(monthly: dict[str, Any], model: CaseModel) -> list[LogSeries]:
    found = [
        LogSeries("volume", _("Cases started per month"), _("cases"), "",
                  _points(monthly.get("volume", []), cases_word=False), NOT_FOR_SERVICES),
        LogSeries("lead_time", _("Mean lead time of the cases started in the month"), _("days"),
                  "lower-is-better", _points(monthly.get("lead_time", [])), NOT_FOR_SERVICES),
    ]  # fmt: skip
    names = {s.id: s.label for s in model.services}
    for ident, raw in (monthly.get("services") or {}).items():
        if ident in names:
            found.append(LogSeries(
                f"service:{ident}",
                _("Share of cases within the promise: %(name)s") % {"name": names[ident]},
                SHARE_UNIT, "higher-is-better", _points(raw), ("goal", "effect", "benefit", "service"),
            ))  # fmt: skip
    return [s for s in found if s.points]


def series_rows(monthly: dict[str, Any], model: CaseModel) -> list[dict[str, Any]]:
    """What the mining result page shows of each series: a chart, its values and a choice."""
    rows = []
    language = model.settings.effective_language if model.settings else ""
    for number, series in enumerate(log_series(monthly, model), start=1):
        indicator = Indicator(
            kind="goal", element="", path="", owner="", name=series.name, unit=series.unit,
            points=series.points, baseline=None, target=None, target_date=None,
            lower_is_better=series.direction == "lower-is-better",
        )  # fmt: skip
        places = decimals([p.value for p in series.points])
        rows.append({
            "number": number, "series": series,
            "chart": line_chart(indicator, series.name, language),
            "values": [(p.date, fmt(p.value, places), p.note) for p in series.points],
            "choices": element_choices(model, series.kinds),
        })  # fmt: skip
    return rows


def monthly_for(job: Job, model: CaseModel) -> dict[str, Any]:
    from verksam.web.workbench.jobs import stored_monthly

    return stored_monthly(job, model)


@organisation_view(EDIT)
@require_POST
def from_log(request: OrganisationRequest, org: str, case: str, job: uuid.UUID) -> HttpResponse:
    """Add one monthly series of an analysed log to the chosen element, as its indicator."""
    from verksam.web.indicators.views import _element

    row = access_case(request.organisation, case)
    found = access_job(request.organisation, job)
    if found.case_id != row.pk or found.kind != "mine-log" or found.status != Job.DONE:
        raise Http404("No such log analysis")
    model = services.model_of(row)
    series = {s.key: s for s in log_series(monthly_for(found, model), model)}.get(
        request.POST.get("series", "")
    )
    chosen = _element(model, request.POST.get("element", ""))
    back = reverse("workbench:mining_result", kwargs={"org": org, "case": row.slug, "job": job})
    if series is None or chosen is None or chosen[0] not in series.kinds:
        messages.error(request, _("Choose where the series goes; nothing was saved."))
        return redirect(back)
    kind, ident, name = chosen
    fields = {} if kind == "service" else {"indicator": series.name, "unit": series.unit,
                                           "direction": series.direction}  # fmt: skip
    if not save_series(request, row, row.revision, kind, ident, list(series.points), fields):
        return redirect(back)
    messages.success(request, _("“%(series)s” was added to “%(name)s” as its indicator (%(n)s values).")
                     % {"series": series.name, "name": name, "n": len(series.points)})  # fmt: skip
    return redirect(reverse("indicators:dashboard", kwargs={"org": org, "case": row.slug}))
