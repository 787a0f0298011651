"""A variant's flow as a weighted graph: branch weights, join factors, parallel blocks, and the
matrix and solver the visits (verksam.analysis.visits) and times (verksam.analysis.times) use.

Terms used here:
- *token weight* of a flow: how many tokens one visit of its source sends along it. An exclusive
  split (XOR, event-based gateway, an OR whose probabilities sum to 1, or a task with several
  outgoing flows) sends its branch probabilities (an even split when none is given); a parallel
  split (AND) sends one token down every branch; an inclusive OR whose probabilities do not sum
  to 1 sends a token down each branch with that branch's probability.
- *join factor*: a synchronising join fires once per set of tokens, so its visits are the tokens
  arriving times 1/k for an AND join with k incoming flows, and 1/(expected tokens per firing) for
  an OR join paired with an inclusive split. An OR gateway synchronises only when it closes a
  parallel block, an AND gateway also when it is no split itself; otherwise (say a loop flowing
  back into an AND split) it merges.
- *parallel block*: a parallel or inclusive split together with the node where all its branches
  meet again (its immediate post-dominator); the lead time of a block is its longest branch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from verksam.model.process import Flow, Node, Variant

EXIT = "\x00exit"  # virtual node every end event flows into
TOLERANCE = 1e-6
SplitMode = Literal["exclusive", "parallel", "inclusive"]
SYNC_JOINS: frozenset[str] = frozenset({"and", "or"})


def gettext_noop(message: str) -> str:
    """Marks a message template for translation without translating it (read by makemessages)."""
    return message


# Why a variant cannot be analysed, as templates with parameters (ids of nodes and variants), so
# the web app can say it in the user's language with the elements' names.
MESSAGES: dict[str, str] = {
    "split-partial": gettext_noop(
        "split '{id}': some outgoing flows have a probability and some do not; give every "
        "outgoing flow a probability (or none for an even split)"
    ),
    "or-split-sum": gettext_noop(
        "inclusive split '{id}': branch probabilities sum to {total:g}; an OR gateway takes at "
        "least one branch, so they must sum to 1 or more"
    ),
    "split-sum": gettext_noop("split '{id}': branch probabilities sum to {total:g}, not 1"),
    "no-nodes": gettext_noop("variant '{id}' has no flow (no nodes)"),
    "unknown-node": gettext_noop("variant '{id}': a flow refers to unknown node '{node}'"),
    "no-start": gettext_noop("variant '{id}' has no start event"),
    "no-end": gettext_noop("variant '{id}' has no end event"),
    "dead-end": gettext_noop("'{id}' has no outgoing flow and is not an end event"),
    "endless-loop": gettext_noop(
        "the loop through {nodes} never reaches an end event (it is taken with probability 1)"
    ),
    "never-ends": gettext_noop("'{id}' never reaches an end event; affected: {nodes}"),
    "parallel-meet": gettext_noop(
        "parallel split '{id}': its branches first meet at '{join}', which is not a joining "
        "AND/OR gateway; join parallel branches with a gateway"
    ),
    "infinite-visits": gettext_noop(
        "variant '{id}': the flow has no finite expected number of visits (check loops and "
        "gateway probabilities)"
    ),
    "parallel-loop": gettext_noop(
        "parallel split '{id}': a branch loops back to before the split without passing its "
        "join '{join}'; put the loop around the whole parallel block"
    ),
    "parallel-entry": gettext_noop(
        "parallel block from '{split}': '{id}' is entered from '{other}' outside the block; "
        "parallel blocks must have one entry and one exit"
    ),
    "parallel-exit": gettext_noop(
        "'{id}' leaves its parallel block towards '{other}' without passing the join '{join}'"
    ),
    "no-process": gettext_noop("the case has no process '{id}'"),
    "no-variant": gettext_noop("the process has no variant '{id}'"),
    "call-cycle": gettext_noop(
        "'{id}' calls process '{other}', which is already being analysed ({nodes})"
    ),
}


class AnalysisError(ValueError):
    """A process variant that cannot be analysed; `element` names the node, flow or variant.

    `code` (a key of MESSAGES) and `params` let other shells say the same in other words.
    """

    def __init__(
        self, message: str, element: str | None = None, code: str = "", **params: object
    ) -> None:
        super().__init__(message)
        self.element = element
        self.code = code
        self.params = params


@dataclass
class Edge:
    source: str
    target: str
    weight: float


@dataclass
class FlowGraph:
    """The reachable part of a variant's flow with token weights and join factors."""

    variant: Variant
    nodes: dict[str, Node]
    order: list[str]  # node ids in file order
    starts: list[str]
    edges: list[Edge]
    split_mode: dict[str, SplitMode]
    join_factor: dict[str, float] = field(default_factory=dict)
    blocks: list[tuple[str, str]] = field(default_factory=list)  # (split, join or EXIT)

    _out: dict[str, list[Edge]] = field(default_factory=dict, repr=False)
    _into: dict[str, list[Edge]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for e in self.edges:
            self._out.setdefault(e.source, []).append(e)
            self._into.setdefault(e.target, []).append(e)

    def out(self, node_id: str) -> list[Edge]:
        return self._out.get(node_id, [])

    def into(self, node_id: str) -> list[Edge]:
        return self._into.get(node_id, [])


def _split_weights(node: Node, probabilities: list[float | None]) -> tuple[SplitMode, list[float]]:
    n = len(probabilities)
    if n == 1:
        return "exclusive", [1.0]
    if node.type == "and":
        return "parallel", [1.0] * n
    given = [p for p in probabilities if p is not None]
    if not given:
        return "exclusive", [1.0 / n] * n
    if len(given) < n and node.type != "or" and sum(given) <= 1.0 + TOLERANCE:
        # The branches without a probability share what the others leave (one given → the
        # other branch gets the rest), as validation says in its "probabilities-rest" warning.
        rest = max(0.0, 1.0 - sum(given)) / (n - len(given))
        return "exclusive", [rest if p is None else float(p) for p in probabilities]
    if len(given) < n:
        raise AnalysisError(
            f"split '{node.id}': some outgoing flows have a probability and some do not; "
            "give every outgoing flow a probability (or none for an even split)",
            node.id,
            "split-partial",
            id=node.id,
        )
    weights = [float(p) for p in given]
    total = sum(weights)
    if node.type == "or":
        if abs(total - 1.0) <= TOLERANCE:
            return "exclusive", weights
        if total < 1.0 - TOLERANCE:
            raise AnalysisError(
                f"inclusive split '{node.id}': branch probabilities sum to {total:g}; an OR "
                "gateway takes at least one branch, so they must sum to 1 or more",
                node.id,
                "or-split-sum",
                id=node.id,
                total=total,
            )
        return "inclusive", weights
    if abs(total - 1.0) > TOLERANCE:
        raise AnalysisError(
            f"split '{node.id}': branch probabilities sum to {total:g}, not 1",
            node.id,
            "split-sum",
            id=node.id,
            total=total,
        )
    return "exclusive", weights


def build_graph(variant: Variant) -> FlowGraph:
    """The flow graph of a variant, limited to what a start event reaches.

    Raises AnalysisError naming the element when a flow points at an unknown node, the variant has
    no start or end event, probabilities are inconsistent, a node never reaches an end event (for
    example a loop taken with probability 1), or parallel branches are joined in a way the lead
    time cannot be computed for.
    """
    nodes = {n.id: n for n in variant.nodes}
    if not nodes:
        raise AnalysisError(
            f"variant '{variant.id}' has no flow (no nodes)", variant.id, "no-nodes", id=variant.id
        )
    for i, flow in enumerate(variant.flows):
        for end in (flow.source, flow.target):
            if end not in nodes:
                raise AnalysisError(
                    f"variant '{variant.id}': flow {flow.id or i} refers to unknown node '{end}'",
                    flow.id or end,
                    "unknown-node",
                    id=variant.id,
                    node=end,
                )
    starts = [n.id for n in variant.nodes if n.type == "start"]
    if not starts:
        raise AnalysisError(
            f"variant '{variant.id}' has no start event", variant.id, "no-start", id=variant.id
        )
    if not any(n.type == "end" for n in variant.nodes):
        raise AnalysisError(
            f"variant '{variant.id}' has no end event", variant.id, "no-end", id=variant.id
        )

    flows_out: dict[str, list[Flow]] = {}
    for flow in variant.flows:
        flows_out.setdefault(flow.source, []).append(flow)
    split_mode: dict[str, SplitMode] = {}
    all_edges: list[Edge] = []
    for node in variant.nodes:
        outgoing = flows_out.get(node.id, [])
        if node.type == "end":
            all_edges.append(Edge(node.id, EXIT, 1.0))
            continue
        if not outgoing:
            raise AnalysisError(
                f"'{node.id}' has no outgoing flow and is not an end event",
                node.id,
                "dead-end",
                id=node.id,
            )
        mode, weights = _split_weights(node, [f.probability for f in outgoing])
        split_mode[node.id] = mode
        all_edges += [Edge(node.id, f.target, w) for f, w in zip(outgoing, weights, strict=True)]

    # Keep what the starts reach over flows that can be taken.
    taken: dict[str, list[str]] = {}
    for e in all_edges:
        if e.weight > 0 and e.target != EXIT:
            taken.setdefault(e.source, []).append(e.target)
    reach = set(starts)
    stack = list(starts)
    while stack:
        for target in taken.get(stack.pop(), []):
            if target not in reach:
                reach.add(target)
                stack.append(target)
    edges = [e for e in all_edges if e.source in reach and e.weight > 0]
    order = [n.id for n in variant.nodes if n.id in reach]

    # Every reachable node must reach an end event over flows that can be taken.
    sources: dict[str, list[str]] = {}
    for e in edges:
        sources.setdefault(e.target, []).append(e.source)
    back = {EXIT}
    stack = [EXIT]
    while stack:
        for source in sources.get(stack.pop(), []):
            if source not in back:
                back.add(source)
                stack.append(source)
    stuck = [n for n in order if n not in back]
    if stuck:
        loop = _trap(stuck, edges)
        if loop:
            raise AnalysisError(
                f"the loop through {', '.join(repr(n) for n in loop)} never reaches an end event "
                "(it is taken with probability 1)",
                loop[0],
                "endless-loop",
                nodes=loop,
            )
        raise AnalysisError(
            f"'{stuck[-1]}' never reaches an end event; affected: "
            f"{', '.join(repr(s) for s in stuck)}",
            stuck[-1],
            "never-ends",
            id=stuck[-1],
            nodes=stuck,
        )

    graph = FlowGraph(variant, nodes, order, starts, edges, split_mode)
    _pair_blocks(graph)
    return graph


def _trap(stuck: list[str], edges: list[Edge]) -> list[str]:
    """The stuck nodes that lie on a cycle among stuck nodes (a loop that never exits)."""
    inside = set(stuck)
    succ: dict[str, set[str]] = {n: set() for n in stuck}
    for e in edges:
        if e.source in inside and e.target in inside:
            succ[e.source].add(e.target)
    on_cycle = []
    for n in stuck:
        seen: set[str] = set()
        frontier = list(succ[n])
        while frontier:
            m = frontier.pop()
            if m not in seen:
                seen.add(m)
                frontier += succ[m]
        if n in seen:
            on_cycle.append(n)
    return on_cycle


def _postdominators(graph: FlowGraph) -> dict[str, set[str]]:
    succ: dict[str, list[str]] = {n: [] for n in graph.order}
    for e in graph.edges:
        succ[e.source].append(e.target)
    everything = {*graph.order, EXIT}
    pdom: dict[str, set[str]] = {n: set(everything) for n in graph.order}
    pdom[EXIT] = {EXIT}
    changed = True
    while changed:
        changed = False
        for n in reversed(graph.order):
            new = {n} | set.intersection(*(pdom[m] for m in succ[n]))
            if new != pdom[n]:
                pdom[n] = new
                changed = True
    return pdom


def _pair_blocks(graph: FlowGraph) -> None:
    """Find each parallel/inclusive split's join and set every node's join factor."""
    splits = [
        n for n in graph.order
        if graph.split_mode.get(n, "exclusive") != "exclusive" and len(graph.out(n)) >= 2
    ]  # fmt: skip
    # Post-dominators take time and memory in the square of the nodes: only for parallel work.
    pdom = _postdominators(graph) if splits else {}

    def ipdom(n: str) -> str:
        strict = pdom[n] - {n}
        for d in strict:
            if pdom[d] == strict:
                return d
        return EXIT

    paired: dict[str, list[str]] = {}
    for n in splits:
        join = ipdom(n)
        if join != EXIT:
            join_node = graph.nodes[join]
            if join_node.type not in SYNC_JOINS or len(graph.into(join)) < 2:
                raise AnalysisError(
                    f"parallel split '{n}': its branches first meet at '{join}', which is not "
                    "a joining AND/OR gateway; join parallel branches with a gateway",
                    n,
                    "parallel-meet",
                    id=n,
                    join=join,
                )
            paired.setdefault(join, []).append(n)
        graph.blocks.append((n, join))

    for n in graph.order:
        node = graph.nodes[n]
        incoming = graph.into(n)
        if node.type not in SYNC_JOINS or len(incoming) < 2:
            continue
        splits = paired.get(n, [])
        if not splits and (node.type == "or" or len(graph.out(n)) > 1):
            continue  # closes no parallel block: it only merges (e.g. a loop back into a split)
        if node.type == "and":
            graph.join_factor[n] = 1.0 / len(incoming)
        elif len(splits) == 1 and graph.split_mode[splits[0]] == "inclusive":
            graph.join_factor[n] = 1.0 / sum(e.weight for e in graph.out(splits[0]))
        # an OR join after an exclusive split only merges: factor 1


def transition_matrix(graph: FlowGraph, *, with_join_factor: bool = True) -> np.ndarray:
    """A[i, j]: expected visits of node j caused by one visit of node i."""
    index = {n: i for i, n in enumerate(graph.order)}
    a = np.zeros((len(index), len(index)))
    for e in graph.edges:
        if e.target == EXIT:
            continue
        factor = graph.join_factor.get(e.target, 1.0) if with_join_factor else 1.0
        a[index[e.source], index[e.target]] += e.weight * factor
    return a


def solve(matrix: np.ndarray, rhs: np.ndarray, graph: FlowGraph) -> np.ndarray:
    """x with matrix @ x = rhs, clipped at 0; AnalysisError when the flow's loops never end."""
    try:
        x = np.linalg.solve(matrix, rhs)
    except np.linalg.LinAlgError:
        raise _infinite_visits(graph) from None
    if not np.all(np.isfinite(x)) or np.any(x < -1e-9):
        raise _infinite_visits(graph)
    return np.asarray(np.maximum(x, 0.0))


def _infinite_visits(graph: FlowGraph) -> AnalysisError:
    return AnalysisError(
        f"variant '{graph.variant.id}': the flow has no finite expected number of visits "
        "(check loops and gateway probabilities)",
        graph.variant.id,
        "infinite-visits",
        id=graph.variant.id,
    )


def inside_block(graph: FlowGraph, split: str, join: str) -> set[str]:
    """The nodes on the branches of a parallel block, its split and join excluded."""

    def walk(origin: str, stop: str, step: dict[str, list[str]]) -> set[str]:
        seen: set[str] = set()
        frontier = list(step.get(origin, []))
        while frontier:
            m = frontier.pop()
            if m not in seen and m not in (stop, origin):
                seen.add(m)
                frontier += step.get(m, [])
        return seen

    forward: dict[str, list[str]] = {}
    backward: dict[str, list[str]] = {}
    for e in graph.edges:
        forward.setdefault(e.source, []).append(e.target)
        backward.setdefault(e.target, []).append(e.source)
    return walk(split, join, forward) & walk(join, split, backward)


def is_activity(node: Node) -> bool:
    return node.type in ("task", "subprocess")
