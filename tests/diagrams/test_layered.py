"""The layered engine: cycles, layers, lanes, placement and routing on small graphs."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from verksam.diagrams.layered import LEdge, LNode, _isotonic, layout


def _nodes(ids: str, lanes: dict[str, int] | None = None) -> list[LNode]:
    return [LNode(i, 80, 20, 20, lane=(lanes or {}).get(i, 0)) for i in ids]


def test_a_cycle_is_broken_by_reversing_one_edge_and_layers_follow_the_flow() -> None:
    res = layout(
        _nodes("abcd"), [LEdge("a", "b"), LEdge("b", "c"), LEdge("c", "b"), LEdge("c", "d")]
    )
    assert [e.reversed for e in res.edges] == [False, False, True, False]
    layer = {k: p.layer for k, p in res.nodes.items()}
    assert layer["a"] < layer["b"] < layer["c"] < layer["d"]
    back = res.edges[2]
    # drawn from c back to b: it starts at c's left side and ends at b's right side
    assert back.points[0][0] == res.nodes["c"].rank - 40
    assert back.points[-1][0] == res.nodes["b"].rank + 40


def test_a_labelled_edge_gets_a_layer_of_its_own_for_its_label() -> None:
    res = layout(_nodes("ab"), [LEdge("a", "b", label_rank=40, label_order=14)])
    assert res.nodes["b"].layer - res.nodes["a"].layer == 2
    assert res.edges[0].label_at is not None


def test_lanes_are_bands_in_order_and_hold_their_nodes() -> None:
    lanes = {"a": 0, "b": 2, "c": 1, "d": 0}
    res = layout(
        _nodes("abcd", lanes),
        [LEdge("a", "b"), LEdge("b", "c"), LEdge("c", "d")],
        lane_count=3,
        lane_min=[0, 0, 120],
    )
    assert [lo for lo, _ in res.lanes] == sorted(lo for lo, _ in res.lanes)
    assert res.lanes[2][1] - res.lanes[2][0] >= 120
    for node_id, lane in lanes.items():
        lo, hi = res.lanes[lane]
        assert lo <= res.nodes[node_id].order - 20 and res.nodes[node_id].order + 20 <= hi


def test_top_to_bottom_swaps_the_axes() -> None:
    res = layout(_nodes("ab"), [LEdge("a", "b")], direction="TB")
    (x1, y1), (x2, y2) = res.edges[0].points[0], res.edges[0].points[-1]
    assert y2 > y1  # flows downwards
    assert x1 == x2


def test_self_loop_stays_beside_its_node() -> None:
    res = layout(_nodes("a"), [LEdge("a", "a")])
    loop = res.edges[0]
    assert loop.self_loop
    top = res.nodes["a"].order - 20
    assert min(o for _, o in loop.points) < top  # it goes above the box


@given(st.lists(st.floats(-100, 100), min_size=1, max_size=8), st.data())
def test_isotonic_fit_is_monotone_and_no_worse_than_any_monotone_candidate(
    targets: list[float], data: st.DataObject
) -> None:
    weights = [data.draw(st.floats(0.1, 5)) for _ in targets]
    fit = _isotonic(targets, weights)
    assert all(a <= b + 1e-9 for a, b in itertools.pairwise(fit))

    def cost(xs: list[float]) -> float:
        return sum(w * (x - t) ** 2 for x, t, w in zip(xs, targets, weights, strict=True))

    other = sorted(
        data.draw(st.lists(st.floats(-100, 100), min_size=len(targets), max_size=len(targets)))
    )
    assert cost(fit) <= cost(other) + 1e-6


def test_a_kept_layout_is_the_same_as_a_new_one_and_not_changed_by_its_callers() -> None:
    from verksam.diagrams import layered

    nodes = _nodes("abcd", {"c": 1})
    edges = [LEdge("a", "b"), LEdge("b", "c", label_rank=30, label_order=12), LEdge("c", "d")]
    layered._LAYOUTS.clear()
    first = layout(nodes, edges)
    kept = layout(nodes, edges)  # from the kept layouts
    fresh = layered._layout(nodes, edges, "LR", 1, None, None)
    assert kept == fresh == first
    first.nodes["a"].order += 500  # a caller moving its copy moves nobody else's
    first.edges[0].points.append((0.0, 0.0))
    assert layout(nodes, edges) == fresh
    # Any change of a size is a new layout, not the kept one.
    taller = [LNode(n.id, n.rank_size, n.before + (40 if n.id == "b" else 0), n.after, n.lane)
              for n in nodes]  # fmt: skip
    assert layout(taller, edges) == layered._layout(taller, edges, "LR", 1, None, None)
    assert layout(taller, edges) != fresh
