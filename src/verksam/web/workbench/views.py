"""Workbench pages of a case: analysis panel, simulation, event-log mining and benefits. Every figure
comes from the core (verksam.analysis, .simulation, .mining, .benefits); these views only choose
what to compute, start background jobs and lay the results out."""

from __future__ import annotations

import json
import re
import tempfile
import uuid
from pathlib import Path
from typing import Any, Literal, cast

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verksam.model import Case as CaseModel
from verksam.web.cases import services
from verksam.web.cases.access import access_case
from verksam.web.cases.choices import CHOICE_LABELS
from verksam.web.cases.diagrams import picture_response
from verksam.web.jobs.limits import oversized, too_many_activities
from verksam.web.jobs.models import Job
from verksam.web.jobs.services import access_job, start_job
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.permissions import VIEW
from verksam.web.requests import OrganisationRequest
from verksam.web.words.analysis import analysis_error_words
from verksam.web.words.values import role_names
from verksam.web.workbench import charts
from verksam.web.workbench.jobs import ROLE_NAMES, log_folder, stored_map_levels

# Translated names of the figures verksam.analysis compares (its own labels are English).
FIGURE_LABELS = {
    "volume_per_year": gettext_lazy("Cases per year"),
    "touch_hours": gettext_lazy("Touch time per case (h)"),
    "waiting_hours": gettext_lazy("Waiting time per case (h)"),
    "lead_hours": gettext_lazy("Lead time per case (h)"),
    "flow_efficiency": gettext_lazy("Flow efficiency"),
    "handoffs": gettext_lazy("Handoffs per case"),
    "rework_share": gettext_lazy("Share of rework"),
    "workload_hours": gettext_lazy("Workload per year (h)"),
    "fte": gettext_lazy("FTE"),
    "cost": gettext_lazy("Cost per year"),
}
CHANGE_LABELS = {
    "added": gettext_lazy("added"), "removed": gettext_lazy("removed"),
    "moved": gettext_lazy("moved to another lane or role"), "touch": gettext_lazy("touch time"),
    "waiting": gettext_lazy("waiting time"), "value-adding": gettext_lazy("value-adding"),
    "visits": gettext_lazy("visits per case"), "probability": gettext_lazy("branch probability"),
}  # fmt: skip
SHARES = {"flow_efficiency", "rework_share"}


def _case(request: OrganisationRequest, case: str) -> tuple[Any, CaseModel]:
    row = access_case(request.organisation, case)
    return row, services.model_of(row)


def _figure_label(model: CaseModel, key: str) -> str:
    head, _sep, role = key.partition(".")
    label = str(FIGURE_LABELS.get(head, head))
    if not role:
        return label
    if role == "total":
        return f"{label}: {_('total')}"
    roles = role_names(model)
    return f"{label}: {roles.get(role, role)}"


def _number(key: str, value: Any, currency: str = "") -> str:
    if value is None:
        return "–"
    if key.split(".")[0] in SHARES:
        return f"{charts.fmt(100 * value, 1)} %"
    if key.startswith("cost"):
        return f"{charts.fmt(value, 0)} {currency}".strip()
    return charts.fmt(value, 2 if abs(value) < 10 else 1)


def _choose(model: CaseModel, data: Any) -> tuple[Any, Any, Any]:
    """The process and the two variants to compare (as-is and to-be by default)."""
    process = next((p for p in model.processes if p.id == data.get("process")), None)
    process = process or (model.processes[0] if model.processes else None)
    if process is None:
        return None, None, None
    ids = [v.id for v in process.variants]
    kinds = {v.kind: v.id for v in reversed(process.variants)}
    a = data.get("a") if data.get("a") in ids else kinds.get("as-is", ids[0] if ids else None)
    others = [i for i in ids if i != a]
    b = data.get("b") if data.get("b") in ids else kinds.get("to-be", others[0] if others else a)
    return process, a, b


def _change_value(value: Any, lanes: dict[str, str]) -> str:
    """A value of a flow change: a lane or role by name, a number in the user's format."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return charts.fmt(value, 2)
    return lanes.get(str(value), str(value))


@organisation_view(VIEW)
def analysis(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    from verksam.analysis import TOTAL, AnalysisError, analyze, compare_variants

    row, model = _case(request, case)
    process, a, b = _choose(model, request.GET)
    context: dict[str, Any] = {"case": row, "model": model, "process": process, "a": a, "b": b}
    count = max((oversized(model, process.id, v) or 0 for v in (a, b) if v), default=0)
    if process is not None and count:
        context["too_large"] = too_many_activities(count)
    elif process is not None and a is not None:
        try:
            metrics = json.loads(analyze(model, process.id, a).to_json())
            currency = metrics["currency"]
            names_of_roles = role_names(model)
            context["activities"] = [
                {**act, "role": names_of_roles.get(act.get("role") or "", act.get("role")),
                 "workload": charts.fmt(act["workload_hours"], 0), "fte_text": charts.fmt(act["fte"], 2),
                 "cost_text": charts.fmt(act["cost"], 0) if act.get("cost") is not None else "–"}
                for act in metrics["activities"]
            ]  # fmt: skip
            roles = role_names(model)
            fte = [(roles.get(k, k), v) for k, v in metrics["fte"].items() if k != TOTAL and v]
            context["fte_chart"] = charts.bars(_("FTE per role"), fte, decimals=2)
            outside = _("outside the organisation, not in the total")
            context["fte_rows"] = [
                (roles.get(k, k) if metrics["in_total"].get(k, True) else f"{roles.get(k, k)} ({outside})",
                 charts.fmt(v, 2))
                for k, v in metrics["fte"].items() if k != TOTAL and v
            ] + [(_("Total of the organisation's own roles"), charts.fmt(metrics["fte"][TOTAL], 2))]  # fmt: skip
            context["currency"] = currency
            if b is not None and b != a:
                comparison = compare_variants(model, process.id, a, b)
                context["figures"] = [
                    {"label": _figure_label(model, f.key), "a": _number(f.key, f.a, currency),
                     "b": _number(f.key, f.b, currency), "difference": _number(f.key, f.difference, currency),
                     "relative": "–" if f.relative is None else f"{charts.fmt(100 * f.relative, 1)} %",
                     "better": f.difference is not None and f.difference < 0 and f.key.split(".")[0] not in SHARES | {"volume_per_year"}}
                    for f in comparison.figures
                ]  # fmt: skip
                lanes = {lane.id: lane.label for v in process.variants for lane in v.lanes}
                context["changes"] = [
                    {"kind": str(CHANGE_LABELS.get(c.kind, c.kind)), "name": c.name or c.activity,
                     "a": _change_value(c.a, lanes), "b": _change_value(c.b, lanes)}
                    for c in comparison.changes
                ]  # fmt: skip
                names = {v.id: v.label for v in process.variants}
                context["a_label"], context["b_label"] = names.get(a, a), names.get(b, b)
        except AnalysisError as exc:
            document = model.model_dump(mode="json", exclude_none=True)
            context["error"] = analysis_error_words(exc, document)
    return render(request, "workbench/analysis.html", context)


class SimulationForm(forms.Form):
    variant = forms.ChoiceField(label=gettext_lazy("Process variant"))
    cases = forms.IntegerField(
        label=gettext_lazy("Cases per run"), min_value=10, max_value=200_000, initial=1000
    )
    replications = forms.IntegerField(
        label=gettext_lazy("Runs (replications)"), min_value=1, max_value=20, initial=5
    )
    seed = forms.IntegerField(label=gettext_lazy("Random seed"), min_value=0, initial=0,
                              help_text=gettext_lazy("The same seed gives the same results."))  # fmt: skip

    def __init__(self, model: CaseModel, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["variant"]).choices = [
            (f"{p.id}/{v.id}", f"{p.label} – {v.label}")
            for p in model.processes
            for v in p.variants
        ]


@organisation_view(VIEW)
def simulation(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    row, model = _case(request, case)
    form = SimulationForm(model, request.POST or None)
    if request.method == "POST":
        if "edit" not in request.permissions:
            raise PermissionDenied
        if form.is_valid():
            process, variant = form.cleaned_data["variant"].split("/", 1)
            params = {"process": process, "variant": variant, "revision": row.revision,
                      **{k: form.cleaned_data[k] for k in ("cases", "replications", "seed")}}  # fmt: skip
            job = start_job(request.organisation, request.user, "simulate", params, case=row)
            return redirect("workbench:simulation_result", org=org, case=row.slug, job=job.pk)
    jobs = Job.objects.filter(organisation=request.organisation, case=row, kind="simulate")[:10]
    return render(
        request,
        "workbench/simulation.html",
        {"case": row, "model": model, "form": form, "jobs": jobs},
    )


def _job_of(request: OrganisationRequest, row: Any, job: Any, kind: str) -> Job:
    found = access_job(request.organisation, job)
    if found.case_id != row.pk or found.kind != kind:
        raise Http404("No such job")
    return found


@organisation_view(VIEW)
def simulation_result(
    request: OrganisationRequest, org: str, case: str, job: uuid.UUID
) -> HttpResponse:
    row, model = _case(request, case)
    found = _job_of(request, row, job, "simulate")
    context: dict[str, Any] = {"case": row, "model": model, "job": found}
    process = next((p for p in model.processes if p.id == found.params["process"]), None)
    variant = (
        next((v for v in process.variants if v.id == found.params["variant"]), None)
        if process
        else None
    )
    context["process_name"] = process.label if process else found.params["process"]
    context["variant_name"] = variant.label if variant else found.params["variant"]
    if found.status == Job.DONE:
        result = found.result
        roles = role_names(model)
        names = {n.id: n.label for p in model.processes for v in p.variants for n in v.nodes}
        cycle = result["cycle_time_hours"]
        context["kpis"] = [
            (_("Cycle time, mean (h)"), cycle["mean"]), (_("Cycle time, median (h)"), cycle["p50"]),
            (_("Cycle time, 90th percentile (h)"), cycle["p90"]), (_("Cycle time, 95th percentile (h)"), cycle["p95"]),
            (_("Work per case (h)"), result["touch_hours"]), (_("Waiting for staff per case (h)"), result["queue_wait_hours"]),
            (_("Other waiting per case (h)"), result["external_wait_hours"]), (_("Completed cases per day"), result["throughput_per_day"]),
            (_("Cases in progress, mean"), result["wip_mean"]),
        ]  # fmt: skip
        context["kpis"] = [
            (label, charts.fmt(e["value"], 1), "" if e["low"] is None else f"{charts.fmt(e['low'], 1)} – {charts.fmt(e['high'], 1)}")
            for label, e in context["kpis"]
        ]  # fmt: skip
        utilisation = [
            (roles.get(k, k), 100 * v["utilisation"]["value"])
            for k, v in result["roles"].items() if v["utilisation"]["value"] is not None
        ]  # fmt: skip
        context["utilisation_chart"] = charts.bars(
            _("Utilisation per role"), utilisation, " %", maximum=100
        )
        context["utilisation_rows"] = [
            (roles.get(k, k), "–" if v["utilisation"]["value"] is None else f"{charts.fmt(100 * v['utilisation']['value'], 1)} %",
             charts.fmt(v["busy_hours"]["value"], 0), charts.fmt(v["queue_mean"]["value"], 2), v["capacity"] or _("unlimited"))
            for k, v in result["roles"].items()
        ]  # fmt: skip
        curve = [(h, s) for h, s in result["cycle_curve"]]
        context["cycle_chart"] = charts.curve(
            _("Share of cases finished within a cycle time"),
            curve,
            _("hours from arrival"),
            _("cases finished"),
        )
        context["cycle_rows"] = [(f"{round(s * 100)} %", charts.fmt(h, 1)) for h, s in curve[5::5]]
        context["activity_rows"] = [
            (names.get(k, k), charts.fmt(v["visits_per_case"]["value"], 2), charts.fmt(v["queue_wait_hours"]["value"], 2),
             charts.fmt(v["work_hours"]["value"], 2))
            for k, v in result["activities"].items()
        ]  # fmt: skip
    template = (
        "workbench/_simulation_body.html"
        if request.headers.get("HX-Request")
        else "workbench/simulation_result.html"
    )
    return render(request, template, context)


COLUMN_FIELDS = ("case_column", "activity_column", "timestamp_column", "start_column", "resource_column")  # fmt: skip
ROLE_FIELDS = {
    "case": "case_column",
    "activity": "activity_column",
    "timestamp": "timestamp_column",
}
PENDING = "pending-log"  # session key: an uploaded CSV waiting for its columns to be chosen


class LogUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Event log"),
        help_text=gettext_lazy(
            "CSV, Parquet or XES (.csv, .parquet, .xes, .xes.gz), one row per event. CSV "
            "separated by commas, semicolons (as Excel saves in Sweden and Norway) or tabs."
        ),
        required=False,
    )
    variant = forms.ChoiceField(
        label=gettext_lazy("Compare with the modelled variant"), required=False
    )
    case_column = forms.CharField(label=gettext_lazy("Case column"), required=False,
                                  help_text=gettext_lazy("Leave empty to recognise common names (case, case_id, case:concept:name …)."))  # fmt: skip
    activity_column = forms.CharField(label=gettext_lazy("Activity column"), required=False)
    timestamp_column = forms.CharField(label=gettext_lazy("Completion time column"), required=False)
    start_column = forms.CharField(
        label=gettext_lazy("Start time column (optional)"), required=False
    )
    resource_column = forms.CharField(
        label=gettext_lazy("Resource column (optional)"), required=False
    )

    def __init__(
        self,
        model: CaseModel,
        *args: Any,
        columns: list[str] | None = None,
        pending: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.pending = pending
        cast(forms.ChoiceField, self.fields["variant"]).choices = [("", _("(none)"))] + [
            (f"{p.id}/{v.id}", f"{p.label} – {v.label}")
            for p in model.processes
            for v in p.variants
        ]
        if columns is not None:
            # The file is here already: choose among its columns instead of typing names.
            del self.fields["file"]
            for name in COLUMN_FIELDS:
                old = self.fields[name]
                optional = name in ("start_column", "resource_column")
                self.fields[name] = forms.ChoiceField(
                    label=old.label,
                    choices=[("", _("(none)") if optional else _("Choose a column"))]
                    + [(c, c) for c in columns],
                    required=not optional,
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "file" in self.fields and not data.get("file") and not self.errors.get("file"):
            self.add_error("file", _("Choose the file with the event log."))
        return data

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload is None:
            return None
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (limit %(limit)s MB).")
                % {"limit": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        if not upload.name.lower().endswith((".csv", ".parquet", ".xes", ".xes.gz")):
            raise forms.ValidationError(_("Choose a .csv, .parquet, .xes or .xes.gz file."))
        return upload


def _missing_columns(path: Path, chosen: dict[str, str]) -> tuple[list[str], list[str]] | None:
    """For a CSV upload: (roles without a column, the file's columns) when the usual names and
    the user's choices do not find the case, activity and time columns; None when they do (or
    the file is no CSV: its reader reports problems in the job)."""
    from verksam.mining.log import Columns, MissingColumnError, ReadOptions, detect_columns
    from verksam.mining.sources import SourceError, csv_columns

    if not path.name.lower().endswith((".csv", ".csv.gz", ".tsv", ".txt")):
        return None
    try:
        _separator, names = csv_columns(path, ReadOptions())
        detect_columns(names, Columns(**{role: chosen.get(f"{role}_column") or None
                                         for role in ("case", "activity", "timestamp")}))  # fmt: skip
    except SourceError:
        return None
    except MissingColumnError as exc:
        return exc.missing, exc.names
    except ValueError:  # a chosen column the file does not have: choose again
        return ["case", "activity", "timestamp"], names
    return None


@organisation_view(VIEW)
def mining(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    row, model = _case(request, case)
    pending: dict[str, Any] | None = request.session.get(PENDING)
    if pending is not None and (pending.get("case") != row.pk or "pending" not in request.POST):
        pending = None
    columns = pending["columns"] if pending else None
    form = LogUploadForm(model, request.POST or None, request.FILES or None, columns=columns)
    missing_text = ""
    if request.method == "POST":
        if "edit" not in request.permissions:
            raise PermissionDenied
        if form.is_valid():
            if pending is not None:
                target = Path(settings.MEDIA_ROOT) / pending["file"]
                filename = pending["filename"]
            else:
                upload = form.cleaned_data["file"]
                name = re.sub(r"[^A-Za-z0-9._-]+", "_", upload.name)[-120:]
                target = log_folder(uuid.uuid4()) / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
                filename = upload.name
            file = target.relative_to(settings.MEDIA_ROOT).as_posix()
            gaps = _missing_columns(target, form.cleaned_data)
            if gaps is not None:
                # Keep the file and ask which column is which, among the file's own columns.
                missing, names = gaps
                request.session[PENDING] = {"case": row.pk, "file": file, "filename": filename,
                                            "columns": names}  # fmt: skip
                form = LogUploadForm(model, columns=names, initial=form.cleaned_data)
                missing_text = _(
                    "“%(file)s” has no column we recognise for %(what)s. Choose below which "
                    "of its columns is which, then press “Upload and analyse” again."
                ) % {"file": filename, "what": ", ".join(str(ROLE_NAMES[m]) for m in missing)}
            else:
                request.session.pop(PENDING, None)
                process, _sep, variant = (form.cleaned_data.get("variant") or "").partition("/")
                params = {
                    "file": file, "filename": filename, "process": process, "variant": variant,
                    "revision": row.revision, **{k: form.cleaned_data.get(k) or "" for k in COLUMN_FIELDS},
                }  # fmt: skip
                job = start_job(request.organisation, request.user, "mine-log", params, case=row)
                url = reverse(
                    "workbench:mining_result", kwargs={"org": org, "case": row.slug, "job": job.pk}
                )
                return redirect(url)
    jobs = Job.objects.filter(organisation=request.organisation, case=row, kind="mine-log")[:10]
    return render(request, "workbench/mining.html", {"case": row, "model": model, "form": form, "jobs": jobs,
                                                    "missing_text": missing_text, "choosing": "file" not in form.fields,
                                                    "limit_mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)})  # fmt: skip


def _clock(service: dict[str, Any]) -> str:
    """When a service declaration's clock starts and stops, in words (the rule that was used)."""
    if service.get("start_rule", "activity") == "first-event":
        start = _("from the case's first event")
    else:
        start = _("from “%(names)s”") % {"names": " / ".join(service.get("start_activities", []))}
    if service.get("end_rule", "activity") == "last-event":
        end = _("to the case's last event")
    else:
        end = _("to “%(names)s”") % {"names": " / ".join(service.get("end_activities", []))}
    return f"{start} {end}"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds >= 86400:
        return _("%(n)s days") % {"n": charts.fmt(seconds / 86400, 1)}
    if seconds >= 3600:
        return _("%(n)s h") % {"n": charts.fmt(seconds / 3600, 1)}
    return _("%(n)s min") % {"n": charts.fmt(seconds / 60, 1)}


@organisation_view(VIEW)
def mining_result(
    request: OrganisationRequest, org: str, case: str, job: uuid.UUID
) -> HttpResponse:
    row, model = _case(request, case)
    found = _job_of(request, row, job, "mine-log")
    context: dict[str, Any] = {"case": row, "model": model, "job": found}
    if found.status == Job.DONE:
        r = found.result
        durations = r["case_duration_seconds"]
        context["overview"] = [
            (_("Cases"), charts.fmt(r["cases"], 0)), (_("Events"), charts.fmt(r["events"], 0)),
            (_("Activities"), charts.fmt(len(r["activities"]), 0)), (_("Variants"), charts.fmt(len(r["variants"]), 0)),
            (_("Case duration, mean"), _duration(durations["mean"])), (_("Case duration, median"), _duration(durations["median"])),
            (_("Case duration, 90th percentile"), _duration(durations["p90"])), (_("Case duration, longest"), _duration(durations["max"])),
        ]  # fmt: skip
        context["variants"] = [
            {"steps": " → ".join(v["activities"]), "count": charts.fmt(v["count"], 0),
             "share": f"{charts.fmt(100 * v['share'], 1)} %", "duration": _duration(v["mean_duration_seconds"])}
            for v in r["variants"][:15]
        ]  # fmt: skip
        context["edges"] = [
            {"source": e["source"], "target": e["target"], "count": charts.fmt(e["count"], 0),
             "mean": _duration(e["mean_seconds"]), "median": _duration(e["median_seconds"])}
            for e in sorted(r["dfg"], key=lambda e: -e["count"])[:25]
        ]  # fmt: skip
        context["conformance"] = r.get("conformance")
        if context["conformance"]:
            c = context["conformance"]
            c["fitness_text"] = (
                "–" if c.get("fitness") is None else f"{charts.fmt(100 * c['fitness'], 1)} %"
            )
            c["fitting_text"] = (
                "–"
                if c.get("fitting_share") is None
                else f"{charts.fmt(100 * c['fitting_share'], 1)} %"
            )
        context["services"] = [
            {**s, "share_text": "–" if s.get("share") is None else f"{charts.fmt(100 * s['share'], 1)} %",
             "target_text": f"{charts.fmt(100 * s['target_share'], 1)} %", "clock_text": _clock(s)}
            for s in r.get("services", [])
        ]  # fmt: skip
        context["indicator_series"] = _indicator_series(found, model)
        context["map_svg"] = _map(found, model, request.GET)
        context["activities_level"] = request.GET.get("activities", "100")
        context["paths_level"] = request.GET.get("paths", "100")
        context["mode"] = request.GET.get("mode", "frequency")
    template = (
        "workbench/_mining_body.html"
        if request.headers.get("HX-Request") and "map" not in request.GET
        else "workbench/mining_result.html"
    )
    return render(request, template, context)


def _indicator_series(job: Job, model: CaseModel) -> list[dict[str, Any]]:
    """The log's monthly series that can become indicators (none when the log is gone)."""
    from verksam.web.indicators.fromlog import monthly_for, series_rows

    try:
        return series_rows(monthly_for(job, model), model)
    except OSError:  # the uploaded log was removed; the rest of the result still shows
        return []


def _level(data: Any, key: str) -> float:
    try:
        return min(max(int(data.get(key, 100)), 1), 100) / 100
    except ValueError:
        return 1.0


def _map(job: Job, model: CaseModel, data: Any) -> SafeString:
    """The discovered map at the slider levels, drawn from the levels the job stored (the uploaded
    log is not read again)."""
    from verksam.diagrams import render_process_map
    from verksam.mining.maps import LEVELS, graph_of
    from verksam.mining.services import TIMEZONES

    stored = stored_map_levels(job, TIMEZONES.get(model.settings.country, "UTC"))
    activities = min(LEVELS, key=lambda level: abs(level - 100 * _level(data, "activities")))
    nodes, edges = graph_of(
        stored["data"][stored["levels"][str(activities)]], _level(data, "paths")
    )
    mode: Literal["frequency", "performance"] = (
        "performance" if data.get("mode") == "performance" else "frequency"
    )
    from verksam.diagrams.words import language

    # like every diagram, in the case's language (a course reader may read it in another)
    svg = render_process_map(nodes, edges, mode=mode, title=_("Discovered process"),
                             subtitle=job.params.get("filename", ""), lang=language(model))  # fmt: skip
    # Our own renderer's SVG (labels escaped by it), inlined without the XML declaration.
    return mark_safe(svg.split("?>", 1)[1].lstrip() if svg.startswith("<?xml") else svg)


@organisation_view(VIEW)
def mining_map(
    request: OrganisationRequest, org: str, case: str, job: uuid.UUID, fmt: str = "svg"
) -> HttpResponse:
    """The map alone: an HTML fragment for the sliders (htmx), else an SVG or PNG file."""
    row, model = _case(request, case)
    found = _job_of(request, row, job, "mine-log")
    if found.status != Job.DONE:
        raise Http404("No map yet")
    svg = _map(found, model, request.GET)
    if request.headers.get("HX-Request"):
        return render(request, "workbench/_map.html", {"map_svg": svg, "case": row, "job": found})
    return picture_response(svg, f"{row.slug}-map", fmt)


@organisation_view(VIEW)
def benefits(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    from verksam.benefits import BenefitsError, benefits_report

    row, model = _case(request, case)
    context: dict[str, Any] = {"case": row, "model": model}
    if model.benefits is None:
        return render(request, "workbench/benefits.html", context)
    try:
        report = benefits_report(model)
    except BenefitsError as exc:
        context["error"] = str(exc)
        return render(request, "workbench/benefits.html", context)
    data = report.to_json()
    data = json.loads(data) if isinstance(data, str) else data
    currency = data["currency"]
    context["currency"] = currency
    context["npv"] = charts.fmt(data["npv"], 0)
    context["benefits_pv"] = charts.fmt(data["benefits_pv"], 0)
    context["costs_pv"] = charts.fmt(data["costs_pv"], 0)
    by_t = {y["t"]: y["year"] for y in data["years"]}
    context["payback"] = (
        None if data["payback_year"] is None else str(by_t.get(data["payback_year"], ""))
    )
    labels = {k: str(v) for k, v in CHOICE_LABELS.items()}
    context["discount"] = f"{charts.fmt(100 * data['discount_rate'], 1)} %"
    context["register"] = [
        {"name": b["name"], "category": labels.get(b["category"], b["category"]), "owner": b["owner"],
         "status": labels.get(b["status"], b["status"]),
         "fte": "–" if b.get("fte") is None else charts.fmt(b["fte"], 2),
         "amount": "–" if b.get("amount_per_year") is None else charts.fmt(b["amount_per_year"], 0),
         "explanation": [step["text"] for step in b.get("explanation", [])]}
        for b in data["benefits"]
    ]  # fmt: skip
    context["years"] = [
        {"year": str(y["year"]), "benefits": charts.fmt(y["benefits_total"], 0), "costs": charts.fmt(y["costs_total"], 0),
         "net": charts.fmt(y["net"], 0), "factor": charts.fmt(y["discount_factor"], 3),
         "pv": charts.fmt(y["present_value"], 0), "cumulative": charts.fmt(y["cumulative_present_value"], 0)}
        for y in data["years"]
    ]  # fmt: skip
    items = data["sensitivity"]["items"][:10]
    context["sensitivity_percent"] = charts.fmt(100 * data["sensitivity"]["percent"], 0)
    context["tornado"] = charts.tornado(
        _("Net present value when one input is lower or higher"), data["sensitivity"]["base_npv"],
        [(i["label"], i["npv_low"], i["npv_high"]) for i in items],
    )  # fmt: skip
    context["sensitivity"] = [
        {"label": i["label"], "low": charts.fmt(i["npv_low"], 0), "high": charts.fmt(i["npv_high"], 0),
         "break_even": "–" if i.get("break_even_value") is None else charts.fmt(i["break_even_value"], 1)}
        for i in items
    ]  # fmt: skip
    context["stakeholders"] = data["stakeholders"]
    context["risks"] = data["risks"]
    return render(request, "workbench/benefits.html", context)


@organisation_view(VIEW)
def benefits_workbook(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    """The benefits workbook (XLSX with live formulas) from verksam.benefits.workbook."""
    from verksam.benefits import BenefitsError, benefits_report
    from verksam.benefits.workbook import write_workbook

    row, model = _case(request, case)
    if model.benefits is None:
        raise Http404("No benefits")
    try:
        report = benefits_report(model)
    except BenefitsError:
        raise Http404("Benefits cannot be computed") from None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "benefits.xlsx"
        write_workbook(model, report, path)
        data = path.read_bytes()
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{row.slug}-benefits.xlsx"'
    return response
