"""The `verksam mine` command: a log's process, numbers, map, conformance and service promises."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from pathlib import Path
from typing import Annotated, Any, cast

import polars as pl
import typer
import yaml
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from verksam.formats.casefile import CaseFileError, load_case
from verksam.formats.spreadsheet import escape_csv_text
from verksam.formats.xes import XesError, write_xes
from verksam.mining import filters
from verksam.mining.conformance import conformance
from verksam.mining.log import (
    INDEX,
    KEY_ENV,
    Columns,
    LogError,
    ReadOptions,
    activity_instances,
    key_from_env,
    problems,
    scan_log,
)
from verksam.mining.services import TIMEZONES, check_declaration
from verksam.mining.summary import prepare, summarise
from verksam.model import Case, Variant

out = Console()
err = Console(stderr=True)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]{escape(message)}[/red]", highlight=False)
    return typer.Exit(code)


def read_mapping(path: Path) -> dict[str, str]:
    """A two-column mapping from YAML/JSON (an object) or CSV (first two columns, a header row).

    Raises
    ------
    ValueError
        When the file cannot be read or is not a flat text-to-text mapping.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the file: {exc}") from exc
    if path.suffix.lower() in (".csv", ".tsv"):
        rows = list(csv.reader(text.splitlines(), delimiter="\t" if path.suffix == ".tsv" else ","))
        for number, row in enumerate(rows[1:], 2):
            if len(row) < 2 or not row[0].strip():
                raise ValueError(f"{path}: line {number}: expected two columns")
        return {row[0].strip(): row[1].strip() for row in rows[1:]}
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML/JSON: {exc}") from exc
    if not isinstance(data, dict) or not all(
        isinstance(k, str | int) and isinstance(v, str | int) for k, v in data.items()
    ):
        raise ValueError(f"{path}: expected a mapping of names to names (e.g. 'Reg: register')")
    return {str(k): str(v) for k, v in data.items()}


def units_from_case(case: Case) -> dict[str, str]:
    """Resource → unit name from the case's structure: roles (by id or name) give their unit, and
    units match themselves, so a log naming roles or units maps to units."""
    mapping: dict[str, str] = {}
    if case.structure is None:
        return mapping
    names = {u.id: u.label for u in case.structure.units}
    for unit in case.structure.units:
        mapping[unit.id] = unit.label
        mapping[unit.label] = unit.label
    for role in case.structure.roles:
        if role.unit is not None:
            mapping[role.id] = names.get(role.unit, role.unit)
            mapping[role.label] = names.get(role.unit, role.unit)
    return mapping


def _pick_variant(case: Case, process: str | None, variant: str | None) -> Variant:
    if not case.processes:
        raise KeyError(f"case {case.id!r} has no processes to check the log against")
    proc = case.process(process) if process else case.processes[0]
    return proc.variant(variant)


def _date(text: str | None, option: str) -> dt.datetime | None:
    if text is None:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise LogError(
            f"{option}: {text!r} is not a date (use 2024-03-01 or 2024-03-01T08:00)"
        ) from exc


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 3600:
        return f"{seconds / 60:.1f} min"
    if seconds < 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def _when(iso: str | None) -> str:
    return dt.datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M UTC") if iso else "–"


def _print_summary(summary: dict[str, Any], top: int) -> None:
    out.print(
        f"[bold]{summary['events']:,}[/bold] events in [bold]{summary['cases']:,}[/bold] cases, "
        f"{len(summary['activities'])} activities, {len(summary['variants'])} variants; "
        f"{_when(summary['first_event'])} – {_when(summary['last_event'])}",
        highlight=False,
    )
    d = summary["case_duration_seconds"]
    out.print(
        f"Case duration: mean {_duration(d['mean'])}, median {_duration(d['median'])}, "
        f"p90 {_duration(d['p90'])}, max {_duration(d['max'])}",
        highlight=False,
    )
    table = Table(title="Activities")
    for col in ("activity", "events", "cases"):
        table.add_column(col, justify="left" if col == "activity" else "right")
    for name, stats in list(summary["activities"].items())[:top]:
        table.add_row(name, f"{stats['events']:,}", f"{stats['cases']:,}")
    out.print(table)
    table = Table(title="Most frequent paths")
    for col in ("from", "to", "count", "mean wait", "median wait"):
        table.add_column(col, justify="right" if col not in ("from", "to") else "left")
    for edge in summary["dfg"][:top]:
        table.add_row(
            edge["source"],
            edge["target"],
            f"{edge['count']:,}",
            _duration(edge["mean_seconds"]),
            _duration(edge["median_seconds"]),
        )
    out.print(table)
    table = Table(title="Variants")
    for col in ("#", "cases", "share", "activities"):
        table.add_column(col, justify="right" if col != "activities" else "left")
    for i, variant in enumerate(summary["variants"][:top], 1):
        acts = variant["activities"]
        shown = " → ".join(acts if len(acts) <= 8 else [*acts[:7], f"… ({len(acts)})"])
        table.add_row(str(i), f"{variant['count']:,}", f"{variant['share']:.1%}", shown)
    out.print(table)
    if summary.get("rework"):
        table = Table(title="Rework (activities repeated within a case)")
        for col in ("activity", "cases", "repeats"):
            table.add_column(col, justify="left" if col == "activity" else "right")
        for row in summary["rework"][:top]:
            table.add_row(row["activity"], f"{row['cases']:,}", f"{row['repeats']:,}")
        out.print(table)
    handoffs = summary.get("handoffs", {})
    for key, title in (
        ("units", "Handoffs between units"),
        ("resources", "Handoffs between people"),
    ):
        if handoffs.get(key):
            table = Table(title=title)
            for col in ("from", "to", "count", "cases", "mean time"):
                table.add_column(col, justify="left" if col in ("from", "to") else "right")
            for row in handoffs[key][:top]:
                table.add_row(
                    row["source"],
                    row["target"],
                    f"{row['count']:,}",
                    f"{row['cases']:,}",
                    _duration(row["mean_seconds"]),
                )
            out.print(table)
            break  # units when known, otherwise people


def _print_conformance(report: dict[str, Any]) -> None:
    fitness = report["fitness"]
    out.print(
        f"Conformance with variant {report['variant']!r}: fitness "
        f"{fitness:.3f}, {report['fitting_cases']:,} of {report['cases']:,} cases fit"
        if fitness is not None
        else "Conformance: no cases",
        highlight=False,
    )
    for key, label in (
        ("log_only_activities", "In the log, not in the model"),
        ("model_only_activities", "In the model, not in the log"),
    ):
        if report[key]:
            names = [a.get("activity") or a.get("name") for a in report[key]]
            out.print(f"{label}: {', '.join(str(n) for n in names[:10])}", highlight=False)
    for dev in report["deviations"][:5]:
        out.print(f"  {dev['cases']:,} cases: {dev['kind']}: {dev['activity']}", highlight=False)


def _print_service(result: dict[str, Any]) -> None:
    share = result["share"]
    verdict = "[green]kept[/green]" if result["met"] else "[red]not kept[/red]"
    out.print(
        f"Service declaration {result['name']!r}: within {result['limit']:g} {result['unit']}, "
        f"target {result['target_share']:.0%}: "
        + (
            f"{share:.1%} of {result['cases']:,} cases — {verdict}"
            if share is not None
            else "no cases"
        ),
        highlight=False,
    )
    clock = [
        "from the case's first event"
        if result["start_rule"] == "first-event"
        else f"from {' / '.join(result['start_activities'])}",
        "to its last event"
        if result["end_rule"] == "last-event"
        else f"to {' / '.join(result['end_activities'])}",
    ]
    out.print(f"  clock: {' '.join(clock)}", highlight=False)


def mine(
    log: Annotated[
        Path, typer.Argument(help="Event log: .xes, .xes.gz, .csv, .csv.gz or .parquet.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
    case_column: Annotated[str | None, typer.Option("--case", help="Case id column.")] = None,
    activity_column: Annotated[
        str | None, typer.Option("--activity", help="Activity column.")
    ] = None,
    timestamp_column: Annotated[
        str | None, typer.Option("--timestamp", help="Completion timestamp column.")
    ] = None,
    start_column: Annotated[
        str | None, typer.Option("--start-timestamp", help="Start timestamp column ('' for none).")
    ] = None,
    resource_column: Annotated[
        str | None, typer.Option("--resource", help="Resource column.")
    ] = None,
    lifecycle_column: Annotated[
        str | None, typer.Option("--lifecycle", help="Lifecycle transition column.")
    ] = None,
    time_format: Annotated[
        str | None, typer.Option(help="strftime format of the timestamps, e.g. '%d.%m.%Y %H:%M'.")
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            help="Zone of timestamps without offset (default: the case's country, or UTC)."
        ),
    ] = None,
    separator: Annotated[
        str | None,
        typer.Option(help="CSV separator (default: detected from the header: , ; tab or |)."),
    ] = None,
    instances: Annotated[
        bool, typer.Option(help="Merge start/complete events into one event per activity instance.")
    ] = False,
    pseudonymise: Annotated[
        bool,
        typer.Option(
            help=f"Replace case ids and resources by keyed hashes (key: --key or ${KEY_ENV})."
        ),
    ] = False,
    key: Annotated[str | None, typer.Option(help="Secret key for --pseudonymise.")] = None,
    since: Annotated[
        str | None, typer.Option("--from", help="Window start (date or datetime).")
    ] = None,
    until: Annotated[str | None, typer.Option("--to", help="Window end, exclusive.")] = None,
    window: Annotated[
        str, typer.Option(help="contained, intersecting, started, completed or trim.")
    ] = "contained",
    top_variants: Annotated[
        int | None, typer.Option(help="Keep the cases of the k most frequent variants.")
    ] = None,
    min_activity: Annotated[
        int | None, typer.Option(help="Drop activities seen fewer times.")
    ] = None,
    min_path: Annotated[int | None, typer.Option(help="Drop DFG paths seen fewer times.")] = None,
    map_file: Annotated[
        Path | None, typer.Option("--map", help="Draw the discovered map to this SVG.")
    ] = None,
    mode: Annotated[str, typer.Option(help="Map mode: frequency or performance.")] = "frequency",
    activities: Annotated[
        float, typer.Option(help="Map: share of activities to keep (0-1].")
    ] = 1.0,
    paths: Annotated[float, typer.Option(help="Map: share of paths to keep (0-1].")] = 1.0,
    case_file: Annotated[
        Path | None,
        typer.Option("--case-file", help="Case file: conformance, service declarations, units."),
    ] = None,
    process: Annotated[str | None, typer.Option(help="Process id in the case file.")] = None,
    variant: Annotated[
        str | None, typer.Option(help="Variant id (default: the as-is variant).")
    ] = None,
    activity_map: Annotated[
        Path | None, typer.Option(help="Log activity → model node id (YAML, JSON or CSV).")
    ] = None,
    unit_map: Annotated[
        Path | None, typer.Option(help="Resource → unit (YAML, JSON or CSV).")
    ] = None,
    export: Annotated[
        Path | None,
        typer.Option(help="Write the (filtered) log as .parquet, .csv, .xes or .xes.gz."),
    ] = None,
    drop: Annotated[
        list[str] | None,
        typer.Option(help="Leave out this extra column (repeatable), e.g. one with names."),
    ] = None,
    top: Annotated[int, typer.Option(help="Rows shown per table.")] = 10,
) -> None:
    """Analyse an event log: counts, directly-follows graph, variants, durations, handoffs.

    With a case file also conformance and service declarations; optionally draw the map."""
    try:
        case = load_case(case_file) if case_file else None
        country = case.settings.country if case else "SE"
        zone = timezone or (TIMEZONES[country] if case else "UTC")
        columns = Columns(
            case=case_column,
            activity=activity_column,
            timestamp=timestamp_column,
            start_timestamp=start_column,
            resource=resource_column,
            lifecycle=lifecycle_column,
        )
        options = ReadOptions(
            columns=columns,
            time_format=time_format,
            timezone=zone,
            separator=separator,
            pseudonymise_key=key_from_env(key) if pseudonymise else None,
        )
        lf = scan_log(log, options)
        if drop:
            present = set(lf.collect_schema().names())
            missing = [c for c in drop if c not in present]
            if missing:
                raise LogError(f"--drop: the log has no column {missing[0]!r}")
            if set(drop) & {"case", "activity", "timestamp"}:
                raise LogError("--drop cannot leave out the case, activity or timestamp")
            lf = lf.drop(drop)
        if instances:
            lf = activity_instances(lf)
        if window not in ("contained", "intersecting", "started", "completed", "trim"):
            raise LogError("--window must be contained, intersecting, started, completed or trim")
        lf = filters.time_window(
            lf,
            _date(since, "--from"),
            _date(until, "--to"),
            cast(filters.WindowMode, window),
            zone,
        )
        if min_activity:
            lf = filters.min_activity_count(lf, min_activity)
        if top_variants:
            lf = filters.top_variants(lf, top_variants)
        sorted_frame = prepare(lf, log, options)
        for problem in problems(sorted_frame.lazy(), str(log)):
            raise LogError(problem)
        units = units_from_case(case) if case else {}
        if unit_map:
            units.update(read_mapping(unit_map))
        summary = summarise(
            sorted_frame.lazy(), timezone=zone, units=units, sorted_frame=sorted_frame
        )
        if min_path:
            summary["dfg"] = [e for e in summary["dfg"] if e["count"] >= min_path]
        summary["source"] = str(log)
        if case is not None:
            mapping = read_mapping(activity_map) if activity_map else {}
            model = _pick_variant(case, process, variant)
            report, _ = conformance(sorted_frame.lazy(), model, mapping, is_ordered=True, top=top)
            summary["conformance"] = report
            by_node: dict[str, list[str]] = {}
            for activity, node in report["mapping"].items():
                by_node.setdefault(node, []).append(activity)
            summary["services"] = [
                check_declaration(
                    sorted_frame.lazy(),
                    declaration,
                    by_node,
                    country=country,
                    timezone=zone,
                    worst=top,
                )
                for declaration in case.services
                if declaration.promise is not None
            ]
        if map_file is not None:
            if mode not in ("frequency", "performance"):
                raise LogError("--mode must be frequency or performance")
            from verksam.mining.maps import render_map

            svg = render_map(
                sorted_frame.lazy(),
                mode=mode,  # type: ignore[arg-type]
                activities=activities,
                paths=paths,
                min_count=min_path or 0,
                title=f"Discovered process: {log.name}",
                subtitle=f"{summary['cases']:,} cases, {summary['events']:,} events",
            )
            map_file.write_text(svg, encoding="utf-8")
        if export is not None:
            _export(lf, export)
    except (LogError, XesError, ValueError, KeyError, OSError) as exc:
        raise _fail(str(exc).strip("'\"")) from None
    except CaseFileError as exc:
        raise _fail(str(exc)) from None
    except pl.exceptions.PolarsError as exc:
        raise _fail(f"{log}: {exc}") from None
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    _print_summary(summary, top)
    if "conformance" in summary:
        _print_conformance(summary["conformance"])
        for result in summary["services"]:
            _print_service(result)
    if map_file is not None:
        out.print(f"Wrote {map_file}", highlight=False)
    if export is not None:
        out.print(f"Wrote {export}", highlight=False)


def _export(lf: pl.LazyFrame, path: Path) -> None:
    """Write the log (all columns, file order) streaming where the format allows it."""
    name = path.name.lower()
    if name.endswith((".xes", ".xes.gz")):
        write_xes(lf.sort(INDEX).drop(INDEX), path)
        return
    tmp = path.with_name(path.name + ".part")
    lf = lf.drop(INDEX)
    try:
        if name.endswith(".parquet"):
            lf.sink_parquet(tmp)
        elif name.endswith(".csv"):
            escape_csv_text(lf).sink_csv(tmp, datetime_format="%Y-%m-%dT%H:%M:%S%.6f%:z")
        else:
            raise LogError(
                f"--export: unknown format of {path}; use .parquet, .csv, .xes or .xes.gz"
            )
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


__all__ = ["mine", "read_mapping", "units_from_case"]
