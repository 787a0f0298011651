"""Plain helpers of the interchange tests: where the corpora are, and schema checking."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from verksam.model import Case, Distribution, Flow, Lane, Node, Process, Role, Structure, Variant

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"


def corpus_files() -> list[Path]:
    """Every BPMN file of the MIWG reference and vendor sets, the Nordic models and PM4Py."""
    patterns = ["bpmn-miwg/reference/*.bpmn", "bpmn-miwg/vendor/*/*.bpmn", "nordic/**/*.bpmn",
                "pm4py/**/*.bpmn"]  # fmt: skip
    return sorted({p for pattern in patterns for p in SHARED.glob(pattern)})


def corpus_id(path: Path) -> str:
    return str(path.relative_to(SHARED)) if SHARED in path.parents else path.name


def example_files() -> list[Path]:
    return sorted((ROOT / "examples").glob("*/*.yaml"))


def schema_errors(schema: etree.XMLSchema, data: bytes) -> list[str]:
    ok = schema.validate(etree.fromstring(data).getroottree())
    return [] if ok else [f"line {e.line}: {e.message}" for e in schema.error_log]


def small_case() -> Case:
    """Two lanes, a split with probabilities, times, a duration, a boundary and a throw event."""
    nodes = [
        Node(id="start", type="start", lane="clerk"),
        Node(id="check", name="Check", lane="clerk", touch_minutes=12.5, waiting_hours=3,
             value_adding=True, documentation="Look at it.\nTwice.",
             duration=Distribution(kind="triangular", min=5, mode=10, max=30)),
        Node(id="ok", type="xor", lane="clerk"),
        Node(id="fix", name="Fix", lane="boss", task_kind="user"),
        Node(id="timer", type="event", event="timer", attached_to="fix", interrupting=False),
        Node(id="remind", type="event", event="message", throwing=True),
        Node(id="end", type="end", lane="boss"),
        Node(id="end2", type="end", event="terminate", lane="boss"),
    ]  # fmt: skip
    flows = [
        Flow(id="f1", source="start", target="check"),
        Flow(source="check", target="ok"),
        Flow(source="ok", target="fix", probability=0.25, condition="bad", name="no"),
        Flow(source="ok", target="end", probability=0.75),
        Flow(source="fix", target="end"),
        Flow(source="timer", target="remind"),
        Flow(source="remind", target="end2"),
    ]
    variant = Variant(id="to-be", kind="to-be", volume_per_year=1200,
                      lanes=[Lane(id="clerk", name="Clerk", role="clerk", stage="back-stage"),
                             Lane(id="boss", name="Boss", role="boss")],
                      nodes=nodes, flows=flows)  # fmt: skip
    return Case(
        id="small", name="Small",
        structure=Structure(roles=[Role(id="clerk", name="Clerk"), Role(id="boss", name="Boss")]),
        processes=[Process(id="p", name="Process", variants=[variant])],
    )  # fmt: skip
