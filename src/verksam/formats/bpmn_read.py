"""BPMN 2.0 import: processes, pools, lanes, flow nodes, data and annotations into a Verksam case.

Mapping: a process (or pool) becomes a Process with one variant; each embedded sub-process becomes
a Process of its own that its sub-process node `calls`; lanes become variant lanes backed by roles
(lanes that hold sub-lanes become units); data objects and stores become information objects that
nodes read and write; message flows become case-level message flows. Whatever the case model cannot
hold is listed as a Note, one per element. Our own extension elements (namespace VERKSAM) bring back
times, probabilities, variants and lane roles written by `bpmn_write`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from lxml import etree

from verksam.formats.bpmn_xml import (
    BPMN,
    VERKSAM,
    InterchangeError,
    Note,
    local,
    namespace,
    parse_bytes,
    parse_file,
)
from verksam.model import (
    Annotation,
    Case,
    Distribution,
    Flow,
    InformationObject,
    ItSystem,
    Lane,
    MessageFlow,
    Node,
    Process,
    Role,
    Structure,
    Unit,
    Variant,
)

TASKS: dict[str, str] = {
    "task": "task",
    "userTask": "user",
    "manualTask": "manual",
    "serviceTask": "service",
    "sendTask": "send",
    "receiveTask": "receive",
    "scriptTask": "script",
    "businessRuleTask": "business-rule",
    "callActivity": "call",
}
GATEWAYS: dict[str, str] = {
    "exclusiveGateway": "xor",
    "parallelGateway": "and",
    "inclusiveGateway": "or",
    "eventBasedGateway": "event-gateway",
    "complexGateway": "or",
}
EVENTS: dict[str, str] = {
    "startEvent": "start",
    "endEvent": "end",
    "intermediateCatchEvent": "event",
    "intermediateThrowEvent": "event",
    "boundaryEvent": "event",
}
DEFINITIONS: dict[str, str] = {
    "messageEventDefinition": "message",
    "timerEventDefinition": "timer",
    "signalEventDefinition": "signal",
    "conditionalEventDefinition": "conditional",
    "errorEventDefinition": "error",
    "escalationEventDefinition": "escalation",
    "compensateEventDefinition": "compensation",
    "terminateEventDefinition": "terminate",
    "linkEventDefinition": "link",
    "cancelEventDefinition": "cancel",
}
SUBPROCESSES = ("subProcess", "adHocSubProcess", "transaction")
# Children consumed while reading their parent (never reported on their own).
CONSUMED = {
    "incoming", "outgoing", "documentation", "extensionElements", "laneSet", "sequenceFlow",
    "dataObject", "dataObjectReference", "dataStoreReference", "textAnnotation", "association",
    "ioSpecification", "dataInputAssociation", "dataOutputAssociation", "conditionExpression",
    "property",
}  # fmt: skip
_ID_BAD = re.compile(r"[^A-Za-z0-9_.\-]")


@dataclass
class BpmnImport:
    """The imported case and a note for each element it could not keep as it was."""

    case: Case
    notes: list[Note] = field(default_factory=list)


def _text(element: etree._Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if local(c) == name and namespace(c) == BPMN]


def _child(element: etree._Element, name: str) -> etree._Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _documentation(element: etree._Element) -> str:
    return "\n\n".join(t for t in (_text(d) for d in _children(element, "documentation")) if t)


def _extension(element: etree._Element, name: str) -> etree._Element | None:
    ext = _child(element, "extensionElements")
    if ext is None:
        return None
    for item in ext:
        if namespace(item) == VERKSAM and local(item) == name:
            return item
    return None


def _float(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


class _Reader:
    def __init__(self, tree: etree._ElementTree, name: str, repair: bool = False) -> None:
        self.root = tree.getroot()
        self.repair = repair
        self.deferred_calls: list[tuple[etree._Element, str]] = []
        self.lane_of: dict[str, str] = {}
        self.name = name
        self.notes: list[Note] = []
        self.by_id: dict[str, etree._Element] = {}
        self.case_ids: set[str] = set()  # case-level ids in use (processes, roles, units, info)
        self.process_of: dict[str, str] = {}  # BPMN element id -> Process id holding it
        self.node_ids: dict[str, str] = {}  # BPMN flow-node id -> node id in the case
        self.processes: list[Process] = []
        self.roles: dict[str, Role] = {}  # by lane name
        self.units: dict[str, Unit] = {}
        self.information: dict[str, InformationObject] = {}  # by BPMN dataObject/dataStore id
        self.info_alias: dict[str, str] = {}  # reference id -> information id
        self.systems: dict[str, ItSystem] = {}

    # --- helpers --------------------------------------------------------------------------------
    def fail(self, message: str, element: etree._Element | None = None, eid: str = "") -> NoReturn:
        line = element.sourceline if element is not None else None
        raise InterchangeError(message, file=self.name, line=line, element=eid)

    def note(self, element: etree._Element, reason: str) -> None:
        ident = element.get("id") or element.get("name") or ""
        self.notes.append(Note(local(element), ident, reason, element.sourceline))

    def claim(self, raw: str, taken: set[str]) -> str:
        """A valid, unused Verksam id as close to `raw` as possible."""
        base = _ID_BAD.sub("_", raw)[:90] or "_"
        if not (base[0].isalpha() or base[0] == "_"):
            base = f"_{base}"[:90]
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        return candidate

    def ref(self, element: etree._Element, attr: str) -> etree._Element:
        """The element `attr` refers to; a dangling reference is an error."""
        target = self.find(element, attr, repairable=False)
        assert target is not None
        return target

    def find(
        self, element: etree._Element, attr: str, *, repairable: bool = True
    ) -> etree._Element | None:
        """The element `attr` refers to; when repairing, None (with a note) if it is missing."""
        value = element.get(attr)
        eid = element.get("id", "")
        target = self.by_id.get(_strip_prefix(value or "")) if value else None
        if target is not None:
            return target
        problem = (
            f"{local(element)} '{eid}' refers to '{value}' ({attr}), which does not exist"
            if value
            else f"{local(element)} '{eid}' has no {attr}"
        )
        if not (self.repair and repairable):
            self.fail(problem + " (import with repair to leave it out)", element, eid)
        self.notes.append(Note(local(element), eid, f"left out: {problem}", element.sourceline))
        return None

    # --- whole file -----------------------------------------------------------------------------
    def read(self) -> Case:
        root = self.root
        if local(root) != "definitions" or namespace(root) != BPMN:
            self.fail(
                f"not a BPMN 2.0 file: the root element is '{local(root)}' in namespace "
                f"'{namespace(root)}', not 'definitions' in {BPMN}",
                root,
            )
        for element in root.iter():
            eid = element.get("id") if isinstance(element.tag, str) else None
            if eid and namespace(element) == BPMN and not _in_extension(element):
                if eid in self.by_id and self.by_id[eid] is not element:
                    self.fail(f"duplicate id '{eid}'", element, eid)
                self.by_id[eid] = element
        participants: dict[str, etree._Element] = {}  # processRef -> participant
        collaborations = _children(root, "collaboration") + _children(root, "choreography")
        for collab in collaborations:
            if local(collab) == "choreography":
                self.note(collab, "choreographies are not part of the case model")
                continue
            for part in _children(collab, "participant"):
                proc = self.find(part, "processRef") if part.get("processRef") else None
                if proc is not None:
                    participants[proc.get("id", "")] = part
        for proc in _children(root, "process"):
            pid = proc.get("id", "")
            part = participants.get(pid)
            name = (part.get("name") if part is not None else None) or proc.get("name") or ""
            self.read_process(proc, name)
        # Pools without a process (black boxes) become processes without variants.
        for collab in _children(root, "collaboration"):
            for part in _children(collab, "participant"):
                proc = self.by_id.get(_strip_prefix(part.get("processRef", "")))
                if proc is None:
                    pid = self.claim(part.get("id", "pool"), self.case_ids)
                    self.process_of[part.get("id", "")] = pid
                    self.processes.append(
                        Process(
                            id=pid,
                            name=part.get("name", ""),
                            description=_documentation(part),
                        )
                    )
                else:
                    proc_id = self.process_of.get(proc.get("id", ""))
                    if proc_id:
                        self.process_of[part.get("id", "")] = proc_id
        message_flows = [
            mf
            for collab in _children(root, "collaboration")
            for mf in self.read_message_flows(collab)
        ]
        for collab in _children(root, "collaboration"):
            self.read_collaboration_artifacts(collab)
        for element in root:
            kind = local(element)
            if kind in ("process", "collaboration", "choreography", "documentation"):
                continue
            if kind == "extensionElements" or not isinstance(element.tag, str):
                continue
            if namespace(element) != BPMN:
                continue  # BPMNDI diagrams: layout comes from our own engine on export
            if kind == "dataStore":
                self.information_for(element, "data-store")
                continue
            if kind in ("message", "signal", "error", "escalation", "itemDefinition"):
                self.note(element, "definitions of messages, signals and errors are not kept")
            else:
                self.note(element, "not part of the case model")
        self.note_extensions()
        structure = None
        if self.roles or self.units or self.information or self.systems:
            structure = Structure(
                units=list(self.units.values()),
                roles=list(self.roles.values()),
                systems=list(self.systems.values()),
                information=list(self.information.values()),
            )
        stem = Path(self.name).stem if self.name else "bpmn"
        case_id = self.claim(root.get("id") or stem, set())
        case_name = root.get("name") or stem
        return Case(
            id=case_id,
            name=case_name,
            description=self.case_description(),
            structure=structure,
            processes=self.processes,
            message_flows=message_flows,
        )

    def case_description(self) -> str:
        for collab in _children(self.root, "collaboration"):
            if _documentation(collab):
                return _documentation(collab)
        return ""

    def read_collaboration_artifacts(self, collab: etree._Element) -> None:
        """Annotations drawn on the collaboration go to the process of the node they annotate."""
        texts = {a.get("id", ""): a for a in _children(collab, "textAnnotation")}
        attached: set[str] = set()
        for assoc in _children(collab, "association"):
            src_el, tgt_el = self.find(assoc, "sourceRef"), self.find(assoc, "targetRef")
            if src_el is None or tgt_el is None:
                continue
            src, tgt = src_el.get("id", ""), tgt_el.get("id", "")
            text_id, node = (src, tgt) if src in texts else (tgt, src)
            if text_id in texts and node in self.node_ids and text_id not in attached:
                process = next(p for p in self.processes if p.id == self.process_of[node])
                variant = process.variants[0]
                taken = {a.id for a in variant.annotations}
                variant.annotations = [
                    *variant.annotations,
                    Annotation(
                        id=self.claim(text_id, taken),
                        text=_text(_child(texts[text_id], "text")),
                        attached_to=self.node_ids[node],
                    ),
                ]
                attached.add(text_id)
            else:
                self.note(assoc, f"association from '{src}' to '{tgt}' is not kept")
        for text_id, element in texts.items():
            if text_id not in attached:
                self.note(element, "an annotation of the whole collaboration is not kept")
        for element in collab:
            kind = local(element)
            if namespace(element) == BPMN and kind not in (
                "participant", "messageFlow", "documentation", "extensionElements",
                "textAnnotation", "association",
            ):  # fmt: skip
                self.note(element, "not part of the case model")

    def note_extensions(self) -> None:
        """One note per foreign namespace of extension elements (vendor settings, styles)."""
        seen: dict[str, etree._Element] = {}
        for ext in self.root.iter(f"{{{BPMN}}}extensionElements"):
            for item in ext:
                ns = namespace(item)
                if isinstance(item.tag, str) and ns != VERKSAM and ns not in seen:
                    seen[ns] = item
        for ns, item in seen.items():
            self.notes.append(
                Note(
                    "extensionElements",
                    ns or "(no namespace)",
                    "vendor extension elements of this namespace are not kept",
                    item.sourceline,
                )
            )

    # --- processes ------------------------------------------------------------------------------
    def read_process(self, proc: etree._Element, name: str) -> str:
        pid = self.claim(proc.get("id", "process"), self.case_ids)
        self.process_of[proc.get("id", "")] = pid
        self.process_of[pid] = pid
        ext = _extension(proc, "variant")
        variant_id = "as-is"
        variant_name = ""
        variant_description = ""
        kind = "as-is"
        volume = None
        if ext is not None:
            variant_id = ext.get("id") or variant_id
            variant_name = ext.get("name", "")
            variant_description = ext.get("description", "")
            kind = ext.get("kind") or kind
            volume = _float(ext.get("volume-per-year"))
        variant = Variant.model_validate(
            {
                "id": variant_id,
                "name": variant_name,
                "description": variant_description,
                "kind": kind,
                "volume_per_year": volume,
            }
        )
        process = Process(id=pid, name=name, description=_documentation(proc))
        ext_root = _child(proc, "extensionElements")
        for item in ext_root if ext_root is not None else []:
            if namespace(item) == VERKSAM and local(item) == "system":
                sid = item.get("id", "")
                if sid and sid not in self.systems:
                    self.systems[sid] = ItSystem(
                        id=self.claim(sid, self.case_ids), name=item.get("name", "")
                    )
        self.processes.append(process)
        self.read_lanes(proc, variant)
        self.read_container(proc, pid, variant)
        process.variants = [variant]
        return pid

    def read_lanes(self, container: etree._Element, variant: Variant) -> None:
        lane_of: dict[str, str] = {}
        lanes: list[Lane] = []
        lane_ids: set[str] = set()

        def walk(lane_set: etree._Element, unit: str | None) -> None:
            for lane in _children(lane_set, "lane"):
                lid = lane.get("id", "")
                lname = lane.get("name", "")
                child_set = _child(lane, "childLaneSet")
                if child_set is not None and _children(child_set, "lane"):
                    key = lname or lid
                    if key not in self.units:
                        self.units[key] = Unit(
                            id=self.claim(key, self.case_ids),
                            name=lname,
                            parent=unit,
                            description=_documentation(lane),
                        )
                    walk(child_set, self.units[key].id)
                    continue
                ext = _extension(lane, "lane")
                role_id: str | None
                if ext is not None:
                    role_id = ext.get("role")
                    lane_unit = ext.get("unit")
                    stage = ext.get("stage")
                else:
                    role_id = self.role_for(lname or lid, unit).id
                    lane_unit = None
                    stage = None
                if ext is not None and lane_unit and lane_unit not in self.units:
                    self.units[lane_unit] = Unit(
                        id=self.claim(lane_unit, self.case_ids), name=ext.get("unit-name", "")
                    )
                if ext is not None and role_id:
                    role = self.role_for(
                        ext.get("role-name", ""), ext.get("role-unit") or None, ident=role_id
                    )
                    role_id = role.id
                new_id = self.claim(ext.get("id") or lid if ext is not None else lid, lane_ids)
                lanes.append(
                    Lane.model_validate(
                        {
                            "id": new_id,
                            "name": lname,
                            "description": _documentation(lane),
                            "role": role_id or None,
                            "unit": lane_unit or None,
                            "stage": stage or None,
                        }
                    )
                )
                for ref in _children(lane, "flowNodeRef"):
                    target = _text(ref)
                    if target not in self.by_id:
                        problem = f"lane '{lid}' lists flow node '{target}', which does not exist"
                        if not self.repair:
                            self.fail(problem + " (import with repair to leave it out)", ref, lid)
                        self.notes.append(Note("lane", lid, f"left out: {problem}", ref.sourceline))
                    lane_of[target] = new_id

        for lane_set in _children(container, "laneSet"):
            walk(lane_set, None)
        variant.lanes = lanes
        self.lane_of = lane_of

    def role_for(self, name: str, unit: str | None, ident: str | None = None) -> Role:
        key = ident or name
        if key not in self.roles:
            rid = ident if ident and ident not in self.case_ids else self.claim(key, self.case_ids)
            self.case_ids.add(rid)
            self.roles[key] = Role(id=rid, name=name, unit=unit)
            if unit and unit not in {u.id for u in self.units.values()}:
                self.units[unit] = Unit(id=unit)
                self.case_ids.add(unit)
        return self.roles[key]

    def read_container(self, container: etree._Element, pid: str, variant: Variant) -> None:
        """Flow nodes, flows, data and annotations of a process or sub-process into `variant`."""
        cid = container.get("id", "")
        node_taken: set[str] = set()
        local_ids: dict[str, str] = {}
        nodes: list[Node] = []
        pending_subs: list[tuple[etree._Element, Node]] = []
        lane_of = self.lane_of
        for element in container:
            kind = local(element)
            if namespace(element) != BPMN or kind in CONSUMED or kind == "laneSet":
                continue
            eid = element.get("id", "")
            if kind in SUBPROCESSES and element.get("triggeredByEvent") == "true":
                self.note(
                    element,
                    f"event sub-process imported as the separate process '{eid}'; "
                    f"it is not started from '{cid}'",
                )
                self.read_subprocess_process(element, pid)
                continue
            if element.get("isForCompensation") == "true" or (
                kind == "boundaryEvent" and _child(element, "compensateEventDefinition") is not None
            ):
                self.note(element, "compensation handlers are not part of the case model")
                continue
            if kind in TASKS or kind in GATEWAYS or kind in EVENTS or kind in SUBPROCESSES:
                node = self.read_node(element, kind, node_taken, pid)
                local_ids[eid] = node.id
                self.node_ids[eid] = node.id
                self.process_of[eid] = pid
                if eid in lane_of:
                    node.lane = lane_of[eid]
                nodes.append(node)
                if kind in SUBPROCESSES:
                    pending_subs.append((element, node))
            elif kind == "dataStore":
                self.information_for(element, "data-store")
            elif kind in ("dataInput", "dataOutput"):
                self.note(element, "process inputs and outputs are not kept")
            else:
                self.note(element, "not part of the case model")
        # Data objects and stores (before associations refer to them).
        for element in container:
            kind = local(element)
            if kind == "dataObject":
                self.information_for(element, "record")
            elif kind == "dataObjectReference":
                obj = self.find(element, "dataObjectRef")
                info = self.information_for(
                    obj if obj is not None else element, "record", element.get("name")
                )
                self.info_alias[element.get("id", "")] = info.id
            elif kind == "dataStoreReference":
                store = self.find(element, "dataStoreRef") if element.get("dataStoreRef") else None
                info = self.information_for(
                    store if store is not None else element, "data-store", element.get("name")
                )
                self.info_alias[element.get("id", "")] = info.id
        variant.nodes = nodes
        variant.flows = self.read_flows(container, local_ids)
        variant.annotations = self.read_annotations(container, local_ids)
        by_id = {n.id: n for n in nodes}
        for element in _children(container, "boundaryEvent"):
            if element.get("id", "") not in local_ids:
                continue
            host = self.ref(element, "attachedToRef")
            host_id = local_ids.get(host.get("id", ""))
            if host_id is None:
                self.fail(
                    f"boundaryEvent '{element.get('id')}' is attached to "
                    f"'{host.get('id')}', which is not in the same process",
                    element,
                    element.get("id", ""),
                )
            by_id[local_ids[element.get("id", "")]].attached_to = host_id
        for element in container:
            if element.get("id", "") in local_ids:
                self.read_data_associations(element, by_id[local_ids[element.get("id", "")]])
        for element, node in pending_subs:
            node.calls = self.read_subprocess_process(element, pid)

    def read_subprocess_process(self, element: etree._Element, parent_pid: str) -> str:
        ext = _extension(element, "node")
        own = ext.get("calls") if ext is not None else None
        pid = self.claim(own or element.get("id", "subprocess"), self.case_ids)
        self.process_of[element.get("id", "")] = pid
        variant = Variant(id="as-is")
        process = Process(id=pid, name=element.get("name", ""))
        self.processes.append(process)
        self.lane_of = {}
        self.read_lanes(element, variant)
        self.read_container(element, pid, variant)
        process.variants = [variant]
        return pid

    def information_for(
        self, element: etree._Element, kind: str, name: str | None = None
    ) -> InformationObject:
        key = element.get("id", "")
        if key not in self.information:
            ext = _extension(element, "information")
            own = ext.get("id") if ext is not None else None
            self.information[key] = InformationObject.model_validate(
                {
                    "id": self.claim(own or key, self.case_ids),
                    "name": element.get("name") or name or "",
                    "kind": kind,
                    "description": _documentation(element),
                }
            )
            self.info_alias[key] = self.information[key].id
            if _child(element, "dataState") is not None:
                self.note(_child(element, "dataState"), "data states are not kept")
        return self.information[key]

    def info_ref(self, element: etree._Element, value: str, role: str) -> str | None:
        target = self.by_id.get(value)
        if target is None:
            self.fail(
                f"{local(element)} '{element.get('id', '')}' refers to '{value}' ({role}), "
                "which does not exist",
                element,
                element.get("id", ""),
            )
        kind = local(target)
        if kind in ("dataObjectReference", "dataStoreReference", "dataObject", "dataStore"):
            if value not in self.info_alias:
                self.information_for(target, "data-store" if "Store" in kind else "record")
            return self.info_alias.get(value)
        return None  # a dataInput/dataOutput of an ioSpecification: plumbing, nothing to keep

    def read_data_associations(self, element: etree._Element, node: Node) -> None:
        for assoc in _children(element, "dataInputAssociation"):
            for src in _children(assoc, "sourceRef"):
                info = self.info_ref(assoc, _text(src), "sourceRef")
                if info and info not in node.reads:
                    node.reads = [*node.reads, info]
        for assoc in _children(element, "dataOutputAssociation"):
            for tgt in _children(assoc, "targetRef"):
                info = self.info_ref(assoc, _text(tgt), "targetRef")
                if info and info not in node.writes:
                    node.writes = [*node.writes, info]

    def read_node(self, element: etree._Element, kind: str, taken: set[str], pid: str) -> Node:
        eid = element.get("id", "")
        if not eid:
            self.fail(f"{kind} without an id", element)
        data: dict[str, object] = {
            "id": self.claim(eid, taken),
            "name": element.get("name", ""),
            "documentation": _documentation(element),
        }
        if kind in TASKS:
            data["type"] = "task"
            data["task_kind"] = TASKS[kind]
            if kind == "callActivity":
                called = _strip_prefix(element.get("calledElement", ""))
                target = self.by_id.get(called)
                if target is not None and local(target) == "process":
                    self.deferred_calls.append((element, called))
                elif called:
                    self.note(
                        element,
                        f"calls '{called}', which is not a process in this file; "
                        "kept as a call activity without its target",
                    )
        elif kind in GATEWAYS:
            data["type"] = GATEWAYS[kind]
            if kind == "complexGateway":
                self.note(element, "complex gateway kept as an inclusive (OR) gateway")
        elif kind in EVENTS:
            data["type"] = EVENTS[kind]
            data["event"] = self.event_definition(element)
            data["throwing"] = kind == "intermediateThrowEvent"
            if kind == "boundaryEvent":
                data["interrupting"] = element.get("cancelActivity", "true") != "false"
            if kind == "startEvent" and element.get("isInterrupting") == "false":
                self.note(element, "non-interrupting start event kept as interrupting")
        else:
            data["type"] = "subprocess"
            if kind != "subProcess":
                self.note(element, f"{kind} kept as an ordinary sub-process")
        if element.get("default"):
            self.note(
                element,
                f"default flow '{element.get('default')}' kept as an ordinary flow",
            )
        for loop in ("standardLoopCharacteristics", "multiInstanceLoopCharacteristics"):
            if _child(element, loop) is not None:
                self.note(element, f"{loop} (repetition) is not kept")
        ext = _extension(element, "node")
        if ext is not None:
            self.read_node_extension(ext, data)
            if ext.get("id"):
                taken.discard(str(data["id"]))
                data["id"] = self.claim(ext.get("id", ""), taken)
            if ext.get("subprocess") == "true" and kind == "callActivity":
                data["type"] = "subprocess"
                data["task_kind"] = "task"
        return Node.model_validate(data)

    def read_node_extension(self, ext: etree._Element, data: dict[str, object]) -> None:
        for attr, key in (("touch-minutes", "touch_minutes"), ("waiting-hours", "waiting_hours")):
            value = _float(ext.get(attr))
            if value is not None:
                data[key] = value
        if ext.get("value-adding") is not None:
            data["value_adding"] = ext.get("value-adding") == "true"
        if ext.get("systems"):
            data["systems"] = ext.get("systems", "").split()
        if ext.get("description"):
            data["description"] = ext.get("description")
        for dist in ext:
            if local(dist) == "duration" and namespace(dist) == VERKSAM:
                values = {
                    k: float(v) for k, v in dist.attrib.items() if k not in ("kind", "values")
                }
                data["duration"] = Distribution.model_validate(
                    {
                        "kind": dist.get("kind"),
                        **values,
                        "values": [float(v) for v in dist.get("values", "").split()],
                    }
                )

    def event_definition(self, element: etree._Element) -> str:
        found = [
            DEFINITIONS[local(c)]
            for c in element
            if namespace(c) == BPMN and local(c) in DEFINITIONS
        ]
        if _children(element, "eventDefinitionRef"):
            found += ["multiple"] * len(_children(element, "eventDefinitionRef"))
        if not found:
            return "none"
        if len(found) > 1:
            return "multiple"
        for c in element:
            if local(c) == "timerEventDefinition" and len(c):
                self.note(element, f"the timer expression '{_text(c)}' is not kept")
        return found[0]

    def read_flows(self, container: etree._Element, local_ids: dict[str, str]) -> list[Flow]:
        flows: list[Flow] = []
        taken: set[str] = set()
        for element in _children(container, "sequenceFlow"):
            fid = element.get("id", "")
            ends = []
            for attr in ("sourceRef", "targetRef"):
                found = self.find(element, attr)
                if found is None:
                    break
                tid = found.get("id", "")
                if tid not in local_ids:
                    self.fail(
                        f"sequenceFlow '{fid}' connects '{tid}' ({attr}), which is not a flow "
                        "node of the same process",
                        element,
                        fid,
                    )
                ends.append(local_ids[tid])
            if len(ends) < 2:
                continue
            data: dict[str, object] = {
                "id": self.claim(fid, taken) if fid else None,
                "source": ends[0],
                "target": ends[1],
                "name": element.get("name", ""),
                "condition": _text(_child(element, "conditionExpression")),
            }
            ext = _extension(element, "flow")
            if ext is not None and _float(ext.get("probability")) is not None:
                data["probability"] = _float(ext.get("probability"))
            if ext is not None and ext.get("id"):
                taken.discard(str(data["id"]))
                data["id"] = self.claim(ext.get("id", ""), taken)
            if ext is not None and ext.get("anonymous") == "true":
                data["id"] = None
            if _documentation(element):
                self.note(element, "documentation of sequence flows is not kept")
            flows.append(Flow.model_validate(data))
        return flows

    def read_annotations(
        self, container: etree._Element, local_ids: dict[str, str]
    ) -> list[Annotation]:
        notes: dict[str, Annotation] = {}
        for element in _children(container, "textAnnotation"):
            aid = element.get("id", "")
            notes[aid] = Annotation(
                id=self.claim(aid, set(notes)), text=_text(_child(element, "text"))
            )
        for assoc in _children(container, "association"):
            src_el, tgt_el = self.find(assoc, "sourceRef"), self.find(assoc, "targetRef")
            if src_el is None or tgt_el is None:
                continue
            src, tgt = src_el.get("id", ""), tgt_el.get("id", "")
            if src in notes and tgt in local_ids and notes[src].attached_to is None:
                notes[src].attached_to = local_ids[tgt]
            elif tgt in notes and src in local_ids and notes[tgt].attached_to is None:
                notes[tgt].attached_to = local_ids[src]
            else:
                self.note(
                    assoc,
                    f"association from '{src}' to '{tgt}' is not kept (only one annotation "
                    "per element is)",
                )
        return list(notes.values())

    def read_message_flows(self, collab: etree._Element) -> list[MessageFlow]:
        flows: list[MessageFlow] = []
        taken: set[str] = set()
        for element in _children(collab, "messageFlow"):
            fid = element.get("id", "")
            ends: list[tuple[str, str | None]] = []
            for attr in ("sourceRef", "targetRef"):
                target = self.find(element, attr)
                if target is None:
                    break
                tid = target.get("id", "")
                if local(target) == "participant":
                    proc = self.process_of.get(tid)
                    ends.append((proc or "", None))
                elif tid in self.node_ids and tid in self.process_of:
                    ends.append((self.process_of[tid], self.node_ids[tid]))
                else:
                    proc = None
                    ends.append(("", None))
                if not ends[-1][0]:
                    self.fail(
                        f"messageFlow '{fid}' connects '{tid}' ({attr}), which is neither a pool "
                        "nor a flow node of a process",
                        element,
                        fid,
                    )
            if len(ends) < 2:
                continue
            ext = _extension(element, "message")
            own = ext.get("id") if ext is not None else None
            flows.append(
                MessageFlow(
                    id=self.claim(own or fid or "message", taken),
                    name=element.get("name", ""),
                    source_process=ends[0][0],
                    source=ends[0][1],
                    target_process=ends[1][0],
                    target=ends[1][1],
                )
            )
        return flows


def _in_extension(element: etree._Element) -> bool:
    return any(local(a) == "extensionElements" for a in element.iterancestors())


def _strip_prefix(value: str) -> str:
    """A QName reference ('tns:Process_1') names an id in this file; drop the prefix."""
    return value.rpartition(":")[2] if ":" in value else value


def _finish(reader: _Reader) -> BpmnImport:
    case = reader.read()
    for element, called in reader.deferred_calls:
        pid = reader.process_of.get(called)
        process_id = reader.process_of.get(element.get("id", ""))
        node_id = reader.node_ids.get(element.get("id", ""))
        if pid is None or process_id is None or node_id is None:
            continue
        for node in case.process(process_id).variants[0].nodes:
            if node.id == node_id:
                node.calls = pid
    return BpmnImport(case=case, notes=reader.notes)


def read_bpmn(path: str | Path, *, repair: bool = False) -> BpmnImport:
    """Import a BPMN 2.0 file.

    With `repair`, sequence flows, associations, message flows and lane entries that refer to
    missing elements are left out (each with a note) instead of failing the import.

    Raises
    ------
    InterchangeError
        Bad XML, an XML bomb, a file over the size limit, or a dangling reference; the message
        names the file, the line and the element id.
    """
    return _finish(_Reader(parse_file(path), str(path), repair))


def read_bpmn_bytes(data: bytes, name: str = "<bpmn>", *, repair: bool = False) -> BpmnImport:
    """Import BPMN 2.0 XML from bytes (uploads); see read_bpmn. Raises InterchangeError."""
    return _finish(_Reader(parse_bytes(data, name), name, repair))
