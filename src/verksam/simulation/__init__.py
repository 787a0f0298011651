"""Discrete-event simulation of process variants: arrivals, calendars, resource pools, distributions.

`simulate(case, process_id, variant_id, cases=..., seed=...)` runs a variant and returns every figure
with a 95 % confidence interval over replications; see docs/simulation.md for the semantics.
"""

from verksam.simulation.plan import SimulationError, compile_plan
from verksam.simulation.results import Estimate, SimulationSummary, simulate

__all__ = ["Estimate", "SimulationError", "SimulationSummary", "compile_plan", "simulate"]
