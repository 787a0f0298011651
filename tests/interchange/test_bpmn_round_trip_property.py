"""Property: any valid process exports to schema-valid BPMN and imports back unchanged.

Ids are drawn so that they often collide across kinds (a node named like its process, a lane like a
node, a flow like a node), which BPMN forbids within one file and the exporter must resolve.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from verksam.formats.bpmn import read_bpmn_bytes, write_bpmn
from verksam.model import (
    Case,
    Flow,
    InformationObject,
    Lane,
    Node,
    Process,
    Role,
    Structure,
    Variant,
)

IDS = st.sampled_from(["a", "b", "c", "p", "q", "x.1", "x-2", "_y", "Task_1", "end", "start"])
TASK_KINDS = st.sampled_from(["task", "user", "manual", "service", "send", "receive", "script",
                              "business-rule"])  # fmt: skip
INFO = st.sampled_from(["i1", "i.2"])
EVENTS = st.sampled_from(["none", "message", "timer", "signal", "conditional", "escalation", "link",
                          "error", "compensation", "cancel", "multiple"])  # fmt: skip


@st.composite
def cases(draw: st.DrawFn) -> Case:
    process_id = draw(IDS)
    lane_ids = draw(st.lists(IDS, min_size=0, max_size=3, unique=True))
    names = st.text(alphabet="abcåäö ÆØ<&>\"'", max_size=12)
    count = draw(st.integers(min_value=1, max_value=7))
    used = {process_id}
    middle: list[Node] = []
    for i in range(count):
        node_id = draw(IDS.filter(lambda v: v not in used)) if draw(st.booleans()) else f"n{i}"
        if node_id in used:
            node_id = f"n{i}"
        used.add(node_id)
        kind = draw(st.sampled_from(["task", "xor", "and", "or", "event", "subprocess-less"]))
        lane = draw(st.sampled_from(lane_ids)) if lane_ids else None
        if kind == "task" or kind == "subprocess-less":
            node = Node(id=node_id, name=draw(names), task_kind=draw(TASK_KINDS), lane=lane,
                        touch_minutes=draw(st.floats(0, 500, allow_nan=False)),
                        waiting_hours=draw(st.sampled_from([0.0, 0.5, 24.0])),
                        documentation=draw(names),
                        reads=draw(st.lists(INFO, max_size=2, unique=True)),
                        writes=draw(st.lists(INFO, max_size=2, unique=True)))  # fmt: skip
        elif kind == "event":
            node = Node(id=node_id, type="event", event=draw(EVENTS), throwing=draw(st.booleans()),
                        lane=lane)  # fmt: skip
        else:
            node = Node(id=node_id, type=kind, name=draw(names), lane=lane)
        middle.append(node)
    start = Node(
        id="s0" if "s0" not in used else "s00", type="start", lane=lane_ids[0] if lane_ids else None
    )
    end = Node(id="e0", type="end", event=draw(st.sampled_from(["none", "terminate", "message"])))
    chain = [start, *middle, end]
    tasks = [n for n in middle if n.type == "task"]
    boundary = None
    if tasks and draw(st.booleans()):
        boundary = Node(id="b0", type="event", event=draw(EVENTS), attached_to=tasks[0].id,
                        interrupting=draw(st.booleans()), lane=tasks[0].lane)  # fmt: skip
    flows = []
    for i, (a, b) in enumerate(itertools.pairwise(chain)):
        prob = 1.0 if a.type in ("xor", "or") else None
        flow_id = draw(st.sampled_from([None, f"f{i}", "a", process_id]))
        flows.append(Flow(id=flow_id, source=a.id, target=b.id, probability=prob,
                          name=draw(names), condition=draw(names)))  # fmt: skip
    if boundary is not None:
        chain.append(boundary)
        flows.append(Flow(source="b0", target="e0"))
    if len({f.id for f in flows if f.id}) < len([f for f in flows if f.id]):
        flows = [f.model_copy(update={"id": None}) for f in flows]
    # Nested lanes: each lane sits in the one before it or at the top (the order a BPMN tree of
    # lanes reads in, depth first).
    lanes = [
        Lane(id=lane_id, name=draw(names), role="r",
             parent=draw(st.sampled_from([None, lane_ids[i - 1]])) if i else None)
        for i, lane_id in enumerate(lane_ids)
    ]  # fmt: skip
    variant = Variant(id=draw(st.sampled_from(["as-is", "to-be", "v.2"])), lanes=lanes,
                      nodes=chain, flows=flows, volume_per_year=draw(st.sampled_from([None, 12.5])))  # fmt: skip
    return Case(
        id="c", name=draw(names) or "c",
        structure=Structure(
            roles=[Role(id="r", name="Role")] if lanes else [],
            information=[InformationObject(id="i1", name="Ansökan"),
                         InformationObject(id="i.2", name="Register", kind="data-store")],
        ),
        processes=[Process(id=process_id, name=draw(names), variants=[variant])],
    )  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_any_process_round_trips_through_valid_bpmn(
    case: Case, bpmn_schema: etree.XMLSchema
) -> None:
    data = write_bpmn(case)
    assert bpmn_schema.validate(etree.fromstring(data).getroottree()), bpmn_schema.error_log
    back = read_bpmn_bytes(data)
    assert [n for n in back.notes if not n.kept] == []
    # The whole case comes back: the flow from the BPMN, the rest from our extension.
    assert back.case == case


pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
