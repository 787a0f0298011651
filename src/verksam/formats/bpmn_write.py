"""BPMN 2.0 export: a case's processes as pools with lanes, flows, data and full diagram interchange.

Each exported process becomes a pool (participant) of one collaboration, with the chosen variant's
lanes, nodes and flows; a sub-process node embeds the process it calls (drawn collapsed, with its
own diagram to drill into), and call activities name theirs in `calledElement`. What BPMN has no
attribute for (times, probabilities, variant, lane roles, our ids when BPMN needs them unique
across the file) goes into extension elements of the namespace VERKSAM, which `bpmn_read` reads.
"""

from __future__ import annotations

from lxml import etree

from verksam import __version__
from verksam.formats.bpmn_case import CASE_TAG, case_extension
from verksam.formats.bpmn_kept import (
    DATA_KINDS,
    data_information,
    drop_dangling,
    is_event_definition,
    kept_ids,
    order_children,
    parse_kept,
    restore,
)
from verksam.formats.bpmn_layout import Box, Layout, layout_variant
from verksam.formats.bpmn_write_data import _DataWriter
from verksam.formats.bpmn_write_di import _b, _Drawn, _num, _sub
from verksam.formats.bpmn_xml import BPMN, BPMNDI, DC, DI, VERKSAM, XSI, local
from verksam.formats.selection import exported_process_ids
from verksam.model import Case, Lane, Node, Process, Variant

NSMAP = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "xsi": XSI, "verksam": VERKSAM}
TASK_TAGS = {
    "task": "task", "user": "userTask", "manual": "manualTask", "service": "serviceTask",
    "send": "sendTask", "receive": "receiveTask", "script": "scriptTask",
    "business-rule": "businessRuleTask", "call": "callActivity",
}  # fmt: skip
GATEWAY_TAGS = {
    "xor": "exclusiveGateway", "and": "parallelGateway", "or": "inclusiveGateway",
    "event-gateway": "eventBasedGateway",
}  # fmt: skip
DEFINITION_TAGS = {
    "message": "messageEventDefinition", "timer": "timerEventDefinition",
    "signal": "signalEventDefinition", "conditional": "conditionalEventDefinition",
    "error": "errorEventDefinition", "escalation": "escalationEventDefinition",
    "compensation": "compensateEventDefinition", "terminate": "terminateEventDefinition",
    "link": "linkEventDefinition", "cancel": "cancelEventDefinition",
}  # fmt: skip


# Kept elements that get a shape of their own on the diagram.
_SHOWN_KEPT = frozenset(
    [*TASK_TAGS.values(), "subProcess", "transaction", "adHocSubProcess", "startEvent",
     "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent",
     *GATEWAY_TAGS.values(), "complexGateway", "dataObjectReference", "dataStoreReference",
     "textAnnotation", "group"]
)  # fmt: skip


_LEFT_OUT = "{https://verksam.org/bpmn}left-out"
# A data association's end at the data (the other end is its node).


class ExportError(ValueError):
    """The requested export cannot be made (unknown process or variant)."""


class _Writer(_DataWriter):
    def __init__(self, case: Case, variant_id: str | None) -> None:
        self.case = case
        self.variant_id = variant_id
        self.taken: set[str] = set()
        self.root = etree.Element(_b("definitions"), nsmap=NSMAP)
        self.embedded: set[str] = set()
        self.info = {i.id: i for i in (case.structure.information if case.structure else [])}
        self.node_bpmn: dict[tuple[str, str], str] = {}  # (process, node) -> BPMN id
        self.boundary: set[str] = set()
        self.subprocesses: set[str] = set()
        self.stores: dict[str, str] = {}  # information id -> dataStore id
        self.restored: list[etree._Element] = []  # kept elements put back
        # Data objects, stores and references kept from an imported file: BPMN id -> information.
        self.kept_info: dict[str, str] = {}
        self.group_of: dict[str, int] = {}  # process -> its collaboration (0: the first)

    def unique(self, wanted: str) -> str:
        candidate, n = wanted, 2
        while candidate in self.taken:
            candidate, n = f"{wanted}_{n}", n + 1
        self.taken.add(candidate)
        return candidate

    def variant_of(self, process: Process, explicit: bool) -> Variant | None:
        """The variant to export: the one asked for, else the process's default (as-is) one.

        Raises ExportError when a single, explicitly named process lacks the asked-for variant.
        """
        if not process.variants:
            return None
        if self.variant_id is not None:
            ids = [v.id for v in process.variants]
            if self.variant_id in ids:
                return process.variant(self.variant_id)
            if explicit:
                raise ExportError(
                    f"process '{process.id}' has no variant '{self.variant_id}' "
                    f"(it has: {', '.join(ids)})"
                )
        return process.variant()

    # --- semantic part ----------------------------------------------------------------------
    def write(self, process_ids: list[str]) -> etree._Element:
        case = self.case
        root = self.root
        for p in case.processes:
            self.taken.add(p.id)
        self.taken |= kept_ids(_all_kept(case))
        for xml in _all_kept(case):
            element = parse_kept(xml)
            info = data_information(element) if local(element) in DATA_KINDS else None
            if info is not None and info in self.info:
                self.kept_info[element.get("id", "")] = info
                if local(element) == "dataStore":
                    self.stores.setdefault(info, element.get("id", ""))
        kept_stores = dict(self.stores)
        root.set("id", self.unique(case.id))
        root.set("name", case.name)
        root.set("targetNamespace", f"https://verksam.org/cases/{case.id}")
        root.set("exporter", "Verksam")
        root.set("exporterVersion", __version__)
        chosen = [case.process(pid) for pid in process_ids]
        for process in chosen:
            variant = self.variant_of(process, explicit=len(process_ids) == 1)
            for node in variant.nodes if variant else []:
                if node.type == "subprocess" and node.calls:
                    self.mark_embedded(node.calls, {process.id})
        pools = [p for p in chosen if p.id not in self.embedded]
        # An embedded process has no element of its own: its sub-process node may take the id.
        self.taken -= self.embedded - {p.id for p in pools}
        kept = case.bpmn_kept
        pooled = [p for p in pools if p.pool != ""]
        flows_between = [
            mf for mf in case.message_flows
            if {mf.source_process, mf.target_process} <= {p.id for p in pools}
        ]  # fmt: skip
        # A file's further collaborations (one diagram each) take back the pools they showed.
        extras = [
            c
            for c in (kept.collaborations if kept else [])
            if {p.pool for p in pooled} & set(c.pools)
        ]
        group_of = {pool: i + 1 for i, c in enumerate(extras) for pool in c.pools}
        main_pools = [p for p in pools if group_of.get(p.pool or "", 0) == 0]
        main_flows = [
            mf for mf in flows_between
            if not self.same_group(mf.source_process, mf.target_process, group_of)
        ]  # fmt: skip
        collab: etree._Element | None = None
        if any(p.pool != "" for p in main_pools) or main_flows or (kept and kept.collaboration):
            collab_id = (kept.collaboration_id if kept else None) or f"Collaboration_{case.id}"
            collab = _sub(root, BPMN, "collaboration", id=self.unique(collab_id))
            if case.description:
                _sub(collab, BPMN, "documentation").text = case.description
        groups: list[etree._Element | None] = [collab]
        for extra in extras:
            groups.append(_sub(root, BPMN, "collaboration", id=self.unique(extra.id)))
        participants: dict[str, str] = {}
        for process in pooled:
            home = groups[group_of.get(process.pool or "", 0)]
            assert home is not None
            # A black-box pool has no process element, so it can carry the process's id.
            wanted = process.pool or f"Participant_{process.id}"
            part = _sub(
                home,
                BPMN,
                "participant",
                id=self.unique(wanted) if process.variants else process.id,
                name=process.name,
                processRef=process.id if process.variants else "",
            )
            participants[process.id] = part.get("id", "")
        drawn: dict[str, _Drawn] = {}
        sub_drawn: dict[str, _Drawn] = {}
        for process in pools:
            variant = self.variant_of(process, explicit=len(process_ids) == 1)
            if variant is None:
                continue
            proc_el = _sub(root, BPMN, "process", id=process.id, isExecutable="false")
            proc_el.set("name", process.name)
            if process.description:
                _sub(proc_el, BPMN, "documentation").text = process.description
            self.extension(
                proc_el,
                "variant",
                id=variant.id,
                name=variant.name,
                kind=variant.kind,
                description=variant.description,
                **{"volume-per-year": _num(variant.volume_per_year)}
                if variant.volume_per_year is not None
                else {},
            )
            # IT systems the nodes name, so a file exported alone still resolves them.
            used = {s for n in variant.nodes for s in n.systems}
            for system in self.case.structure.systems if self.case.structure else []:
                if system.id in used:
                    self.extension(proc_el, "system", id=system.id, name=system.name)
            drawn[process.id] = self.fill(proc_el, process, variant, sub_drawn, lanes=True)
        self.group_of = {p.id: group_of.get(p.pool or "", 0) for p in pools}
        message_edges = self.message_flows(groups, participants)
        for info_id, store_id in self.stores.items():
            if info_id not in kept_stores:
                store = _sub(root, BPMN, "dataStore", id=store_id, name=self.info[info_id].name)
                self.extension(store, "information", id=info_id)
        if kept:
            self.restored += restore(root, self.present(kept.definitions))
            if collab is not None:
                self.restored += restore(collab, kept.collaboration)
                order_children(collab, "collaboration")
            for extra, element in zip(extras, groups[1:], strict=True):
                assert element is not None
                self.restored += restore(element, extra.kept)
        # A safety net: imports already leave out references to what an export does not write.
        drop_dangling({str(v) for v in root.xpath("//@id")}, self.restored)
        for element in self.restored:
            if element.get(_LEFT_OUT) == "true" and element.getparent() is not None:
                element.getparent().remove(element)
        self.embed_case(collab, pools, len(process_ids) == 1)
        for i, element in enumerate(groups):
            if element is not None:
                order_children(element, "collaboration")
                shown = [p for p in pools if self.group_of[p.id] == i]
                edges = [(m, a, b) for m, a, b, g in message_edges if g == i]
                self.diagram(element.get("id", ""), shown, participants, drawn, edges)
        for process in pools:
            if self.group_of[process.id] == 0 and collab is None and process.id in drawn:
                self.process_diagram(process.id, drawn[process.id])
        for sub_id, sub in sub_drawn.items():
            self.sub_diagram(sub_id, sub)
        return root

    def embed_case(
        self, collab: etree._Element | None, pools: list[Process], explicit: bool
    ) -> None:
        """The rest of the case (roles, costs, calendars, arrivals...) as JSON, for our import."""
        shown: dict[str, str | None] = {}
        for process in pools:
            variant = self.variant_of(process, explicit=explicit)
            shown[process.id] = variant.id if variant else None
        for process_id in self.embedded:
            variant = self.variant_of(self.case.process(process_id), explicit=False)
            shown[process_id] = variant.id if variant else None
        host = collab if collab is not None else self.root.find(_b("process"))
        if host is not None:
            item = self.extension(host, CASE_TAG)
            item.text = case_extension(self.case, shown)

    def mark_embedded(self, process_id: str, path: set[str]) -> None:
        if process_id in path or process_id in self.embedded:
            return
        try:
            process = self.case.process(process_id)
        except KeyError:
            return
        self.embedded.add(process_id)
        variant = self.variant_of(process, explicit=False)
        for node in variant.nodes if variant else []:
            if node.type == "subprocess" and node.calls:
                self.mark_embedded(node.calls, path | {process_id})

    def extension(self, element: etree._Element, tag: str, **attrs: str) -> etree._Element:
        ext = element.find(_b("extensionElements"))
        if ext is None:
            ext = _sub(element, BPMN, "extensionElements")
        return _sub(ext, VERKSAM, tag, **attrs)

    def fill(
        self,
        container: etree._Element,
        process: Process,
        variant: Variant,
        sub_drawn: dict[str, _Drawn],
        *,
        lanes: bool,
    ) -> _Drawn:
        """Lanes, nodes, flows, data and annotations of `variant` into `container`."""
        self.check_references(process, variant)
        layout = layout_variant(self.case, process, variant)
        ids = {n.id: self.unique(n.id) for n in variant.nodes}
        for n in variant.nodes:
            self.node_bpmn[(process.id, n.id)] = ids[n.id]
        flow_ids = [self.unique(f.id or f"Flow_{f.source}_{f.target}") for f in variant.flows]
        drawn = _Drawn(layout, 0.0, 0.0, ids, flow_ids)
        if lanes and variant.lanes:
            lane_set = _sub(container, BPMN, "laneSet", id=self.unique(f"LaneSet_{process.id}"))
            self.lanes(lane_set, variant, ids, layout)
        data_ref: dict[str, str] = {}  # information -> the reference new associations use
        objects: dict[str, str] = {}  # information -> a kept data object
        for xml in variant.bpmn_kept:
            element = parse_kept(xml)
            ref_id, kind = element.get("id", ""), local(element)
            info_id = self.kept_info.get(ref_id, "")
            if kind in ("dataObjectReference", "dataStoreReference") and info_id:
                data_ref.setdefault(info_id, ref_id)
                drawn.data_refs.append((ref_id, info_id, kind == "dataStoreReference"))
            elif kind == "dataObject" and info_id:
                objects.setdefault(info_id, ref_id)
        for node in variant.nodes:
            covered = self.kept_associations(node)
            uncovered = [i for i in node.reads if i not in covered["dataInputAssociation"]]
            uncovered += [i for i in node.writes if i not in covered["dataOutputAssociation"]]
            for info_id in uncovered:
                if info_id not in data_ref:
                    info = self.info.get(info_id)
                    store = info is not None and info.kind == "data-store"
                    ref_id = self.unique(
                        f"{'DataStoreReference' if store else 'DataObjectReference'}_{info_id}"
                    )
                    data_ref[info_id] = ref_id
                    drawn.data_refs.append((ref_id, info_id, store))
        for ref_id, info_id, store in drawn.data_refs:
            if ref_id in self.kept_info:
                continue  # restored with the variant's kept elements
            info = self.info.get(info_id)
            name = info.name if info else info_id
            if store:
                _sub(
                    container,
                    BPMN,
                    "dataStoreReference",
                    id=ref_id,
                    name=name,
                    dataStoreRef=self.stores.setdefault(
                        info_id, self.unique(f"DataStore_{info_id}")
                    ),
                )
            else:
                obj_id = objects.get(info_id) or self.unique(f"DataObject_{info_id}")
                if info_id not in objects:
                    obj = _sub(container, BPMN, "dataObject", id=obj_id, name=name)
                    self.extension(obj, "information", id=info_id)
                _sub(
                    container,
                    BPMN,
                    "dataObjectReference",
                    id=ref_id,
                    name=name,
                    dataObjectRef=obj_id,
                )
        ends: dict[tuple[str, str], list[str]] = {}  # (node, "incoming"/"outgoing") -> flow ids
        for i, flow in enumerate(variant.flows):
            ends.setdefault((flow.target, "incoming"), []).append(flow_ids[i])
            ends.setdefault((flow.source, "outgoing"), []).append(flow_ids[i])
        elements = {
            node.id: self.node(container, node, ids, ends, data_ref, drawn, sub_drawn)
            for node in variant.nodes
        }
        for i, flow in enumerate(variant.flows):
            if flow.default:
                elements[flow.source].set("default", flow_ids[i])
            el = _sub(
                container,
                BPMN,
                "sequenceFlow",
                id=flow_ids[i],
                name=flow.name,
                sourceRef=ids[flow.source],
                targetRef=ids[flow.target],
            )
            if flow.documentation:
                _sub(el, BPMN, "documentation").text = flow.documentation
            if flow.probability is not None or flow.id != flow_ids[i]:
                # A flow without an id in the case gets one here; 'anonymous' takes it back.
                attrs = {"id": flow.id or "", "anonymous": "true" if flow.id is None else ""}
                if flow.probability is not None:
                    attrs["probability"] = _num(flow.probability)
                self.extension(el, "flow", **attrs)
            if flow.condition:
                cond = _sub(el, BPMN, "conditionExpression")
                cond.set(f"{{{XSI}}}type", "bpmn:tFormalExpression")
                cond.text = flow.condition
        for note in variant.annotations:
            ann_id = self.unique(note.id)
            ann = _sub(container, BPMN, "textAnnotation", id=ann_id)
            _sub(ann, BPMN, "text").text = note.text
            if note.attached_to:
                assoc_id = self.unique(f"Association_{note.id}")
                _sub(
                    container,
                    BPMN,
                    "association",
                    id=assoc_id,
                    sourceRef=ids[note.attached_to],
                    targetRef=ann_id,
                )
                drawn.notes.append((ann_id, assoc_id, ids[note.attached_to]))
            else:
                drawn.notes.append((ann_id, "", ""))
        for element in restore(container, self.present(variant.bpmn_kept)):
            self.restored.append(element)
            self.kept_drawing(element, drawn)
        order_children(container, "process" if container.tag == _b("process") else "node")
        return drawn

    def lanes(
        self, lane_set: etree._Element, variant: Variant, ids: dict[str, str], layout: Layout
    ) -> None:
        """The variant's lanes, a nested lane in its parent's child lane set.

        A lane lists the nodes of the lanes inside it too (as bpmn.io does), so a tool that
        reads only the outer lanes still finds every node; an import takes the innermost.
        """
        known = {lane.id for lane in variant.lanes}
        children: dict[str | None, list[Lane]] = {}
        for lane in variant.lanes:
            parent = lane.parent if lane.parent in known and lane.parent != lane.id else None
            children.setdefault(parent, []).append(lane)
        nodes_in: dict[str, list[str]] = {}
        for node in variant.nodes:
            if node.lane is not None:
                nodes_in.setdefault(node.lane, []).append(ids[node.id])

        def write(parent_el: etree._Element, lane: Lane, path: set[str]) -> list[str]:
            lane_el = _sub(parent_el, BPMN, "lane", id=self.unique(lane.id), name=lane.name)
            if lane.description:
                _sub(lane_el, BPMN, "documentation").text = lane.description
            role = self.case.role(lane.role) if lane.role else None
            unit = self.case.unit(lane.unit) if lane.unit else None
            self.extension(
                lane_el,
                "lane",
                id=lane.id,
                role=lane.role or "",
                unit=lane.unit or "",
                stage=lane.stage or "",
                **{
                    "role-name": role.name if role else "",
                    "role-unit": role.unit or "" if role else "",
                },
                **{"unit-name": unit.name if unit else ""},
            )
            inner = [c for c in children.get(lane.id, []) if c.id not in path]
            listed = list(nodes_in.get(lane.id, []))
            child_set = None
            if inner:
                child_set = etree.Element(_b("childLaneSet"))
                child_set.set("id", self.unique(f"LaneSet_{lane.id}"))
                for child in inner:
                    listed += write(child_set, child, path | {lane.id})
            for node_id in listed:
                _sub(lane_el, BPMN, "flowNodeRef").text = node_id
            if child_set is not None:
                lane_el.append(child_set)
            else:
                self.restored += restore(lane_el, lane.bpmn_kept)
            lane_bpmn = lane_el.get("id", "")
            layout.lanes[lane_bpmn] = layout.lanes.pop(lane.id, Box(0, 0, 0, 0))
            return listed

        for lane in children.get(None, []):
            write(lane_set, lane, set())

    def kept_drawing(self, element: etree._Element, drawn: _Drawn) -> None:
        """What of a kept element the diagram shows: shapes for nodes and artifacts, edges."""
        kind = etree.QName(element).localname
        if kind in ("dataObjectReference", "dataStoreReference") and element.get("id", "") in (
            self.kept_info
        ):
            return  # drawn with the data references, beside the nodes that use them
        if kind in _SHOWN_KEPT:
            host = element.get("attachedToRef", "")
            drawn.kept.append((element.get("id", ""), kind, host))
            if kind == "boundaryEvent":
                self.boundary.add(element.get("id", ""))
        elif kind in ("association", "sequenceFlow"):
            ends = (element.get("sourceRef", ""), element.get("targetRef", ""))
            drawn.kept_edges.append((element.get("id", ""), *ends))

    def check_references(self, process: Process, variant: Variant) -> None:
        """BPMN cannot point at nothing: refuse a variant whose flows name unknown nodes."""
        known = {n.id for n in variant.nodes}
        where = f"process '{process.id}', variant '{variant.id}'"
        for i, flow in enumerate(variant.flows):
            for end in (flow.source, flow.target):
                if end not in known:
                    raise ExportError(
                        f"{where}: flow {flow.id or i} refers to unknown node '{end}'"
                    )
        for node in variant.nodes:
            if node.attached_to is not None and node.attached_to not in known:
                raise ExportError(
                    f"{where}: '{node.id}' is attached to unknown node '{node.attached_to}'"
                )
        for note in variant.annotations:
            if note.attached_to is not None and note.attached_to not in known:
                raise ExportError(
                    f"{where}: annotation '{note.id}' is attached to unknown node '{note.attached_to}'"
                )

    def node(
        self,
        container: etree._Element,
        node: Node,
        ids: dict[str, str],
        ends: dict[tuple[str, str], list[str]],
        data_ref: dict[str, str],
        drawn: _Drawn,
        sub_drawn: dict[str, _Drawn],
    ) -> etree._Element:
        bid = ids[node.id]
        if node.type == "task":
            tag = TASK_TAGS[node.task_kind]
        elif node.type == "subprocess":
            embedded = node.calls in self.embedded if node.calls else False
            tag = "subProcess" if embedded or not node.calls else "callActivity"
        elif node.type in GATEWAY_TAGS:
            tag = GATEWAY_TAGS[node.type]
        elif node.type == "start":
            tag = "startEvent"
        elif node.type == "end":
            tag = "endEvent"
        elif node.attached_to:
            tag = "boundaryEvent"
        else:
            tag = "intermediateThrowEvent" if node.throwing else "intermediateCatchEvent"
        el = _sub(container, BPMN, tag, id=bid, name=node.name)
        if tag == "boundaryEvent":
            self.boundary.add(bid)
        if tag == "subProcess":
            self.subprocesses.add(bid)
            if node.triggered_by_event:
                el.set("triggeredByEvent", "true")
        if tag == "callActivity" and node.calls:
            el.set("calledElement", node.calls)
        if tag == "boundaryEvent":
            el.set("attachedToRef", ids[node.attached_to or ""])
            if not node.interrupting:
                el.set("cancelActivity", "false")
        if node.documentation:
            _sub(el, BPMN, "documentation").text = node.documentation
        ext: dict[str, str] = {}
        if bid != node.id:
            ext["id"] = node.id
        if node.touch_minutes:
            ext["touch-minutes"] = _num(node.touch_minutes)
        if node.waiting_hours:
            ext["waiting-hours"] = _num(node.waiting_hours)
        if node.value_adding:
            ext["value-adding"] = "true"
        if node.systems:
            ext["systems"] = " ".join(node.systems)
        if node.description:
            ext["description"] = node.description
        if node.type == "subprocess" and tag == "callActivity":
            ext["subprocess"] = "true"
        if tag == "subProcess" and node.calls and node.calls != bid:
            ext["calls"] = node.calls
        if ext or node.duration:
            item = self.extension(el, "node", **ext)
            if node.duration:
                d = node.duration
                dist = _sub(item, VERKSAM, "duration", kind=d.kind)
                for attr in ("mean", "sd", "min", "mode", "max"):
                    value = getattr(d, attr)
                    if value is not None:
                        dist.set(attr, _num(value))
                if d.values:
                    dist.set("values", " ".join(_num(v) for v in d.values))
        for side in ("incoming", "outgoing"):
            for flow_id in ends.get((node.id, side), []):
                _sub(el, BPMN, side).text = flow_id
        kept = restore(el, node.bpmn_kept)
        self.restored += kept
        self.data_associations(el, node, bid, data_ref, drawn, kept)
        own_definition = not any(
            is_event_definition(k) or k.tag == _b("eventDefinitionRef") for k in kept
        )
        if node.type in ("start", "end", "event") and own_definition:
            if node.event == "multiple":
                _sub(el, BPMN, "messageEventDefinition", id=self.unique(f"{bid}_message"))
                _sub(el, BPMN, "signalEventDefinition", id=self.unique(f"{bid}_signal"))
            elif node.event != "none":
                tag = DEFINITION_TAGS[node.event]
                definition = _sub(el, BPMN, tag, id=self.unique(f"{bid}_{node.event}"))
                # The schema requires a link's name and a conditional event's condition.
                if node.event == "link":
                    definition.set("name", node.name or node.id)
                if node.event == "conditional":
                    condition = _sub(definition, BPMN, "condition")
                    condition.set(f"{{{XSI}}}type", "bpmn:tFormalExpression")
        if tag == "subProcess" and node.calls:
            called = self.case.process(node.calls)
            variant_called = self.variant_of(called, explicit=False)
            if variant_called is not None:
                sub_drawn[bid] = self.fill(el, called, variant_called, sub_drawn, lanes=False)
                return el
        order_children(el, "node")
        return el

    def same_group(self, a: str, b: str, group_of: dict[str, int]) -> bool:
        """Whether two processes' pools are in one further collaboration of the file."""
        pools = {p.id: p.pool or "" for p in self.case.processes}
        ga, gb = group_of.get(pools.get(a, ""), 0), group_of.get(pools.get(b, ""), 0)
        return ga == gb != 0

    def message_flows(
        self, groups: list[etree._Element | None], participants: dict[str, str]
    ) -> list[tuple[str, str, str, int]]:
        """Message flows into the collaboration of their pools; (id, source, target, group)."""
        edges: list[tuple[str, str, str, int]] = []
        for mf in self.case.message_flows:
            ends = []
            for proc, node in ((mf.source_process, mf.source), (mf.target_process, mf.target)):
                if node is not None and (proc, node) in self.node_bpmn:
                    ends.append(self.node_bpmn[(proc, node)])
                elif node is None and proc in participants:
                    ends.append(participants[proc])
            if len(ends) != 2:
                continue  # an end outside the exported processes
            source, target = (
                self.group_of.get(mf.source_process),
                self.group_of.get(mf.target_process),
            )
            group = source if source == target and source is not None else 0
            home = groups[group]
            if home is None:
                continue  # no collaboration: no pools to connect
            mid = self.unique(mf.id)
            el = _sub(
                home,
                BPMN,
                "messageFlow",
                id=mid,
                name=mf.name,
                sourceRef=ends[0],
                targetRef=ends[1],
            )
            if mid != mf.id:
                self.extension(el, "message", id=mf.id)
            edges.append((mid, ends[0], ends[1], group))
        return edges


def _all_kept(case: Case) -> list[str]:
    kept = case.bpmn_kept
    found = list(kept.definitions + kept.collaboration) if kept else []
    for collab in kept.collaborations if kept else []:
        found += collab.kept
    for process in case.processes:
        for variant in process.variants:
            found += variant.bpmn_kept
            for lane in variant.lanes:
                found += lane.bpmn_kept
            for node in variant.nodes:
                found += node.bpmn_kept
    return found


def write_bpmn(
    case: Case, process_ids: list[str] | None = None, variant: str | None = None
) -> bytes:
    """The case's processes (all, or those named) as BPMN 2.0 XML with diagram interchange.

    Raises
    ------
    ExportError
        An unknown process id, or a variant the named process does not have.
    """
    wanted = exported_process_ids(case, process_ids, variant, ExportError)
    root = _Writer(case, variant).write(wanted)
    _order_root(root)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def _order_root(root: etree._Element) -> None:
    """Imports first, diagrams last, root elements between, as the schema's sequence requires."""
    imports = [c for c in root if etree.QName(c).localname == "import"]
    for i, item in enumerate(imports):
        root.remove(item)
        root.insert(i, item)
    diagrams = [c for c in root if etree.QName(c).namespace == BPMNDI]
    for d in diagrams:
        root.remove(d)
        root.append(d)
