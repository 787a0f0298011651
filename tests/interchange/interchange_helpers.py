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


def nested_lanes_bpmn() -> bytes:
    """A pool whose first lane holds two lanes (a department and its teams), as bpmn.io writes it:
    the outer lane lists the nodes of the lanes inside it too."""
    b = "http://www.omg.org/spec/BPMN/20100524/MODEL"
    return f"""<definitions xmlns="{b}" id="nested" targetNamespace="x">
<collaboration id="c"><participant id="pool" name="Kommunen" processRef="p"/></collaboration>
<process id="p"><laneSet id="ls">
<lane id="social" name="Socialtjänsten"><flowNodeRef>s</flowNodeRef><flowNodeRef>t1</flowNodeRef>
<flowNodeRef>t2</flowNodeRef><childLaneSet id="teams">
<lane id="intake" name="Mottagning"><flowNodeRef>s</flowNodeRef><flowNodeRef>t1</flowNodeRef></lane>
<lane id="inquiry" name="Utredning"><flowNodeRef>t2</flowNodeRef></lane></childLaneSet></lane>
<lane id="board" name="Nämnden"><flowNodeRef>t3</flowNodeRef><flowNodeRef>e</flowNodeRef></lane>
</laneSet>
<startEvent id="s"/><task id="t1" name="Ta emot"/><task id="t2" name="Utreda"/>
<task id="t3" name="Besluta"/><endEvent id="e"/>
<sequenceFlow id="f1" sourceRef="s" targetRef="t1"/><sequenceFlow id="f2" sourceRef="t1" targetRef="t2"/>
<sequenceFlow id="f3" sourceRef="t2" targetRef="t3"/><sequenceFlow id="f4" sourceRef="t3" targetRef="e"/>
</process></definitions>""".encode()
