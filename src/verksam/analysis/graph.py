"""A variant's flow as a weighted graph: branch weights, join factors, parallel blocks, visits.

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

import threading
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from cachetools import LRUCache, cached

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


def _matrix(graph: FlowGraph, *, with_join_factor: bool = True) -> np.ndarray:
    index = {n: i for i, n in enumerate(graph.order)}
    a = np.zeros((len(index), len(index)))
    for e in graph.edges:
        if e.target == EXIT:
            continue
        factor = graph.join_factor.get(e.target, 1.0) if with_join_factor else 1.0
        a[index[e.source], index[e.target]] += e.weight * factor
    return a


def _solve(matrix: np.ndarray, rhs: np.ndarray, graph: FlowGraph) -> np.ndarray:
    try:
        x = np.linalg.solve(matrix, rhs)
    except np.linalg.LinAlgError:
        raise AnalysisError(
            f"variant '{graph.variant.id}': the flow has no finite expected number of visits "
            "(check loops and gateway probabilities)",
            graph.variant.id,
            "infinite-visits",
            id=graph.variant.id,
        ) from None
    if not np.all(np.isfinite(x)) or np.any(x < -1e-9):
        raise AnalysisError(
            f"variant '{graph.variant.id}': the flow has no finite expected number of visits "
            "(check loops and gateway probabilities)",
            graph.variant.id,
            "infinite-visits",
            id=graph.variant.id,
        )
    return np.asarray(np.maximum(x, 0.0))


@dataclass(frozen=True)
class Visits:
    """Expected visits per case of each reachable node, and the share of them that are first visits."""

    visits: dict[str, float]
    reach: dict[str, float]  # expected first visits (probability of being visited at least once)


def flow_key(graph: FlowGraph) -> str:
    """Everything the visits and arrivals are computed from: the flow's shape and weights, not
    its nodes' names or times (an edit of a step's time leaves them as they were)."""
    edges = [(e.source, e.target, e.weight) for e in graph.edges]
    return repr((graph.order, graph.starts, edges, sorted(graph.join_factor.items()), graph.blocks))


KEPT_FLOWS = 256  # the most recently analysed flows' visits and arrivals


def visit_counts(graph: FlowGraph) -> Visits:
    """Expected visits per case: v = s + Aᵀv, with s the even split of cases over start events."""
    kept = _kept_visit_counts(graph)
    return Visits(dict(kept.visits), dict(kept.reach))  # the caller's own, to change if it likes


@cached(LRUCache(KEPT_FLOWS), key=flow_key, lock=threading.Lock())
def _kept_visit_counts(graph: FlowGraph) -> Visits:
    a = _matrix(graph)
    n = len(graph.order)
    index = {node: i for i, node in enumerate(graph.order)}
    start = np.zeros(n)
    for s in graph.starts:
        start[index[s]] += 1.0 / len(graph.starts)
    fundamental = _solve(np.eye(n) - a, np.eye(n), graph)  # G = (I - A)^-1
    visits = start @ fundamental
    # First-passage identity: G[s, k] = F[s, k] * G[k, k], so first visits = v_k / G[k, k], with
    # G[k, k] the expected visits of k counted from one of its visits. Inside a parallel block
    # the row of G counts the join's firings wrongly (see _returns_inside_blocks).
    diag = np.diag(fundamental).copy()
    for node, returns in _returns_inside_blocks(graph, a).items():
        diag[index[node]] = returns
    reach = np.where(diag > 0, visits / np.where(diag > 0, diag, 1.0), 0.0)
    return Visits(
        {node: float(visits[i]) for node, i in index.items()},
        {node: float(min(reach[i], visits[i])) for node, i in index.items()},
    )


def _on_cycles(graph: FlowGraph) -> set[str]:
    """Nodes that lie on a cycle of the flow (the only ones that can be visited twice)."""
    succ: dict[str, list[str]] = {n: [] for n in graph.order}
    for e in graph.edges:
        if e.target != EXIT:
            succ[e.source].append(e.target)
    cyclic: set[str] = set()
    for n in graph.order:
        seen: set[str] = set()
        frontier = list(succ[n])
        while frontier:
            m = frontier.pop()
            if m == n:
                cyclic.add(n)
                break
            if m not in seen:
                seen.add(m)
                frontier += succ[m]
    return cyclic


def _inside(graph: FlowGraph, split: str, join: str) -> set[str]:
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


def _returns_inside_blocks(graph: FlowGraph, a: np.ndarray) -> dict[str, float]:
    """G[k, k] for nodes on a cycle inside parallel blocks, counted with the case's whole state.

    A visit of k inside a branch is one token of several; the join fires once when that token
    arrives (the other branches' tokens arrive too), not 1/n times as the matrix counts a lone
    token. So the count starts in copies of the graph ("levels"): at level i the i innermost
    blocks around k are already closed and the next one is open; a token reaching the open
    block's join fires it once and moves one level out. Past the outermost block the ordinary
    matrix applies: a later pass through the blocks sends all their tokens again.
    """
    blocks = [(s, j) for s, j in graph.blocks if j != EXIT]
    if not blocks:
        return {}
    index = {node: i for i, node in enumerate(graph.order)}
    n = len(graph.order)
    insides = {(s, j): _inside(graph, s, j) for s, j in blocks}
    result: dict[str, float] = {}
    for k in _on_cycles(graph):
        around = sorted(
            (b for b in blocks if k in insides[b]), key=lambda b: len(insides[b])
        )  # innermost first
        if not around:
            continue
        levels = len(around) + 1
        big = np.zeros((n * levels, n * levels))
        for level in range(levels):
            big[level * n : (level + 1) * n, level * n : (level + 1) * n] = a
        for level, (_, join) in enumerate(around):
            j = index[join]
            rows = slice(level * n, (level + 1) * n)
            arriving = big[rows, level * n + j].copy()
            big[rows, level * n + j] = 0.0
            # The factor-free weight: one arriving token fires the open join once.
            raw = np.array([_edge_weight(graph, node, join) for node in graph.order])
            big[rows, (level + 1) * n + j] = np.where(arriving > 0, raw, 0.0)
        unit = np.zeros(n * levels)
        unit[index[k]] = 1.0
        row = _solve((np.eye(n * levels) - big).T, unit, graph)
        result[k] = float(sum(row[level * n + index[k]] for level in range(levels)))
    return result


def _edge_weight(graph: FlowGraph, source: str, target: str) -> float:
    return sum(e.weight for e in graph.out(source) if e.target == target)


def successor_arrivals(graph: FlowGraph, visible: set[str]) -> dict[str, dict[str, float]]:
    """For each visible node, the expected arrivals at visible nodes right after one of its visits
    (see `_kept_arrivals`, which computes them once per flow)."""
    return {a: dict(targets) for a, targets in _kept_arrivals(graph, frozenset(visible)).items()}


@cached(
    LRUCache(KEPT_FLOWS),
    key=lambda graph, visible: flow_key(graph) + repr(sorted(visible)),
    lock=threading.Lock(),
)
def _kept_arrivals(graph: FlowGraph, visible: frozenset[str]) -> dict[str, dict[str, float]]:
    """For each visible node, the expected arrivals at visible nodes right after one of its visits.

    Other nodes (gateways, nodes outside any lane) are passed through; a join passes on every
    token a visible step sends into it, so each parallel branch's last step hands over to the step
    after the join. Tokens reaching a join from passed-through nodes synchronise as usual, which
    keeps a loop around an unlaned parallel block from multiplying tokens.
    """
    w = _matrix(graph, with_join_factor=True)
    index = {node: i for i, node in enumerate(graph.order)}
    for e in graph.edges:
        if e.source in visible and e.target in graph.join_factor:
            w[index[e.source], index[e.target]] = e.weight
    if not visible:
        return {}
    vis = [index[n] for n in graph.order if n in visible]
    hid = [index[n] for n in graph.order if n not in visible]
    direct = w[np.ix_(vis, vis)]
    if hid:
        through = np.linalg.solve(np.eye(len(hid)) - w[np.ix_(hid, hid)], w[np.ix_(hid, vis)])
        direct = direct + w[np.ix_(vis, hid)] @ through
    names = [graph.order[i] for i in vis]
    return {
        a: {names[j]: float(direct[i, j]) for j in np.flatnonzero(direct[i] > 0)}
        for i, a in enumerate(names)
    }


@dataclass(frozen=True)
class PathTimes:
    """Expected lead time of one case and the touch and value-adding time on its critical path."""

    lead: float
    touch: float
    value_adding: float


def critical_path(
    graph: FlowGraph, lead: dict[str, float], touch: dict[str, float], va: dict[str, float]
) -> PathTimes:
    """Expected lead time per case, in the units of `lead`.

    Parallel blocks are reduced innermost first: a block becomes one step whose time is its
    longest branch (each branch's expected time, XOR branches and loops inside it as an
    expectation), or for an inclusive split the expected longest of the branches taken, each taken
    independently with its probability. The step keeps the split's own time and is visited as
    often as the split, so a parallel block inside a loop adds its block time on every pass. What
    remains is a chain without parallelism whose expected time is Σ visits × time per visit.
    """
    out: dict[str, list[tuple[str, float]]] = {n: [] for n in graph.order}
    for e in graph.edges:
        out[e.source].append((e.target, e.weight))
    times = {n: np.array([lead[n], touch[n], va[n]], dtype=float) for n in graph.order}

    def reachable_inside(split: str, join: str) -> set[str]:
        inner: set[str] = set()
        stack = [t for t, _ in out[split] if t not in (join, EXIT)]
        while stack:
            n = stack.pop()
            if n in inner:
                continue
            inner.add(n)
            stack += [t for t, _ in out[n] if t not in (join, EXIT) and t not in inner]
        return inner

    sized = sorted(graph.blocks, key=lambda b: len(reachable_inside(*b)))
    for split, join in sized:
        inner = reachable_inside(split, join)
        if split in inner:
            raise AnalysisError(
                f"parallel split '{split}': a branch loops back to before the split without "
                f"passing its join '{join}'; put the loop around the whole parallel block",
                split,
                "parallel-loop",
                id=split,
                join=join,
            )
        for n in inner:
            for m, targets in out.items():
                if m not in inner and m != split and any(t == n for t, _ in targets):
                    raise AnalysisError(
                        f"parallel block from '{split}': '{n}' is entered from '{m}' outside "
                        "the block; parallel blocks must have one entry and one exit",
                        n,
                        "parallel-entry",
                        id=n,
                        split=split,
                        other=m,
                    )
        branch_times = _expected_times(graph, inner, out, times, stop=join)
        branches = [
            (branch_times.get(t, np.zeros(3)) if t not in (join, EXIT) else np.zeros(3), w)
            for t, w in out[split]
        ]
        if graph.split_mode[split] == "parallel":
            block = max(branches, key=lambda b: float(b[0][0]))[0]
        else:
            block = _expected_longest(branches)
        times[split] = times[split] + block
        out[split] = [(join, 1.0)] if join != EXIT else []
        for n in inner:
            del out[n]
            del times[n]

    remaining = [n for n in graph.order if n in out]
    whole = _expected_times(graph, set(remaining), out, times, stop=EXIT)
    total = np.mean(np.array([whole[s] for s in graph.starts]), axis=0)
    return PathTimes(float(total[0]), float(total[1]), float(total[2]))


def _expected_times(
    graph: FlowGraph,
    inner: set[str],
    out: dict[str, list[tuple[str, float]]],
    times: dict[str, np.ndarray],
    stop: str,
) -> dict[str, np.ndarray]:
    """T(n) = time(n) + Σ P(n→m) T(m) over `inner`, with T = 0 at `stop` and at the exit."""
    names = [n for n in graph.order if n in inner]
    index = {n: i for i, n in enumerate(names)}
    p = np.zeros((len(names), len(names)))
    rhs = np.zeros((len(names), 3))
    for n in names:
        rhs[index[n]] = times[n]
        for t, w in out[n]:
            if t in index:
                p[index[n], index[t]] += w
            elif t not in (stop, EXIT):
                raise AnalysisError(
                    f"'{n}' leaves its parallel block towards '{t}' without passing the join "
                    f"'{stop}'",
                    n,
                    "parallel-exit",
                    id=n,
                    other=t,
                    join=stop,
                )
    solved = _solve(np.eye(len(names)) - p, rhs, graph)
    return {n: solved[index[n]] for n in names}


def _expected_longest(branches: list[tuple[np.ndarray, float]]) -> np.ndarray:
    """E[longest taken branch] when branch i is taken independently with probability p_i."""
    ordered = sorted(branches, key=lambda b: -float(b[0][0]))
    result = np.zeros(3)
    none_longer = 1.0
    for t, p in ordered:
        result = result + t * p * none_longer
        none_longer *= 1.0 - min(p, 1.0)
    return result


def is_activity(node: Node) -> bool:
    return node.type in ("task", "subprocess")
