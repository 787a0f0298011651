"""BPMN reader, flow level: lanes, flow nodes, sequence flows, data and annotations of a process."""

from __future__ import annotations

from lxml import etree

from verksam.formats.bpmn_kept import (
    DEFINITION_TAGS,
    KEPT_ON_NODES,
    KEPT_TAGS,
    data_information,
    is_event_definition,
    keep,
    keep_data,
    parse_kept,
    plain_definition,
)
from verksam.formats.bpmn_read_base import (
    CONSUMED,
    DEFINITIONS,
    EVENTS,
    GATEWAYS,
    SUBPROCESSES,
    TASKS,
    _Base,
    _child,
    _children,
    _documentation,
    _extension,
    _float,
    _strip_prefix,
    _text,
)
from verksam.formats.bpmn_xml import (
    BPMN,
    VERKSAM,
    Note,
    local,
    namespace,
)
from verksam.model import (
    Annotation,
    Distribution,
    Flow,
    InformationObject,
    Lane,
    Node,
    Process,
    Role,
    Unit,
    Variant,
)


class _FlowReader(_Base):
    """Reads one process or sub-process container into a variant."""

    def read_lanes(self, container: etree._Element, variant: Variant) -> None:
        lane_of: dict[str, str] = {}
        lanes: list[Lane] = []
        lane_ids: set[str] = set()

        def walk(lane_set: etree._Element, unit: str | None, parent: str | None) -> None:
            for lane in _children(lane_set, "lane"):
                lid = lane.get("id", "")
                lname = lane.get("name", "")
                child_set = _child(lane, "childLaneSet")
                nested = child_set is not None and bool(_children(child_set, "lane"))
                ext = _extension(lane, "lane")
                role_id: str | None
                if ext is not None:
                    role_id = ext.get("role")
                    lane_unit = ext.get("unit")
                    stage = ext.get("stage")
                elif nested:
                    # A lane holding lanes is a unit (a department and its teams' lanes).
                    key = lname or lid
                    if key not in self.units:
                        self.units[key] = Unit(
                            id=self.claim(key, self.case_ids),
                            name=lname,
                            parent=unit,
                            description=_documentation(lane),
                        )
                    role_id, lane_unit, stage = None, self.units[key].id, None
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
                            "parent": parent,
                            # A child lane set without lanes (some tools write one for every
                            # lane) is kept as it is.
                            "bpmn_kept": [keep(child_set)]
                            if child_set is not None and not nested
                            else [],
                        }
                    )
                )
                # A node listed by a lane and the lanes inside it is in the innermost of them:
                # the lanes inside are read after this one.
                for ref in _children(lane, "flowNodeRef"):
                    target = _text(ref)
                    if target not in self.by_id:
                        problem = f"lane '{lid}' lists flow node '{target}', which does not exist"
                        if not self.repair:
                            self.fail(problem, lane, lid, code="missing-reference",
                                      params={"target": target})  # fmt: skip
                        self.notes.append(Note("lane", lid, f"left out: {problem}", ref.sourceline))
                    lane_of[target] = new_id
                if nested:
                    assert child_set is not None
                    walk(child_set, lane_unit or unit, new_id)

        for lane_set in _children(container, "laneSet"):
            if _children(lane_set, "lane"):
                walk(lane_set, None, None)
            else:  # an empty lane set (some tools write one for every process) is kept
                variant.bpmn_kept = [*variant.bpmn_kept, keep(lane_set)]
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
        node_taken: set[str] = set()
        local_ids: dict[str, str] = {}
        nodes: list[Node] = []
        pending_subs: list[tuple[etree._Element, Node]] = []
        lane_of = self.lane_of
        linked = {
            flow.get(end)
            for flow in _children(container, "sequenceFlow")
            for end in ("sourceRef", "targetRef")
        }
        in_subprocess = local(container) in SUBPROCESSES
        kept = variant.bpmn_kept
        for element in container:
            kind = local(element)
            if namespace(element) != BPMN or kind in CONSUMED or kind == "laneSet":
                continue
            if in_subprocess and (kind in KEPT_ON_NODES or is_event_definition(element)):
                continue  # the sub-process node's own children, kept with the node
            eid = element.get("id", "")
            # A compensation handler hangs off an association, outside the sequence flow; one
            # that sequence flows do reach is an ordinary element and is read as one.
            if (
                element.get("isForCompensation") == "true"
                or (
                    kind == "boundaryEvent"
                    and _child(element, "compensateEventDefinition") is not None
                )
            ) and eid not in linked:
                self.keep(
                    element,
                    kept,
                    "compensation handlers are not part of the case model; kept unchanged for "
                    "export",
                )
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
                self.keep_data(element, self.information_for(element, "data-store").id, kept)
            else:
                self.keep(element, kept)
        # Data objects and stores (before associations refer to them): information objects, and
        # the elements themselves kept as they are, so an export shows the file's own references.
        for element in container:
            kind = local(element)
            if kind == "dataObject":
                info = self.information_for(element, "record")
            elif kind == "dataObjectReference":
                obj = self.find(element, "dataObjectRef", kept=True)
                info = self.information_for(
                    obj if obj is not None else element, "record", element.get("name")
                )
                self.info_alias[element.get("id", "")] = info.id
            elif kind == "dataStoreReference":
                ref = element.get("dataStoreRef")
                store = self.find(element, "dataStoreRef", kept=True) if ref else None
                info = self.information_for(
                    store if store is not None else element, "data-store", element.get("name")
                )
                self.info_alias[element.get("id", "")] = info.id
            else:
                continue
            self.keep_data(element, info.id, kept)
        variant.nodes = nodes
        flow_of: dict[str, Flow] = {}
        variant.flows = self.read_flows(container, local_ids, flow_of)
        for element in container:
            default = element.get("default")
            if default and element.get("id", "") in local_ids and default in flow_of:
                flow_of[default].default = True
        variant.annotations = self.read_annotations(container, local_ids, kept)
        by_id = {n.id: n for n in nodes}
        for element in _children(container, "boundaryEvent"):
            if element.get("id", "") not in local_ids:
                continue
            host = self.find(element, "attachedToRef")
            if host is None:
                continue  # left out with a note: the event stays, as an intermediate event
            host_id = local_ids.get(host.get("id", ""))
            if host_id is None:
                self.repair_or_fail(
                    f"boundaryEvent '{element.get('id')}' is attached to "
                    f"'{host.get('id')}', which is not in the same process",
                    element,
                    element.get("id", ""),
                )
                continue
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
        self.inner_process[element.get("id", "")] = pid
        variant = Variant(id="as-is")
        process = Process(id=pid, name=element.get("name", ""), pool="")
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
        ext = _extension(element, "information")
        own = ext.get("id") if ext is not None else None
        # Our exports write one data object per process for the same information object.
        same = next((i for i in self.information.values() if own and i.id == own), None)
        if key not in self.information and same is not None:
            self.information[key] = same
            self.info_alias[key] = same.id
        if key not in self.information:
            self.information[key] = InformationObject.model_validate(
                {
                    "id": self.claim(own or key, self.case_ids),
                    "name": element.get("name") or name or "",
                    "kind": kind,
                    "description": _documentation(element),
                }
            )
            self.info_alias[key] = self.information[key].id
        return self.information[key]

    def info_ref(self, element: etree._Element, value: str, role: str) -> str | None:
        target = self.by_id.get(value)
        if target is None:
            self.repair_or_fail(
                f"{local(element)} '{element.get('id', '')}' refers to '{value}' ({role}), "
                "which does not exist",
                element,
                element.get("id", ""),
            )
            return None
        kind = local(target)
        if kind in ("dataObjectReference", "dataStoreReference", "dataObject", "dataStore"):
            if value not in self.info_alias:
                self.information_for(target, "data-store" if "Store" in kind else "record")
            return self.info_alias.get(value)
        return None  # a dataInput/dataOutput of an ioSpecification: plumbing, nothing to keep

    def keep_data(self, element: etree._Element, info_id: str, into: list[str]) -> None:
        """Keep a data object, store or reference as XML (not one our own export made up)."""
        if self.root.get("exporter") == "Verksam" and data_information(element) is None:
            return  # written by our export from the nodes' reads and writes: written again
        into.append(keep_data(element, info_id))
        self.kept_elements.add(element)
        self.kept_data.add(element.get("id", ""))

    def read_data_associations(self, element: etree._Element, node: Node) -> None:
        """The node's reads and writes; the associations themselves are kept as they are."""
        owner = element.get("id", "")
        ours = self.root.get("exporter") == "Verksam"
        kept: list[str] = []
        for kind, end, field in (
            ("dataInputAssociation", "sourceRef", "reads"),
            ("dataOutputAssociation", "targetRef", "writes"),
        ):
            prefix = f"{kind[0].upper()}{kind[1:]}_{owner}_"
            for assoc in _children(element, kind):
                whole = True
                for ref in _children(assoc, end):
                    info = self.info_ref(assoc, _text(ref), end)
                    if info is None and _text(ref) not in self.by_id:
                        whole = False
                    elif info and info not in getattr(node, field):
                        setattr(node, field, [*getattr(node, field), info])
                if kind == "dataOutputAssociation" and _child(assoc, "targetRef") is None:
                    self.repair_or_fail(
                        f"{kind} '{assoc.get('id', '')}' has no targetRef (the data it writes)",
                        assoc,
                        assoc.get("id", ""),
                    )
                    continue
                if not whole or (ours and assoc.get("id", "").startswith(prefix)):
                    continue
                xml = keep(assoc)
                if _child(assoc, "targetRef") is None:
                    if node.type not in ("task", "subprocess"):
                        continue  # made anew from the node's reads on export
                    xml = self.give_target(assoc, xml, node)
                kept.append(xml)
                self.kept_elements.add(assoc)
        if kept:
            node.bpmn_kept = [*node.bpmn_kept, *kept]

    def give_target(self, assoc: etree._Element, xml: str, node: Node) -> str:
        """A data input association without the target BPMN requires gets the activity's property.

        Some tools leave the target out; the association is kept, pointing at the activity's
        (kept or new) property, and the repair is listed.
        """
        properties = [parse_kept(k) for k in node.bpmn_kept if "property" in k[:20]]
        own = next((p.get("id", "") for p in properties if local(p) == "property"), "")
        if not own:
            own = self.claim(f"Target_{node.id}", set(self.by_id) | self.made_ids)
            self.made_ids.add(own)
            home = etree.Element(f"{{{BPMN}}}definitions", nsmap={"bpmn": BPMN})
            made = etree.SubElement(home, f"{{{BPMN}}}property", id=own)
            made.set("name", "__targetRef_placeholder")
            node.bpmn_kept = [*node.bpmn_kept, keep(made)]
        element = parse_kept(xml)
        sources = element.findall(f"{{{BPMN}}}sourceRef")
        target = etree.Element(f"{{{BPMN}}}targetRef")
        target.text = own
        element.insert(element.index(sources[-1]) + 1 if sources else len(element), target)
        eid = assoc.get("id", "")
        self.notes.append(
            Note(local(assoc), eid, "repaired: it had no targetRef, which BPMN requires; it now "
                 "points at the activity's property", assoc.sourceline)
        )  # fmt: skip
        return str(etree.tostring(element, encoding="unicode"))

    def read_node(self, element: etree._Element, kind: str, taken: set[str], pid: str) -> Node:
        eid = element.get("id", "")
        if not eid:
            if not self.repair:
                self.fail(f"{kind} without an id", element, code="no-id")
            name = element.get("name", "")
            self.notes.append(Note(kind, name, "repaired: it had no id and was given one",
                                   element.sourceline, name=name))  # fmt: skip
        data: dict[str, object] = {
            "id": self.claim(eid or kind, taken),
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
            data["triggered_by_event"] = element.get("triggeredByEvent") == "true"
            if kind != "subProcess":
                self.note(element, f"{kind} kept as an ordinary sub-process")
        kept: list[str] = []
        # Definitions an eventDefinitionRef names are kept with their ids, plain or not.
        referenced = bool(_children(element, "eventDefinitionRef"))
        for child in element:
            tag = child.tag
            definition = tag in DEFINITION_TAGS
            if tag not in KEPT_TAGS and not definition:
                continue
            if self.plumbing(child):
                continue
            if not definition or referenced or not plain_definition(child):
                kept.append(keep(child))
                self.kept_elements.add(child)
                self.notes.append(
                    Note(
                        local(child),
                        eid,
                        "not part of the case model; kept unchanged for export",
                        child.sourceline,
                        kept=True,
                        name=element.get("name", ""),
                    )
                )
        data["bpmn_kept"] = self.blank_documentation(element) + kept
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

    def plumbing(self, child: etree._Element) -> bool:
        """Data plumbing that an export writes anew from the node's reads and writes.

        In Verksam's own files: the property that is the target of every data input association,
        the data inputs and outputs (with their sets) of events, and the bare definitions the
        schema asks of conditional and link events. Other files' ones are kept as they are.
        """
        if self.root.get("exporter") != "Verksam":
            return False
        kind = local(child)
        prefix = {"property": "Property_", "dataInput": "DataInput_", "dataOutput": "DataOutput_",
                  "inputSet": "InputSet_", "outputSet": "OutputSet_"}.get(kind)  # fmt: skip
        parent = child.getparent()
        owner = parent.get("id", "") if parent is not None else ""
        if prefix:
            return str(child.get("id", "")).startswith(f"{prefix}{owner}")
        if kind == "conditionalEventDefinition":
            return [local(c) for c in child] == ["condition"] and not _text(child)
        names = {parent.get("name"), owner} if parent is not None else set()
        return kind == "linkEventDefinition" and len(child) == 0 and child.get("name") in names

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
        return found[0]

    def read_flows(
        self, container: etree._Element, local_ids: dict[str, str], flow_of: dict[str, Flow]
    ) -> list[Flow]:
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
                    self.repair_or_fail(
                        f"sequenceFlow '{fid}' connects '{tid}' ({attr}), which is not a flow "
                        "node of the same process",
                        element,
                        fid,
                    )
                    break
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
            data["documentation"] = _documentation(element)
            flow = Flow.model_validate(data)
            flow_of[fid] = flow
            flows.append(flow)
        return flows

    def read_annotations(
        self, container: etree._Element, local_ids: dict[str, str], kept: list[str]
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
                self.keep(assoc, kept)
        return list(notes.values())
