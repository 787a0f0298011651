"""Expected visits per case and the hand-over arrivals between steps: a variant's flow graph
(verksam.analysis.graph) solved as a Markov chain, kept per flow shape and weights."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from cachetools import LRUCache, cached

from verksam.analysis.graph import EXIT, FlowGraph, inside_block, solve, transition_matrix


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
    a = transition_matrix(graph)
    n = len(graph.order)
    index = {node: i for i, node in enumerate(graph.order)}
    start = np.zeros(n)
    for s in graph.starts:
        start[index[s]] += 1.0 / len(graph.starts)
    fundamental = solve(np.eye(n) - a, np.eye(n), graph)  # G = (I - A)^-1
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
    insides = {(s, j): inside_block(graph, s, j) for s, j in blocks}
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
        row = solve((np.eye(n * levels) - big).T, unit, graph)
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
    w = transition_matrix(graph, with_join_factor=True)
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
