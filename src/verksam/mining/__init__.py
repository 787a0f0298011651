"""Event-log analytics on Polars: import, directly-follows graph, variants, durations, filters,
conformance against a modelled variant and service-declaration checks (see docs/mining.md).

The other names load their module on first use: reading a log does not load the case model
or the holiday calendars."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# `conformance` is also the name of a module of this package: importing that module sets the
# package's attribute to the module, so the function is put there now, after it.
from verksam.mining.conformance import auto_mapping, build_net, conformance, replay

if TYPE_CHECKING:
    from verksam.mining.analytics import (
        activity_stats,
        case_durations,
        cases,
        dfg,
        duration_stats,
        end_activities,
        handoffs,
        ordered,
        rework,
        start_activities,
        steps,
        throughput,
        variants,
        with_units,
    )
    from verksam.mining.filters import (
        keep_activities,
        keep_paths,
        min_activity_count,
        min_path_count,
        simplify,
        time_window,
        top_variants,
    )
    from verksam.mining.log import (
        Columns,
        LogError,
        ReadOptions,
        activity_instances,
        canonical,
        pseudonymise,
        read_log,
        scan_log,
    )
    from verksam.mining.services import check_declaration, elapsed, public_holidays
    from verksam.mining.summary import prepare, summarise

_MODULES: dict[str, str] = {
    "Columns": "verksam.mining.log",
    "LogError": "verksam.mining.log",
    "ReadOptions": "verksam.mining.log",
    "activity_instances": "verksam.mining.log",
    "activity_stats": "verksam.mining.analytics",
    "canonical": "verksam.mining.log",
    "case_durations": "verksam.mining.analytics",
    "cases": "verksam.mining.analytics",
    "check_declaration": "verksam.mining.services",
    "dfg": "verksam.mining.analytics",
    "duration_stats": "verksam.mining.analytics",
    "elapsed": "verksam.mining.services",
    "end_activities": "verksam.mining.analytics",
    "handoffs": "verksam.mining.analytics",
    "keep_activities": "verksam.mining.filters",
    "keep_paths": "verksam.mining.filters",
    "min_activity_count": "verksam.mining.filters",
    "min_path_count": "verksam.mining.filters",
    "ordered": "verksam.mining.analytics",
    "prepare": "verksam.mining.summary",
    "pseudonymise": "verksam.mining.log",
    "public_holidays": "verksam.mining.services",
    "read_log": "verksam.mining.log",
    "rework": "verksam.mining.analytics",
    "scan_log": "verksam.mining.log",
    "simplify": "verksam.mining.filters",
    "start_activities": "verksam.mining.analytics",
    "steps": "verksam.mining.analytics",
    "summarise": "verksam.mining.summary",
    "throughput": "verksam.mining.analytics",
    "time_window": "verksam.mining.filters",
    "top_variants": "verksam.mining.filters",
    "variants": "verksam.mining.analytics",
    "with_units": "verksam.mining.analytics",
}

__all__ = [
    "Columns",
    "LogError",
    "ReadOptions",
    "activity_instances",
    "activity_stats",
    "auto_mapping",
    "build_net",
    "canonical",
    "case_durations",
    "cases",
    "check_declaration",
    "conformance",
    "dfg",
    "duration_stats",
    "elapsed",
    "end_activities",
    "handoffs",
    "keep_activities",
    "keep_paths",
    "min_activity_count",
    "min_path_count",
    "ordered",
    "prepare",
    "pseudonymise",
    "public_holidays",
    "read_log",
    "replay",
    "rework",
    "scan_log",
    "simplify",
    "start_activities",
    "steps",
    "summarise",
    "throughput",
    "time_window",
    "top_variants",
    "variants",
    "with_units",
]


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return getattr(importlib.import_module(_MODULES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
