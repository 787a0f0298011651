"""Expected lead time of one case and the touch and value-adding time on its critical path, over a
variant's flow graph (verksam.analysis.graph): a parallel block lasts as long as its longest
branch."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from verksam.analysis.graph import EXIT, AnalysisError, FlowGraph, solve


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
    solved = solve(np.eye(len(names)) - p, rhs, graph)
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
