"""Small cases built in code for the simulation tests: queues with known theory and mixed flows."""

from __future__ import annotations

from verksam.model import Case, Flow, Lane, Node, Process, Structure, Variant
from verksam.model import Role as RoleModel
from verksam.model.process import Arrivals, Distribution


def exp(mean: float) -> Distribution:
    return Distribution(kind="exponential", mean=mean)


def tandem_case(
    interarrival: float, stations: list[tuple[float, int | None]], *, waiting_hours: float = 0.0
) -> Case:
    """Poisson arrivals (mean `interarrival` minutes) through stations of (mean service, servers)."""
    roles = [
        RoleModel(id=f"r{i}", name=f"Station {i}", capacity=servers, cost_per_hour=600.0)
        for i, (_mean, servers) in enumerate(stations)
    ]
    nodes = [Node(id="start", type="start")]
    flows = []
    previous = "start"
    for i, (mean, _servers) in enumerate(stations):
        nodes.append(
            Node(
                id=f"t{i}",
                name=f"Task {i}",
                lane=f"l{i}",
                touch_minutes=mean,
                duration=exp(mean),
                waiting_hours=waiting_hours,
            )
        )
        flows.append(Flow(source=previous, target=f"t{i}"))
        previous = f"t{i}"
    nodes.append(Node(id="end", type="end"))
    flows.append(Flow(source=previous, target="end"))
    variant = Variant(
        id="as-is",
        lanes=[Lane(id=f"l{i}", role=f"r{i}") for i in range(len(stations))],
        nodes=nodes,
        flows=flows,
        arrivals=Arrivals(interval=exp(interarrival)),
    )
    return Case(
        id="queue",
        name="Queue",
        structure=Structure(roles=roles),
        processes=[Process(id="p", variants=[variant])],
    )


def permit_case(*, capacity: int | None = None, waiting_hours: float = 2.0) -> Case:
    """A permit process with an XOR rework loop, an AND block and external waiting.

    Durations are random where the flow is sequential (exponential, triangular, lognormal) and
    fixed inside the AND block, where the static analysis takes the longest branch of fixed times.
    `touch_minutes` is each duration's mean, so analysis and simulation describe the same process.
    """
    roles = [
        RoleModel(id="clerk", capacity=capacity, cost_per_hour=500.0),
        RoleModel(id="officer", capacity=capacity, cost_per_hour=650.0),
    ]
    t = Distribution
    nodes = [
        Node(id="start", type="start", lane="front"),
        Node(
            id="register", lane="front", touch_minutes=10, duration=t(kind="exponential", mean=10)
        ),
        Node(id="merge", type="xor", lane="back"),
        Node(
            id="review",
            lane="back",
            touch_minutes=30,
            waiting_hours=waiting_hours,
            duration=t(kind="triangular", min=15, mode=30, max=45),
        ),
        Node(id="complete", type="xor", lane="back"),
        Node(id="ask", lane="front", touch_minutes=5, duration=t(kind="lognormal", mean=5, sd=2)),
        Node(id="fork", type="and", lane="back"),
        Node(id="inspect", lane="back", touch_minutes=60, duration=t(kind="fixed", mean=60)),
        Node(id="fee", lane="front", touch_minutes=20),
        Node(id="join", type="and", lane="back"),
        Node(
            id="decide", lane="back", touch_minutes=15, duration=t(kind="uniform", min=10, max=20)
        ),
        Node(id="end", type="end", lane="front"),
    ]
    flows = [
        Flow(source="start", target="register"),
        Flow(source="register", target="merge"),
        Flow(source="merge", target="review"),
        Flow(source="review", target="complete"),
        Flow(source="complete", target="ask", probability=0.3),
        Flow(source="complete", target="fork", probability=0.7),
        Flow(source="ask", target="merge"),
        Flow(source="fork", target="inspect"),
        Flow(source="fork", target="fee"),
        Flow(source="inspect", target="join"),
        Flow(source="fee", target="join"),
        Flow(source="join", target="decide"),
        Flow(source="decide", target="end"),
    ]
    variant = Variant(
        id="as-is",
        volume_per_year=5000,
        lanes=[Lane(id="front", role="clerk"), Lane(id="back", role="officer")],
        nodes=nodes,
        flows=flows,
    )
    return Case(
        id="permit",
        name="Permit",
        structure=Structure(roles=roles),
        processes=[Process(id="permit", variants=[variant])],
    )
