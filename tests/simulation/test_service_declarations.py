"""A simulated event log answers a service declaration: the mining module's promise check reads it
and counts each simulated case once."""

from tests.simulation.simulation_models import permit_case
from verksam.mining.log import scan_log
from verksam.mining.services import check_declaration
from verksam.model import ServiceDeclaration
from verksam.model.services import Promise
from verksam.simulation import simulate


def test_a_simulated_log_shows_whether_a_promise_is_kept(tmp_path):
    log = tmp_path / "sim.parquet"
    summary = simulate(
        permit_case(capacity=1), "permit", cases=400, seed=5, replications=1, log=log
    )
    p95 = summary["cycle_time_hours"]["p95"].value

    def share(limit_hours: float) -> dict:
        promise = Promise(start="register", end="decide", limit=limit_hours, unit="hours")
        declaration = ServiceDeclaration(id="answer", process="permit", promise=promise)
        return check_declaration(scan_log(log), declaration)

    generous = share(10 * p95)
    assert generous["cases"] == 400 and generous["share"] == 1.0 and generous["met"]
    tight = share(0.01)
    assert tight["share"] == 0.0 and not tight["met"]
    # Measured from the end of registration, the clock stops before the case's full cycle time.
    assert share(p95)["share"] >= 0.95
