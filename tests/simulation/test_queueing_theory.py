"""The simulation reproduces queueing theory: M/M/1, M/M/c (Erlang C) and a tandem (Jackson) network.

Theory gives the steady-state mean wait in queue Wq and the utilisation; each must lie within the
95 % confidence interval of the replications. A warm-up leaves out the empty start.
"""

import math

from tests.simulation.simulation_models import tandem_case
from verksam.simulation import simulate

REPLICATIONS = 12
CASES = 20_000
WARMUP = 1_000


def erlang_c_wait(arrival_rate: float, service_mean: float, servers: int) -> float:
    """Mean wait in queue of an M/M/c queue (minutes), from the Erlang C formula."""
    a = arrival_rate * service_mean  # offered load in Erlangs
    rho = a / servers
    top = a**servers / math.factorial(servers) / (1 - rho)
    bottom = sum(a**k / math.factorial(k) for k in range(servers)) + top
    p_wait = top / bottom
    return p_wait * service_mean / (servers * (1 - rho))


def test_mm1_mean_wait_and_utilisation_match_theory():
    interarrival, service = 1.0, 0.7
    summary = simulate(
        tandem_case(interarrival, [(service, 1)]),
        "p", cases=CASES, seed=11, replications=REPLICATIONS, warmup=WARMUP,
    )  # fmt: skip
    rho = service / interarrival
    wq_hours = rho * service / (1 - rho) / 60
    assert summary["activities"]["t0"]["queue_wait_hours"].contains(wq_hours)
    assert summary["roles"]["r0"]["utilisation"].contains(rho)
    # The interval must be informative, not wide enough to contain anything.
    e = summary["activities"]["t0"]["queue_wait_hours"]
    assert e.high - e.low < 0.2 * wq_hours


def test_mmc_mean_wait_and_utilisation_match_erlang_c():
    interarrival, service, servers = 1.0, 2.4, 3
    summary = simulate(
        tandem_case(interarrival, [(service, servers)]),
        "p", cases=CASES, seed=5, replications=REPLICATIONS, warmup=WARMUP,
    )  # fmt: skip
    wq_hours = erlang_c_wait(1 / interarrival, service, servers) / 60
    assert summary["activities"]["t0"]["queue_wait_hours"].contains(wq_hours)
    assert summary["roles"]["r0"]["utilisation"].contains(service / interarrival / servers)
    assert summary["roles"]["r0"]["queue_mean"].contains(wq_hours * 60 / interarrival)  # Little


def test_tandem_network_stations_behave_as_independent_queues():
    # Jackson: with Poisson arrivals each exponential station is an M/M/c queue of its own.
    interarrival = 1.0
    stations = [(0.6, 1), (1.5, 2), (0.5, 1)]
    summary = simulate(
        tandem_case(interarrival, stations),
        "p", cases=CASES, seed=3, replications=REPLICATIONS, warmup=WARMUP,
    )  # fmt: skip
    total_wait = 0.0
    for i, (service, servers) in enumerate(stations):
        wq = erlang_c_wait(1 / interarrival, service, servers)
        total_wait += wq + service
        assert summary["activities"][f"t{i}"]["queue_wait_hours"].contains(wq / 60), i
        assert summary["roles"][f"r{i}"]["utilisation"].contains(service / servers / interarrival)
    assert summary["cycle_time_hours"]["mean"].contains(total_wait / 60)
