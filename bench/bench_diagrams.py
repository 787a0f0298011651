"""Diagram benchmark: swimlane layout + SVG for generated processes of 50, 300 and 1,000 activities
in 8 lanes, against grandalf's pure-Python Sugiyama layout of the same graph in the same run.

The processes are seeded and realistic in shape: a main path with XOR branches (labelled with
probabilities), AND blocks, and rework loops back 2–5 steps. Verksam's time covers everything
`verksam render --view swimlane` does after loading the case: text measurement and wrapping,
layering, crossing reduction, placement, orthogonal routing in lanes, and writing the SVG.
grandalf's covers its layering, ordering and coordinate assignment with straight-line edges
(no lanes, no text, no SVG), so the ratio flatters grandalf.

    python -m bench diagrams
    python -m bench.bench_diagrams --sizes 50 300 1000 3000
"""

from __future__ import annotations

import argparse
import math
import random
import time
from typing import Any

from verksam.diagrams.svg import to_svg
from verksam.diagrams.swimlane import swimlane_diagram
from verksam.model import Case, Flow, Lane, Node, Process, Variant

LANES = 8
VERBS = ["Registrera", "Kontrollera", "Bedöma", "Begära", "Skicka", "Fatta", "Attestera",
         "Planera", "Beställa", "Informera", "Arkivera", "Granska"]  # fmt: skip
OBJECTS = ["ärendet", "ansökan", "underlaget", "beslutet", "fakturan", "komplettering",
           "svar till sökande", "nybyggnadskarta", "tur och tider"]  # fmt: skip


def generated_case(activities: int, seed: int = 7) -> Case:
    """A seeded process with `activities` tasks in 8 lanes, XOR/AND blocks and rework loops."""
    rng = random.Random(seed)
    nodes: list[Node] = []
    flows: list[Flow] = []
    lane = 0
    tasks: list[str] = []

    def add(kind: str, name: str = "") -> str:
        nonlocal lane
        if rng.random() < 0.4:
            lane = rng.randrange(LANES)
        node_id = f"n{len(nodes)}"
        if kind == "task" and not name:
            name = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            tasks.append(node_id)
        nodes.append(
            Node(
                id=node_id, type=kind, name=name, lane=f"l{lane}", touch_minutes=rng.randint(5, 90)
            )  # type: ignore[arg-type]
        )
        return node_id

    def link(a: str, b: str, p: float | None = None) -> None:
        flows.append(Flow(source=a, target=b, probability=p))

    current = add("start", "Start")
    while len(tasks) < activities:
        roll = rng.random()
        if roll < 0.15:
            split, join = add("xor", "OK?"), add("xor")
            link(current, split)
            branches = rng.randint(2, 3)
            for _ in range(branches):
                prev = split
                for _ in range(rng.randint(1, 3)):
                    t = add("task")
                    link(prev, t, round(1 / branches, 2) if prev == split else None)
                    prev = t
                link(prev, join)
            current = join
        elif roll < 0.22:
            split, join = add("and"), add("and")
            link(current, split)
            for _ in range(2):
                t = add("task")
                link(split, t)
                link(t, join)
            current = join
        elif roll < 0.30 and len(tasks) > 5:
            t = add("task")
            link(current, t)
            gw = add("xor", "Rätt?")
            link(t, gw)
            link(gw, tasks[-rng.randint(2, 5)], 0.15)
            current = gw
        else:
            t = add("task")
            link(current, t)
            current = t
    end = add("end", "Klart")
    link(current, end)
    variant = Variant(
        id="as-is",
        lanes=[Lane(id=f"l{i}", name=f"Roll {i + 1}") for i in range(LANES)],
        nodes=nodes,
        flows=flows,
    )
    return Case(
        id="bench", name="Benchmark", processes=[Process(id="p", name="P", variants=[variant])]
    )


def _best(fn: Any, repeat: int) -> tuple[float, Any]:
    best = math.inf
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def _cold_layout(case: Case) -> Any:
    """Layout with the text-width cache emptied first, so repeats do not flatter Verksam (the
    font's width table itself stays loaded, as in a running server)."""
    from verksam.diagrams import text

    text._em_width.cache_clear()
    return swimlane_diagram(case)


def _grandalf(case: Case) -> float | None:
    try:
        from grandalf.graphs import Edge, Graph, Vertex
        from grandalf.layouts import SugiyamaLayout
    except ImportError:
        return None
    variant = case.processes[0].variants[0]

    class View:
        w, h = 130.0, 48.0

    def run() -> None:
        vs = {n.id: Vertex(n.id) for n in variant.nodes}
        for v in vs.values():
            v.view = View()
        g = Graph(list(vs.values()), [Edge(vs[f.source], vs[f.target]) for f in variant.flows])
        for component in g.C:
            sug = SugiyamaLayout(component)
            sug.init_all()
            sug.draw(3)

    seconds, _ = _best(run, 1)
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 300, 1000])
    args = parser.parse_args(argv if argv is not None else [])
    rows = []
    for n in args.sizes:
        case = generated_case(n)
        variant = case.processes[0].variants[0]
        repeat = 3 if n <= 300 else 1
        t_layout, diagram = _best(lambda c=case: _cold_layout(c), repeat)
        t_svg, svg = _best(lambda d=diagram: to_svg(d), repeat)
        peer = _grandalf(case)
        rows.append((n, len(variant.nodes), len(variant.flows), t_layout, t_svg, len(svg), peer))
    print(f"generated processes in {LANES} lanes (best of 3 up to 300 activities, else 1 run)")
    print(
        f"{'activities':>10} {'nodes':>6} {'flows':>6} {'layout ms':>10} {'svg ms':>7} "
        f"{'total ms':>9} {'growth':>7} {'svg kB':>7} {'grandalf ms':>12} {'ratio':>6}"
    )
    prev: tuple[int, float] | None = None
    for n, nodes, flows, t_layout, t_svg, size, peer in rows:
        total = t_layout + t_svg
        growth = f"n^{math.log(total / prev[1]) / math.log(n / prev[0]):.2f}" if prev else "—"
        peer_ms = f"{peer * 1000:.0f}" if peer is not None else "n/a"
        ratio = f"{peer / total:.1f}x" if peer is not None else "n/a"
        print(
            f"{n:>10} {nodes:>6} {flows:>6} {t_layout * 1000:>10.0f} {t_svg * 1000:>7.0f} "
            f"{total * 1000:>9.0f} {growth:>7} {size / 1000:>7.0f} {peer_ms:>12} {ratio:>6}"
        )
        prev = (n, total)
    print("growth: exponent k of n^k between this size and the previous one (1.00 = linear);")
    print("ratio: grandalf time / Verksam time (above 1: Verksam is faster).")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
