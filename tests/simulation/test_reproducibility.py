"""The same seed gives identical results; another seed or another replication gives other draws."""

import json

from tests.simulation.simulation_models import permit_case
from verksam.simulation import simulate


def run(seed: int, tmp_path=None, name="log.csv"):
    log = tmp_path / name if tmp_path is not None else None
    return simulate(
        permit_case(capacity=2), "permit", cases=2_000, seed=seed, replications=3, log=log
    )


def test_the_same_seed_gives_identical_results(tmp_path):
    first = run(7, tmp_path, "a.csv")
    second = run(7, tmp_path, "b.csv")
    assert json.dumps(first.json()) == json.dumps(second.json())
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_another_seed_gives_other_results():
    assert run(7).json()["cycle_time_hours"] != run(8).json()["cycle_time_hours"]


def test_replications_draw_independently():
    summary = run(7)
    means = {r.cycle.mean for r in summary.runs}
    assert len(means) == 3
    ci = summary["cycle_time_hours"]["mean"]
    assert ci.low < ci.value < ci.high
