"""Background jobs of the workbench: a simulation of one process variant (verksam.simulation) and
the analysis of an uploaded event log (verksam.mining). Both store their JSON result on the job."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verksam.limits import LimitError
from verksam.model import Case
from verksam.web.cases.access import access_revision
from verksam.web.jobs.limits import current_limits, limit_message
from verksam.web.jobs.models import Job
from verksam.web.jobs.registry import Report, job_kind

CDF_STEPS = 50  # points of the cycle-time curve
# The roles a log's columns play, as a user reads them in "no column for …".
ROLE_NAMES = {"case": gettext_lazy("case id"), "activity": gettext_lazy("activity"),
              "timestamp": gettext_lazy("time")}  # fmt: skip


class JobInputError(ValueError):
    """The job's input cannot be used (the message is shown to the user, without a traceback)."""


def case_at(job: Job) -> Case:
    """The case as it was when the job was started (its revision is in the parameters)."""
    assert job.case is not None, "workbench jobs are started on a case"
    revision = access_revision(job.case, int(job.params["revision"]))
    return Case.model_validate(revision.document)


def _throttled(report: Report, total: int, message: str) -> Any:
    last = [-1.0]

    def progress(done: int) -> None:
        fraction = min(done / max(total, 1), 1.0)
        if fraction - last[0] >= 0.02 or fraction >= 1.0:
            last[0] = fraction
            report(fraction, message)

    return progress


@job_kind("simulate", gettext_lazy("Simulation"))
def simulate_variant(job: Job, report: Report) -> dict[str, Any]:
    from verksam.simulation import SimulationError, simulate

    params = job.params
    case = case_at(job)
    cases, replications = int(params["cases"]), int(params["replications"])
    try:
        summary = simulate(
            case, params["process"], params["variant"], cases=cases,
            replications=replications, seed=int(params.get("seed", 0)),
            progress=_throttled(report, cases * replications, _("Simulating")),
        )  # fmt: skip
    except (SimulationError, ValueError) as exc:
        raise JobInputError(str(exc)) from None
    result = summary.json()
    # The cycle-time distribution of the first replication as a cumulative curve (hours, share).
    cycle = summary.runs[0].cycle
    result["cycle_curve"] = [
        [cycle.percentile(100 * i / CDF_STEPS) / 60, i / CDF_STEPS] for i in range(CDF_STEPS + 1)
    ]
    return result


def log_folder(job_id: Any) -> Path:
    return Path(settings.MEDIA_ROOT) / "logs" / str(job_id)


@job_kind("mine-log", gettext_lazy("Event-log analysis"))
def mine_log(job: Job, report: Report) -> dict[str, Any]:
    import polars as pl

    from verksam.mining import LogError, conformance
    from verksam.mining.log import MissingColumnError
    from verksam.mining.services import TIMEZONES, check_declaration
    from verksam.mining.summary import prepare, summarise

    params = job.params
    case = case_at(job)
    path = Path(settings.MEDIA_ROOT) / params["file"]
    zone = TIMEZONES.get(case.settings.country, "UTC")
    report(0.05, _("Reading the log"))
    try:
        lf, options = read(path, params, zone)
        frame = prepare(lf, path, options)
        report(0.4, _("Counting activities, paths and variants"))
        summary = summarise(frame.lazy(), timezone=zone, sorted_frame=frame)
        process = next((p for p in case.processes if p.id == params.get("process")), None)
        variant = (
            next((v for v in process.variants if v.id == params.get("variant")), None)
            if process
            else None
        )
        by_node: dict[str, list[str]] = {}
        if variant is not None:
            report(0.7, _("Checking conformance"))
            conformance_report, _cases = conformance(frame.lazy(), variant, is_ordered=True)
            summary["conformance"] = conformance_report
            for activity, node in conformance_report["mapping"].items():
                by_node.setdefault(node, []).append(activity)
            report(0.85, _("Checking the service declarations"))
            summary["services"] = [
                check_declaration(frame.lazy(), declaration, by_node,
                                  country=case.settings.country, timezone=zone)
                for declaration in case.services if declaration.promise is not None
            ]  # fmt: skip
        report(0.88, _("Counting cases and lead times per month"))
        summary["monthly"] = monthly_of(frame.lazy(), case, by_node, zone)
        report(0.9, _("Drawing the process map"))
        store_map_levels(path, frame.lazy())
    except LimitError as exc:
        raise JobInputError(limit_message(exc, params.get("filename", path.name))) from None
    except MissingColumnError as exc:
        raise JobInputError(
            _(
                "“%(file)s” has no column we recognise for %(what)s. Upload it again and choose "
                "the columns in the form; its columns are: %(names)s."
            )
            % {
                "file": params.get("filename", path.name),
                "what": ", ".join(str(ROLE_NAMES[m]) for m in exc.missing),
                "names": ", ".join(exc.names),
            }
        ) from None
    except (LogError, ValueError, KeyError, OSError, pl.exceptions.PolarsError) as exc:
        raise JobInputError(str(exc).strip("'\"")) from None
    summary["source"] = params.get("filename", path.name)
    return summary


MAP_LEVELS = "map-levels.json"


def monthly_of(lf: Any, case: Case, by_node: dict[str, list[str]], zone: str) -> dict[str, Any]:
    """The log's monthly series for indicators (volume, lead time, service declarations)."""
    from verksam.mining.monthly import monthly_series

    return monthly_series(lf, list(case.services), by_node, country=case.settings.country,
                          timezone=zone, is_ordered=True)  # fmt: skip


def stored_monthly(job: Job, case: Case) -> dict[str, Any]:
    """The monthly series of a finished mine-log job (computed now from the kept log and stored,
    for a job of an earlier version that did not compute them)."""
    if "monthly" in job.result:
        return dict(job.result["monthly"])
    from verksam.mining.services import TIMEZONES
    from verksam.mining.summary import prepare

    zone = TIMEZONES.get(case.settings.country, "UTC")
    path = Path(settings.MEDIA_ROOT) / job.params["file"]
    lf, options = read(path, job.params, zone)
    frame = prepare(lf, path, options, resources=False)
    by_node: dict[str, list[str]] = {}
    for activity, node in (job.result.get("conformance") or {}).get("mapping", {}).items():
        by_node.setdefault(node, []).append(activity)
    monthly = monthly_of(frame.lazy(), case, by_node, zone)
    Job.objects.filter(pk=job.pk).update(result={**job.result, "monthly": monthly})
    return monthly


def store_map_levels(log: Path, lf: Any) -> dict[str, Any]:
    """Compute the map at every slider level once and keep it beside the uploaded log, so that the
    result page and the sliders never read the log again."""
    from verksam.mining.maps import map_levels

    levels = map_levels(lf)
    (log.parent / MAP_LEVELS).write_text(json.dumps(levels), encoding="utf-8")
    return levels


def stored_map_levels(job: Job, zone: str) -> dict[str, Any]:
    """The map levels of a finished mine-log job (computed now and kept, for a job of an earlier
    version that did not store them)."""
    path = Path(settings.MEDIA_ROOT) / job.params["file"]
    try:
        return dict(json.loads((path.parent / MAP_LEVELS).read_text(encoding="utf-8")))
    except FileNotFoundError:
        lf, _options = read(path, job.params, zone)
        return store_map_levels(path, lf)


def read(path: Path, params: dict[str, Any], zone: str) -> tuple[Any, Any]:
    """The canonical lazy log of an uploaded file, with the column names given on upload."""
    from verksam.mining import Columns, ReadOptions, scan_log

    columns = Columns(
        case=params.get("case_column") or None,
        activity=params.get("activity_column") or None,
        timestamp=params.get("timestamp_column") or None,
        start_timestamp=params.get("start_column") or None,
        resource=params.get("resource_column") or None,
    )
    options = ReadOptions(columns=columns, timezone=zone, limits=current_limits())
    return scan_log(path, options), options
