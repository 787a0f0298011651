"""Every process variant of the pilot cases in examples/ simulates, and the progress callback counts
the cases of every replication."""

import pytest

from verksam.formats.casefile import load_case
from verksam.simulation import simulate


def test_every_pilot_variant_simulates(examples):
    ran = 0
    for path in sorted(examples.glob("*/*.yaml")):
        case = load_case(path)
        for process in case.processes:
            for variant in process.variants:
                summary = simulate(case, process.id, variant.id, cases=200, replications=2)
                assert summary["cycle_time_hours"]["mean"].value > 0, (path, variant.id)
                assert (
                    summary["cycle_time_hours"]["p95"].value
                    >= summary["cycle_time_hours"]["p50"].value
                )
                ran += 1
    if ran == 0:
        pytest.fail("no pilot case with a process was found in examples/")


def test_progress_counts_every_case_of_every_replication():
    from tests.simulation.simulation_models import permit_case

    seen: list[int] = []
    simulate(permit_case(capacity=2), "permit", cases=3_000, replications=2, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == 6_000
    assert len(seen) > 4


def test_storuman_staff_work_office_hours_in_the_simulated_log(examples, tmp_path):
    import polars as pl

    case = load_case(examples / "storuman" / "case.yaml")
    staff = {r.id for r in case.structure.roles if not r.external}
    log = tmp_path / "storuman.parquet"
    simulate(case, "elevtransport", "as-is", cases=300, seed=1, log=log)
    frame = pl.read_parquet(log).filter(pl.col("role").is_in(staff))
    assert frame.height > 0
    for column in ("start_timestamp", "timestamp"):
        local = frame[column]
        minutes = local.dt.hour().cast(pl.Int32) * 60 + local.dt.minute().cast(pl.Int32)
        assert ((minutes >= 8 * 60) & (minutes <= 16 * 60 + 30)).all(), column
        assert (local.dt.weekday() <= 5).all(), column
