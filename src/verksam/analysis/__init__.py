"""Exact analysis of process variants: visits, times, workload → FTE → cost, and comparisons."""

from verksam.analysis.compare import (
    Figure,
    ProcessComparison,
    VariantComparison,
    compare_processes,
    compare_variants,
)
from verksam.analysis.graph import AnalysisError
from verksam.analysis.metrics import (
    TOTAL,
    UNASSIGNED,
    ActivityMetrics,
    Handoff,
    UnitMetrics,
    VariantMetrics,
    analyze,
    expected_visits,
    find_variant,
)

__all__ = [
    "TOTAL",
    "UNASSIGNED",
    "ActivityMetrics",
    "AnalysisError",
    "Figure",
    "Handoff",
    "ProcessComparison",
    "UnitMetrics",
    "VariantComparison",
    "VariantMetrics",
    "analyze",
    "compare_processes",
    "compare_variants",
    "expected_visits",
    "find_variant",
]
