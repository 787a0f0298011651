"""Random block-structured processes (sequence, XOR, AND, loop) built as analysis test cases.

A tree is ("task", minutes, waiting hours), ("seq", children), ("xor", children, probabilities),
("and", children) or ("loop", body, exit probability); `case_of` turns one into a case with
process "p" and the expected visits of every task.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from analysis_builders import END, START, build_case
from hypothesis import strategies as st


@dataclass
class Built:
    nodes: list[dict] = field(default_factory=list)
    flows: list[tuple] = field(default_factory=list)
    count: int = 0

    def name(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"


def tasks():
    return st.builds(
        lambda m, w: ("task", m, w),
        st.integers(min_value=0, max_value=90),
        st.integers(min_value=0, max_value=24),
    )


def trees():
    return st.recursive(
        tasks(),
        lambda inner: st.one_of(
            st.lists(inner, min_size=2, max_size=3).map(lambda c: ("seq", c)),
            st.lists(inner, min_size=2, max_size=3).flatmap(
                lambda c: st.lists(
                    st.integers(min_value=1, max_value=9), min_size=len(c), max_size=len(c)
                ).map(lambda w: ("xor", c, [x / sum(w) for x in w]))
            ),
            st.lists(inner, min_size=2, max_size=3).map(lambda c: ("and", c)),
            st.tuples(inner, st.sampled_from([0.25, 0.5, 0.8])).map(lambda t: ("loop", *t)),
        ),
        max_leaves=8,
    )


def link(b: Built, source: str, p_out: float | None, target: str) -> None:
    """A flow on from `source`; out of a loop's check gateway it carries the exit probability."""
    b.flows.append((source, target, p_out) if p_out is not None else (source, target))


def build(
    tree, b: Built, visits: float, expected: dict[str, float]
) -> tuple[str, str, float | None]:
    """Add the tree's nodes and flows; return its entry, its exit and the exit's probability."""
    kind = tree[0]
    if kind == "task":
        node = b.name("t")
        lane = "front" if b.count % 2 else "back"
        b.nodes.append(
            {"id": node, "touch_minutes": tree[1], "waiting_hours": tree[2], "lane": lane}
        )
        expected[node] = visits
        return node, node, None
    if kind == "seq":
        parts = [build(child, b, visits, expected) for child in tree[1]]
        for (_, out, p_out), (entry, _, _) in itertools.pairwise(parts):
            link(b, out, p_out, entry)
        return parts[0][0], parts[-1][1], parts[-1][2]
    if kind in ("xor", "and"):
        split, join = b.name("s"), b.name("j")
        b.nodes += [{"id": split, "type": kind}, {"id": join, "type": kind}]
        probabilities = tree[2] if kind == "xor" else [None] * len(tree[1])
        for child, p in zip(tree[1], probabilities, strict=True):
            entry, out, p_out = build(child, b, visits * (p if p is not None else 1), expected)
            link(b, split, p, entry)
            link(b, out, p_out, join)
        return split, join, None
    body, p = tree[1], tree[2]
    merge, check = b.name("m"), b.name("c")
    b.nodes += [{"id": merge, "type": "xor"}, {"id": check, "type": "xor"}]
    entry, out, p_out = build(body, b, visits / p, expected)
    link(b, merge, None, entry)
    link(b, out, p_out, check)
    b.flows.append((check, merge, 1 - p))
    return merge, check, p


def case_of(tree):
    b = Built()
    expected: dict[str, float] = {}
    entry, out, p_out = build(tree, b, 1.0, expected)
    link(b, out, p_out, "end")
    return build_case([START, *b.nodes, END], [("start", entry), *b.flows], volume=100), expected
