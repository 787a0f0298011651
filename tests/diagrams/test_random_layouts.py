"""Generated processes (lanes, XOR/AND blocks, rework loops) and arbitrary weighted digraphs:
the geometry rules hold on every one, and layout is deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.diagrams.checks import problems
from verksam.diagrams import MapEdge, MapNode, process_map_diagram
from verksam.diagrams.behaviour import states_diagram
from verksam.diagrams.svg import to_svg
from verksam.diagrams.swimlane import swimlane_diagram
from verksam.model import (
    Behaviour,
    Case,
    Flow,
    Lane,
    Node,
    Process,
    State,
    StateMachine,
    Transition,
    Variant,
)

WORDS = ["Registrera", "ärende", "Bedöma", "ansökan", "Fatta", "beslut", "Skicka", "svar",
         "Kontrollera", "underlag", "Æresord", "Søknad", "vurderes", "é", "x"]  # fmt: skip


@st.composite
def processes(draw: st.DrawFn) -> Case:
    lane_count = draw(st.integers(1, 4))
    lanes = [
        Lane(
            id=f"l{i}",
            name=" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))),
        )
        for i in range(lane_count)
    ]
    nodes: list[Node] = []
    flows: list[Flow] = []

    def lane() -> str:
        return f"l{draw(st.integers(0, lane_count - 1))}"

    def add(kind: str, name: str = "") -> str:
        node_id = f"n{len(nodes)}"
        if not name and kind == "task":
            name = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6)))
        nodes.append(Node(id=node_id, type=kind, name=name, lane=lane()))  # type: ignore[arg-type]
        return node_id

    def link(a: str, b: str, p: float | None = None) -> None:
        flows.append(Flow(source=a, target=b, probability=p))

    current = add("start", "Start")
    tasks: list[str] = []
    for _ in range(draw(st.integers(1, 5))):
        block = draw(st.sampled_from(["task", "xor", "and", "loop"]))
        if block == "task":
            t = add("task")
            link(current, t)
            current = t
            tasks.append(t)
        elif block in ("xor", "and"):
            split = add(block)
            join = add(block)
            link(current, split)
            branches = draw(st.integers(2, 3))
            for b in range(branches):
                prev = split
                for _ in range(draw(st.integers(0, 2))):
                    t = add("task")
                    p = round(1 / branches, 2) if block == "xor" and prev == split else None
                    link(prev, t, p)
                    prev = t
                    tasks.append(t)
                link(
                    prev, join, None if prev != split or block == "and" else round(1 / branches, 2)
                )
                del b
            current = join
        else:
            t = add("task")
            link(current, t)
            gw = add("xor", "OK?")
            link(t, gw)
            back = draw(st.sampled_from([t, *tasks])) if tasks else t
            link(gw, back, 0.2)
            current = gw
            tasks.append(t)
    end = add("end", "Slut")
    link(current, end, 0.8 if nodes[int(current[1:])].type == "xor" else None)
    variant = Variant(id="v", lanes=lanes, nodes=nodes, flows=flows)
    return Case(
        id="gen", name="Generated", processes=[Process(id="p", name="P", variants=[variant])]
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(processes())
def test_generated_process_swimlanes_follow_the_geometry_rules(case: Case) -> None:
    diagram = swimlane_diagram(case)
    assert problems(diagram) == []
    for edge in diagram.edges:  # orthogonal routing
        for (x1, y1), (x2, y2) in zip(edge.points, edge.points[1:], strict=False):
            assert abs(x1 - x2) < 1e-6 or abs(y1 - y2) < 1e-6, (edge.source, edge.target)
    assert to_svg(diagram) == to_svg(swimlane_diagram(case))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(processes())
def test_generated_process_blueprints_follow_the_geometry_rules(case: Case) -> None:
    assert problems(swimlane_diagram(case, blueprint=True)) == []


@st.composite
def digraphs(draw: st.DrawFn) -> tuple[list[MapNode], list[MapEdge]]:
    n = draw(st.integers(1, 9))
    nodes = [
        MapNode(
            f"a{i}",
            " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))),
            draw(st.integers(1, 500)),
            draw(st.floats(0, 1e6)),
        )
        for i in range(n)
    ]
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n, unique=True
        )
    )
    edges = [
        MapEdge(f"a{s}", f"a{t}", draw(st.integers(1, 500)), draw(st.floats(0, 1e6)))
        for s, t in pairs
    ]
    return nodes, edges


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(digraphs(), st.sampled_from(["frequency", "performance"]), st.sampled_from(["TB", "LR"]))
def test_arbitrary_weighted_digraphs_follow_the_geometry_rules(
    graph: tuple[list[MapNode], list[MapEdge]], mode: str, direction: str
) -> None:
    nodes, edges = graph
    diagram = process_map_diagram(nodes, edges, mode=mode, direction=direction)  # type: ignore[arg-type]
    assert problems(diagram) == []


@st.composite
def state_machines(draw: st.DrawFn) -> Case:
    n = draw(st.integers(1, 7))
    states = [State(id="s0", kind="initial")]
    states += [
        State(
            id=f"s{i}",
            name=" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))),
        )
        for i in range(1, n + 1)
    ]
    states.append(State(id="sf", kind="final"))
    ids = [s.id for s in states]
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(ids[:-1]), st.sampled_from(ids[1:])), max_size=12)
    )
    transitions = [
        Transition(
            source=a,
            target=b,
            event=draw(st.sampled_from(["", "beslut", "komplettering inkommer"])),
            guard=draw(st.sampled_from(["", "alla bilagor finns"])),
        )
        for a, b in [("s0", "s1"), *pairs]
    ]
    machine = StateMachine(id="m", name="Livscykel", states=states, transitions=transitions)
    return Case(id="gen", name="Generated", behaviour=Behaviour(state_machines=[machine]))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(state_machines())
def test_generated_state_machines_follow_the_geometry_rules(case: Case) -> None:
    assert problems(states_diagram(case)) == []
