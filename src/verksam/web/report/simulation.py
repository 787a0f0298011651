"""Simulation figures for the case report: for each process variant, the latest finished simulation
of the case (the runs the simulation page keeps, with their date, size and revision), or, where a
variant was never simulated and the report is made by a background job, a short seeded run made for
the report. The page in the browser never simulates (a run can take many seconds); it says which
variants have no run yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from verksam.model import Case as CaseModel
from verksam.web.cases.models import Case
from verksam.web.jobs.models import Job
from verksam.web.workbench import charts

SHORT_CASES, SHORT_SEED = 200, 0  # the short run a report makes for a variant never simulated


@dataclass
class SimulatedVariant:
    process: str
    variant: str
    source: str  # which run, in words: stored (date, size, revision) or short run for the report
    figures: list[tuple[str, str, str]] = field(default_factory=list)  # label, value, 95 % range
    mean_hours: float | None = None  # the mean cycle time, for the chart
    error: str = ""


@dataclass
class SimulationPart:
    variants: list[SimulatedVariant]
    chart: SafeString | None  # mean cycle time per variant
    chart_rows: list[tuple[str, str]]
    missing: list[str]  # "process – variant" of variants without a run


def _figures(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    cycle = result["cycle_time_hours"]
    rows = [
        (_("Cycle time, mean (h)"), cycle["mean"]), (_("Cycle time, 90th percentile (h)"), cycle["p90"]),
        (_("Work per case (h)"), result["touch_hours"]), (_("Waiting for staff per case (h)"), result["queue_wait_hours"]),
        (_("Other waiting per case (h)"), result["external_wait_hours"]),
        (_("Completed cases per day"), result["throughput_per_day"]), (_("Cases in progress, mean"), result["wip_mean"]),
    ]  # fmt: skip
    return [
        (label, charts.fmt(e["value"], 1),
         "" if e.get("low") is None else f"{charts.fmt(e['low'], 1)} – {charts.fmt(e['high'], 1)}")
        for label, e in rows if e.get("value") is not None
    ]  # fmt: skip


def _mean(result: dict[str, Any]) -> float | None:
    value = result["cycle_time_hours"]["mean"].get("value")
    return None if value is None else float(value)


def _stored(job: Job, current: int) -> str:
    from django.utils.formats import date_format
    from django.utils.timezone import localtime

    when = date_format(localtime(job.finished_at or job.created_at), "DATE_FORMAT")
    text = _(
        "Run of %(date)s on revision %(revision)s: %(cases)s cases × %(runs)s runs, seed %(seed)s."
    ) % {"date": when, "revision": job.params.get("revision"), "cases": job.params.get("cases"),
         "runs": job.params.get("replications"), "seed": job.params.get("seed", 0)}  # fmt: skip
    if int(job.params.get("revision") or 0) != current:
        text += " " + _("The case has changed since; run it again on the simulation page.")
    return text


def simulation_part(case: Case, model: CaseModel, *, run_missing: bool) -> SimulationPart:
    """The figures of every variant's latest stored run; with `run_missing`, a short seeded run
    for each variant that has none (slow: only in a background job)."""
    from verksam.simulation import SimulationError, simulate

    latest: dict[tuple[str, str], Job] = {}
    done = Job.objects.filter(case=case, kind="simulate", status=Job.DONE).order_by("-finished_at")
    for run in done[:200]:
        latest.setdefault((str(run.params.get("process")), str(run.params.get("variant"))), run)
    parts: list[SimulatedVariant] = []
    missing: list[str] = []
    for process in model.processes:
        for variant in process.variants:
            job = latest.get((process.id, variant.id))
            if job is not None:
                parts.append(SimulatedVariant(process.label, variant.label,
                                              _stored(job, case.revision), _figures(job.result),
                                              _mean(job.result)))  # fmt: skip
                continue
            if not run_missing:
                missing.append(f"{process.label} – {variant.label}")
                continue
            source = _(
                "Short run made for this report: %(cases)s cases, one run, seed %(seed)s "
                "(no simulation of this variant was kept)."
            ) % {"cases": SHORT_CASES, "seed": SHORT_SEED}
            try:
                summary = simulate(model, process.id, variant.id, cases=SHORT_CASES,
                                   replications=1, seed=SHORT_SEED)  # fmt: skip
            except (SimulationError, ValueError) as exc:
                parts.append(SimulatedVariant(process.label, variant.label, source, error=str(exc)))
            else:
                result = summary.json()
                parts.append(SimulatedVariant(process.label, variant.label, source,
                                              _figures(result), _mean(result)))  # fmt: skip
    one_process = len({p.process for p in parts}) == 1  # then the variant names say enough
    means = [(p.variant if one_process else f"{p.process} – {p.variant}", p.mean_hours)
             for p in parts if p.mean_hours is not None]  # fmt: skip
    chart = charts.bars(_("Cycle time, mean (h)"), means, " h", decimals=1) if means else None
    return SimulationPart(parts, chart, [(label, charts.fmt(v, 1)) for label, v in means], missing)
