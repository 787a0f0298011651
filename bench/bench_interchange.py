"""Interchange benchmark: BPMN import and export against PM4Py's BPMN reader and writer, same run.

Two workloads: every BPMN file of the shared interchange corpora (MIWG reference and vendor
exports, Nordic models, PM4Py's models), and one generated process of 1,000 activities in 8 lanes
(from bench_diagrams), exported by Verksam and then read by both. Verksam's import builds the full
case (lanes, roles, data, notes) and its export includes the swimlane layout and BPMNDI; PM4Py reads
flow nodes and flows only, and writes without a layout here (its layout needs Graphviz), so the
export ratio flatters PM4Py.

    python -m bench interchange
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path

from bench.bench_diagrams import generated_case
from verksam.formats.bpmn import read_bpmn, write_bpmn

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def corpus() -> list[Path]:
    patterns = ["bpmn-miwg/reference/*.bpmn", "bpmn-miwg/vendor/*/*.bpmn", "nordic/**/*.bpmn",
                "pm4py/**/*.bpmn"]  # fmt: skip
    return sorted({p for pattern in patterns for p in SHARED.glob(pattern)})


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    with redirect_stdout(io.StringIO()):  # PM4Py prints a banner on import
        import pm4py
    files = corpus()
    if not files:
        print(f"no corpus at {SHARED}; nothing to measure")
        return
    readable = []
    for path in files:
        try:
            pm4py.read_bpmn(str(path))
            readable.append(path)
        except Exception:  # PM4Py cannot read every vendor file; compare on those it can
            continue
    rows: list[tuple[str, float, float]] = []
    ours = best_of(3, lambda: [read_bpmn(p) for p in readable])
    peer = best_of(3, lambda: [pm4py.read_bpmn(str(p)) for p in readable])
    rows.append((f"import corpus ({len(readable)} files PM4Py reads)", ours, peer))
    with tempfile.TemporaryDirectory() as tmp:
        target = os.path.join(tmp, "out.bpmn")
        writable = []
        for path in readable:
            model = pm4py.read_bpmn(str(path))
            try:  # PM4Py cannot write every model it reads; compare on those it can
                pm4py.write_bpmn(model, target, auto_layout=False)
            except Exception:
                continue
            writable.append((read_bpmn(path).case, model))
        ours = best_of(3, lambda: [write_bpmn(c) for c, _m in writable])
        # PM4Py's layout needs Graphviz's `dot`, which this machine lacks: it writes without one.
        peer = best_of(
            3, lambda: [pm4py.write_bpmn(m, target, auto_layout=False) for _c, m in writable]
        )
    rows.append((f"export corpus ({len(writable)} files; PM4Py: no layout)", ours, peer))

    case = generated_case(1000)
    data = write_bpmn(case)
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.bpmn"
        big.write_bytes(data)
        ours = best_of(3, lambda: read_bpmn(big))
        peer = best_of(3, lambda: pm4py.read_bpmn(str(big)))
        rows.append(("import 1,000 activities, 8 lanes", ours, peer))
        ours = best_of(3, lambda: write_bpmn(case))
        model = pm4py.read_bpmn(str(big))
        out = os.path.join(tmp, "pm4py.bpmn")
        # PM4Py's layout needs Graphviz's `dot`, which this machine lacks: it writes without one.
        peer = best_of(3, lambda: pm4py.write_bpmn(model, out, auto_layout=False))
        rows.append(("export 1,000 activities (PM4Py: no layout)", ours, peer))
    print(f"{'workload':<44} {'Verksam s':>10} {'PM4Py s':>10} {'ratio':>7}")
    for name, a, b in rows:
        print(f"{name:<44} {a:>10.3f} {b:>10.3f} {a / b:>7.2f}")
    print(f"({len(files) - len(readable)} corpus files PM4Py cannot read were left out of row 1)")


if __name__ == "__main__":
    main()
