"""Conformance of a log against a modelled process variant by token-based replay.

The variant's flow (start/end events, tasks, XOR/AND/OR gateways, intermediate events) is
translated into a Petri net the standard way: each sequence flow is a *place* that holds tokens,
each task a visible *transition* that takes a token from its input place and puts one on every
outgoing flow, and gateways and events become silent transitions. Replaying a case fires the
transitions of its activities in order; a transition that is not enabled gets the *missing*
tokens it lacks, and tokens left behind at the end are *remaining*. A case's fitness is
``0.5 * (1 - missing / consumed) + 0.5 * (1 - remaining / produced)``: 1 means the model allows the
case exactly. Replay runs once per variant of the log, not per event, and the result is joined
back to the cases.
"""

from __future__ import annotations

import itertools
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl

from verksam.mining import analytics
from verksam.mining.log import ACTIVITY, CASE

if TYPE_CHECKING:  # the case model is not loaded for reading logs
    from verksam.model import Variant

Marking = tuple[int, ...]
MAX_STATES = 5000  # bound on the markings one silent search or model exploration visits
MAX_SUBSETS = 64  # an OR gateway with more branch combinations gets singletons and "all" only


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | None  # node id of a visible task; None for silent transitions
    inputs: tuple[int, ...]
    outputs: tuple[int, ...]
    need: tuple[tuple[int, int], ...] = ()  # (place, tokens) the transition takes

    @staticmethod
    def make(name: str, label: str | None, inputs: list[int], outputs: list[int]) -> Transition:
        counts = Counter(inputs)
        return Transition(name, label, tuple(inputs), tuple(outputs), tuple(counts.items()))


@dataclass
class Net:
    """A Petri net from a variant: places, transitions, source (initial token) and sink."""

    places: list[str] = field(default_factory=list)
    place_target: list[str | None] = field(default_factory=list)  # node a flow place leads to
    transitions: list[Transition] = field(default_factory=list)
    source: int = 0
    sink: int = 1
    _feeders: dict[tuple[int, ...], list[Transition]] = field(default_factory=dict)

    def place(self, name: str, target: str | None = None) -> int:
        self.places.append(name)
        self.place_target.append(target)
        return len(self.places) - 1

    def add(self, name: str, label: str | None, inputs: list[int], outputs: list[int]) -> None:
        self.transitions.append(Transition.make(name, label, inputs, outputs))
        self._feeders.clear()

    def feeders(self, places: tuple[int, ...]) -> list[Transition]:
        """Silent transitions that can, directly or through other silent ones, put tokens on
        these places: the only ones worth firing to enable a transition taking from them."""
        found = self._feeders.get(places)
        if found is not None:
            return found
        wanted = set(places)
        taken: set[int] = set()
        changed = True
        while changed:
            changed = False
            for i, t in enumerate(self.transitions):
                if t.label is None and i not in taken and wanted.intersection(t.outputs):
                    taken.add(i)
                    wanted.update(t.inputs)
                    changed = True
        chosen = [self.transitions[i] for i in sorted(taken)]
        self._feeders[places] = chosen
        return chosen

    def initial(self) -> Marking:
        return tuple(1 if i == self.source else 0 for i in range(len(self.places)))


def _subsets(items: list[int]) -> list[list[int]]:
    if 2 ** len(items) - 1 > MAX_SUBSETS:
        return [[i] for i in items] + [items]
    return [
        list(combo)
        for size in range(1, len(items) + 1)
        for combo in itertools.combinations(items, size)
    ]


def build_net(variant: Variant, visible: set[str] | None = None) -> Net:
    """The Petri net of a variant. Tasks and sub-processes are visible; events (start, end and
    intermediate) are visible only when named in ``visible`` (i.e. some log activity maps to
    them), so a log that records a case's start and end events replays them as such."""
    visible = visible or set()
    net = Net()
    net.source = net.place("source")
    net.sink = net.place("sink")
    flow_place: dict[int, int] = {}
    for i, flow in enumerate(variant.flows):
        flow_place[i] = net.place(f"{flow.source}->{flow.target}", flow.target)
    ins: dict[str, list[int]] = {n.id: [] for n in variant.nodes}
    outs: dict[str, list[int]] = {n.id: [] for n in variant.nodes}
    for i, flow in enumerate(variant.flows):
        if flow.source in outs and flow.target in ins:
            outs[flow.source].append(flow_place[i])
            ins[flow.target].append(flow_place[i])
    has_start = any(n.type == "start" for n in variant.nodes)
    for node in variant.nodes:
        node_in, node_out = ins[node.id], outs[node.id]
        if not node_in and (node.type == "start" or not has_start):
            node_in = [net.source]
        if not node_out and node.type != "start":
            node_out = [net.sink]
        kind = node.type
        shown = node.id if node.id in visible else None
        if kind == "start":
            net.add(f"start:{node.id}", shown, [net.source], node_out or [net.sink])
        elif kind == "end" and shown is not None:
            entry = node_in
            if len(node_in) > 1:
                merge = net.place(f"merge:{node.id}", node.id)
                for p in node_in:
                    net.add(f"merge:{node.id}", None, [p], [merge])
                entry = [merge]
            net.add(f"end:{node.id}", shown, entry, [net.sink])
        elif kind == "end":
            for p in node_in:
                net.add(f"end:{node.id}", None, [p], [net.sink])
        elif kind in ("xor", "event-gateway"):
            hub = net.place(f"gateway:{node.id}", None)
            for p in node_in:
                net.add(f"join:{node.id}", None, [p], [hub])
            for p in node_out:
                net.add(f"split:{node.id}", None, [hub], [p])
        elif kind == "and":
            net.add(f"and:{node.id}", None, node_in, node_out)
        elif kind == "or":
            for take in _subsets(node_in):
                for give in _subsets(node_out):
                    net.add(f"or:{node.id}", None, take, give)
        else:
            label = node.id if kind in ("task", "subprocess") or node.id in visible else None
            entry = node_in
            if len(node_in) > 1:  # several incoming flows: an implicit XOR merge
                merge = net.place(f"merge:{node.id}", node.id)
                for p in node_in:
                    net.add(f"merge:{node.id}", None, [p], [merge])
                entry = [merge]
            net.add(node.id, label, entry, node_out)
    return net


def _enabled(marking: Marking, t: Transition) -> bool:
    # A plain loop: this is the replay's hot path and all() over a generator is slower here.
    for place, tokens in t.need:  # noqa: SIM110
        if marking[place] < tokens:
            return False
    return True


def _fire(marking: Marking, t: Transition) -> Marking:
    m = list(marking)
    for p in t.inputs:
        m[p] -= 1
    for p in t.outputs:
        m[p] += 1
    return tuple(m)


def _silent_search(
    net: Net,
    marking: Marking,
    goal: Any,
    towards: tuple[int, ...],
    upcoming: list[Transition] | None = None,
) -> list[Transition] | None:
    """Shortest sequence of silent transitions from marking to one where goal(marking) holds,
    firing only silent transitions that feed the places ``towards``.

    Among the shortest ones it prefers the marking that also enables most of the ``upcoming``
    transitions (the trace's next activities), so that an OR split opens every branch the case
    goes on to use instead of the first one found, and then the one holding the fewest tokens.
    """
    if goal(marking):
        return []
    silent = net.feeders(towards)
    seen = {marking}
    level: list[tuple[Marking, list[Transition]]] = [(marking, [])]
    while level and len(seen) < MAX_STATES:
        reached: list[tuple[Marking, list[Transition]]] = []
        following: list[tuple[Marking, list[Transition]]] = []
        for current, path in level:
            for t in silent:
                if _enabled(current, t):
                    nxt = _fire(current, t)
                    if nxt in seen:
                        continue
                    seen.add(nxt)
                    (reached if goal(nxt) else following).append((nxt, [*path, t]))
        if reached:
            ahead = upcoming or []

            def score(
                item: tuple[Marking, list[Transition]], ahead: list[Transition] = ahead
            ) -> tuple[int, int]:
                # Enable what comes next; otherwise leave the fewest tokens (an OR join takes
                # every branch that arrived).
                return sum(1 for u in ahead if _enabled(item[0], u)), -sum(item[0])

            return max(reached, key=score)[1]
        level = following
    return None


def _lookahead(
    trace: list[str], position: int, mapping: dict[str, str], by_label: dict[str, Transition]
) -> list[Transition]:
    """Transitions of the next few activities, up to (not including) the first one the case has
    already done: a repeat starts a new round of a loop, whose choices are not yet made."""
    done = set(trace[: position + 1])
    ahead: list[Transition] = []
    for activity in trace[position + 1 : position + 4]:
        if activity in done:
            break
        node = mapping.get(activity)
        if node is not None and node in by_label:
            ahead.append(by_label[node])
    return ahead


def _expected(net: Net, place: int) -> str:
    """What a token left in this place was waiting for: the visible tasks it leads to (node ids
    joined by " | "), found by following silent transitions forward."""
    labels: list[str] = []
    seen = {place}
    queue = deque([place])
    while queue:
        current = queue.popleft()
        for t in net.transitions:
            if current not in t.inputs:
                continue
            if t.label is not None:
                if t.label not in labels:
                    labels.append(t.label)
                continue
            for p in t.outputs:
                if p == net.sink and "the end" not in labels:
                    labels.append("the end")
                if p not in seen and p != net.sink:
                    seen.add(p)
                    queue.append(p)
    visible = [label for label in labels if label != "the end"] or labels
    return " | ".join(visible) if visible else (net.place_target[place] or net.places[place])


@dataclass
class Replay:
    """Token counts and deviations of replaying one trace."""

    missing: int = 0
    consumed: int = 0
    remaining: int = 0
    produced: int = 0
    deviations: list[tuple[str, str]] = field(default_factory=list)

    @property
    def fitness(self) -> float:
        m = 1 - self.missing / self.consumed if self.consumed else 1.0
        r = 1 - self.remaining / self.produced if self.produced else 1.0
        return 0.5 * m + 0.5 * r


def replay(net: Net, trace: list[str], mapping: dict[str, str]) -> Replay:
    """Replay one trace (log activity names) on the net; ``mapping`` gives the node id of each."""
    by_label: dict[str, Transition] = {}
    for candidate in net.transitions:
        if candidate.label is not None:
            by_label.setdefault(candidate.label, candidate)
    result = Replay(produced=1)
    marking = net.initial()
    for position, activity in enumerate(trace):
        node = mapping.get(activity)
        t = by_label.get(node) if node is not None else None
        if t is None:
            # An activity the model does not have: as if a transition of its own without input.
            result.missing += 1
            result.consumed += 1
            result.produced += 1
            result.remaining += 1
            result.deviations.append(("not in the model", activity))
            continue
        if not _enabled(marking, t):
            ahead = _lookahead(trace, position, mapping, by_label)
            path = _silent_search(net, marking, lambda m, t=t: _enabled(m, t), t.inputs, ahead)
            if path is None:
                need = Counter(t.inputs)
                m = list(marking)
                for p, n in need.items():
                    lacking = max(0, n - m[p])
                    result.missing += lacking
                    m[p] += lacking
                marking = tuple(m)
                result.deviations.append(("done when the model does not allow it", activity))
            else:
                for s in path:
                    result.consumed += len(s.inputs)
                    result.produced += len(s.outputs)
                    marking = _fire(marking, s)
        result.consumed += len(t.inputs)
        result.produced += len(t.outputs)
        marking = _fire(marking, t)
    sink = net.sink

    def clean_end(m: Marking) -> bool:
        return m[sink] >= 1 and sum(m) == m[sink]

    path = _silent_search(net, marking, clean_end, (sink,))
    if path is None:
        path = _silent_search(net, marking, lambda m: m[sink] >= 1, (sink,)) or []
    for s in path:
        result.consumed += len(s.inputs)
        result.produced += len(s.outputs)
        marking = _fire(marking, s)
    if marking[sink] == 0:
        result.missing += 1
        marking = tuple(1 if i == sink else v for i, v in enumerate(marking))
        result.deviations.append(("ended before the model's end", trace[-1] if trace else ""))
    result.consumed += 1
    left = list(marking)
    left[sink] -= 1
    result.remaining += sum(left)
    for place, count in enumerate(left):
        if count > 0 and place != sink:
            result.deviations.append(("left undone", _expected(net, place)))
        elif count > 0:
            result.deviations.append(("finished more than once", ""))
    return result


def model_relations(net: Net) -> tuple[set[str], set[str], set[tuple[str, str]]]:
    """Start labels, end labels and the directly-follows pairs the model allows (node ids).

    Explores the net's reachable markings (at most MAX_STATES); tasks on parallel branches may
    directly follow each other in either order.
    """
    visible = [t for t in net.transitions if t.label is not None]

    def closure(marking: Marking) -> set[Marking]:
        silent = [t for t in net.transitions if t.label is None]
        seen = {marking}
        queue = deque([marking])
        while queue and len(seen) < MAX_STATES:
            current = queue.popleft()
            for t in silent:
                if _enabled(current, t):
                    nxt = _fire(current, t)
                    if nxt not in seen:
                        seen.add(nxt)
                        queue.append(nxt)
        return seen

    def next_labels(markings: set[Marking]) -> set[str]:
        return {t.label for m in markings for t in visible if _enabled(m, t) and t.label}

    starts = next_labels(closure(net.initial()))
    ends: set[str] = set()
    follows: set[tuple[str, str]] = set()
    explored: set[Marking] = set()
    frontier = deque(closure(net.initial()))
    while frontier and len(explored) < MAX_STATES:
        marking = frontier.popleft()
        if marking in explored:
            continue
        explored.add(marking)
        for t in visible:
            if not _enabled(marking, t):
                continue
            after = closure(_fire(marking, t))
            assert t.label is not None
            for b in next_labels(after):
                follows.add((t.label, b))
            if any(m[net.sink] >= 1 for m in after):
                ends.add(t.label)
            frontier.extend(m for m in after if m not in explored)
    return starts, ends, follows


def auto_mapping(activities: list[str], variant: Variant) -> dict[str, str]:
    """Log activity → node id, matching node names (ignoring case and spaces) or ids.

    Tasks, sub-processes and events of every kind take part: a log that records the start and
    end events (by name or id) maps them to the model's start and end events."""
    by_key: dict[str, str] = {}
    for node in variant.nodes:
        if node.type in ("task", "subprocess", "event", "start", "end"):
            by_key.setdefault(node.id.casefold(), node.id)
            if node.name:
                by_key.setdefault(" ".join(node.name.split()).casefold(), node.id)
    found = {}
    for activity in activities:
        node_id = by_key.get(" ".join(activity.split()).casefold())
        if node_id is not None:
            found[activity] = node_id
    return found


def conformance(
    lf: pl.LazyFrame,
    variant: Variant,
    mapping: dict[str, str] | None = None,
    *,
    is_ordered: bool = False,
    top: int = 10,
) -> tuple[dict[str, Any], pl.LazyFrame]:
    """Check a log against a variant.

    ``mapping`` maps log activity names to node ids; names it leaves out are matched by name.
    Returns a JSON-ready report (``fitness`` overall, ``average_case_fitness``, ``fitting_cases``,
    log-only and model-only activities and paths, ``deviations``) and a lazy frame of
    ``case, fitness`` per case.

    Raises
    ------
    ValueError
        When the mapping names a node the variant does not have.
    """
    node_ids = {n.id for n in variant.nodes}
    for activity, node_id in (mapping or {}).items():
        if node_id not in node_ids:
            raise ValueError(
                f"activity mapping: {activity!r} maps to {node_id!r}, which variant "
                f"{variant.id!r} does not have"
            )
    lf = lf if is_ordered else analytics.ordered(lf)
    per_case = analytics.cases(lf, is_ordered=True).select(
        CASE, pl.col("trace").list.eval(pl.element().cast(pl.String)).alias("trace")
    )
    traces = per_case.group_by("trace").agg(pl.len().alias("count")).collect()
    activities = (
        lf.select(pl.col(ACTIVITY).cast(pl.String).unique()).collect().to_series().to_list()
    )
    full = {**auto_mapping(activities, variant), **(mapping or {})}
    visible = {node_id for node_id in full.values()}
    net = build_net(variant, visible)
    fitness: list[float] = []
    totals = Replay()
    fitting = 0
    deviations: Counter[tuple[str, str]] = Counter()
    for trace, count in traces.iter_rows():
        result = replay(net, trace, full)
        fitness.append(result.fitness)
        totals.missing += result.missing * count
        totals.consumed += result.consumed * count
        totals.remaining += result.remaining * count
        totals.produced += result.produced * count
        if result.missing == 0 and result.remaining == 0:
            fitting += count
        for deviation in set(result.deviations):
            deviations[deviation] += count
    scored = traces.with_columns(pl.Series("fitness", fitness, dtype=pl.Float64))
    case_fitness = per_case.join(scored.lazy().select("trace", "fitness"), on="trace").select(
        CASE, "fitness"
    )
    n_cases = int(traces["count"].sum()) if traces.height else 0
    names = {n.id: n.label for n in variant.nodes}
    starts, ends, follows = model_relations(net)
    graph = analytics.dfg(lf, is_ordered=True).collect()
    log_pairs: Counter[tuple[str, str]] = Counter()
    log_only_paths = []
    for row in graph.iter_rows(named=True):
        a, b = full.get(str(row["source"])), full.get(str(row["target"]))
        if a is None or b is None:
            continue
        log_pairs[(a, b)] += row["count"]
    for (a, b), count in log_pairs.most_common():
        if (a, b) not in follows:
            log_only_paths.append({"source": names[a], "target": names[b], "count": count})
    event_counts = lf.group_by(ACTIVITY).agg(pl.len().alias("events")).collect()
    log_only = [
        {"activity": str(r[ACTIVITY]), "events": r["events"]}
        for r in event_counts.sort("events", descending=True).iter_rows(named=True)
        if str(r[ACTIVITY]) not in full
    ]
    seen_nodes = set(full.values()) & {a for pair in log_pairs for a in pair} | {
        full[a] for a in activities if a in full
    }
    model_tasks = [t.label for t in net.transitions if t.label is not None]
    report: dict[str, Any] = {
        "variant": variant.id,
        "cases": n_cases,
        "fitness": totals.fitness if n_cases else None,
        "average_case_fitness": (
            float((scored["fitness"] * scored["count"]).sum() / n_cases) if n_cases else None
        ),
        "fitting_cases": fitting,
        "fitting_share": fitting / n_cases if n_cases else None,
        "mapping": dict(sorted(full.items())),
        "log_only_activities": log_only,
        "model_only_activities": [
            {"id": label, "name": names[label]} for label in model_tasks if label not in seen_nodes
        ],
        "log_only_paths": log_only_paths,
        "model_only_paths": sorted(
            (
                {"source": names[a], "target": names[b]}
                for a, b in follows
                if (a, b) not in log_pairs
            ),
            key=lambda p: (p["source"], p["target"]),
        ),
        "model_start_activities": sorted(names[s] for s in starts),
        "model_end_activities": sorted(names[e] for e in ends),
        "deviations": [
            {
                "kind": kind,
                "activity": " or ".join(names.get(part, part) for part in what.split(" | ")),
                "cases": count,
            }
            for (kind, what), count in deviations.most_common(top)
        ],
    }
    return report, case_fitness
