"""ArchiMate 3 Open Exchange Format: export a case as an enterprise-architecture model, and import one.

Export mapping: units → business actors, roles → business roles, processes and their activities →
business processes, information objects → business objects (data objects when an IT system keeps
them), IT systems → application components, goals → goals, service declarations → business
services, start events → business events. Relationships: assignment (actor → role, role →
activity), composition (process → activity, unit → sub-unit), triggering (activity → next
activity), access (activity → object, read or write), serving (system → activity), flow (message
flows between processes), realization (process → service) and influence (process → goal), plus
aggregation for the goal hierarchy. Each exported process gets a view (diagram) that Archi opens.

The import lives in archimate_read (re-exported here): it maps the same kinds back into a case and
lists every element, relationship and view it could not keep as a Note.
"""

from __future__ import annotations

from lxml import etree

from verksam.formats.archimate_read import (
    ARCHIMATE,
    PROPERTY_NAMES,
    PROPERTY_PREFIX,
    XSI,
    ArchimateImport,
    _a,
    read_archimate,
    read_archimate_bytes,
)
from verksam.formats.bpmn_layout import layout_variant
from verksam.formats.selection import exported_process_ids
from verksam.model import (
    Case,
    Process,
    Structure,
    Variant,
)

XML = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: ARCHIMATE, "xsi": XSI}
W, H = 120, 55  # node size in views


class ArchimateExportError(ValueError):
    """The requested export cannot be made (unknown process or variant)."""


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def _text_child(parent: etree._Element, tag: str, text: str, lang: str) -> None:
    el = etree.SubElement(parent, _a(tag))
    el.set(f"{{{XML}}}lang", lang)
    el.text = text


def _ident(*parts: str) -> str:
    """An xs:ID for a case element: 'id-' keeps ids that start with '_' or a digit-like part valid."""
    return "id-" + ".".join(parts)


class _Exporter:
    def __init__(self, case: Case, lang: str) -> None:
        self.case = case
        self.lang = lang
        self.root = etree.Element(_a("model"), nsmap=NSMAP)
        self.elements: dict[str, tuple[str, str]] = {}  # identifier -> (type, name)
        self.element_docs: dict[str, str] = {}
        self.element_props: dict[str, dict[str, float]] = {}  # identifier -> property -> value
        self.relations: list[
            tuple[str, str, str, str, dict[str, str]]
        ] = []  # id,type,src,tgt,attrs
        self.rel_ids: set[str] = set()

    def element(self, ident: str, kind: str, name: str, doc: str = "") -> str:
        if ident not in self.elements:
            self.elements[ident] = (kind, name)
            if doc:
                self.element_docs[ident] = doc
        return ident

    def relation(
        self, kind: str, source: str, target: str, base: str = "", **attrs: str
    ) -> str | None:
        """Add a relationship (attribute `name` becomes its name element); None if an end is missing."""
        if source not in self.elements or target not in self.elements:
            return None
        base = base or f"rel-{kind.lower()}-{source[3:]}-{target[3:]}"[:200]
        ident, n = base, 2
        while ident in self.rel_ids:
            ident, n = f"{base}-{n}", n + 1
        self.rel_ids.add(ident)
        self.relations.append((ident, kind, source, target, attrs))
        return ident

    def build(self, processes: list[tuple[Process, Variant | None]]) -> bytes:
        case = self.case
        st = case.structure or Structure()
        for unit in st.units:
            self.element(_ident(unit.id), "BusinessActor", unit.label, unit.description)
        for role in st.roles:
            self.element(_ident(role.id), "BusinessRole", role.label, role.description)
        for system in st.systems:
            self.element(
                _ident(system.id), "ApplicationComponent", system.label, system.description
            )
        for info in st.information:
            kind = "DataObject" if info.system or info.kind == "data-store" else "BusinessObject"
            self.element(_ident(info.id), kind, info.label, info.description)
        for resource in st.resources:
            self.element(_ident(resource.id), "Resource", resource.label, resource.description)
        for goal in case.vision.goals if case.vision else []:
            self.element(_ident(goal.id), "Goal", goal.label, goal.description)
        for service in case.services:
            self.element(_ident(service.id), "BusinessService", service.label, service.promise_text)
        for process, _variant in processes:
            self.element(_ident(process.id), "BusinessProcess", process.label, process.description)
        for unit in st.units:
            if unit.parent:
                self.relation("Composition", _ident(unit.parent), _ident(unit.id))
        for role in st.roles:
            if role.unit:
                self.relation("Assignment", _ident(role.unit), _ident(role.id))
        for info in st.information:
            if info.system:
                self.relation(
                    "Access", _ident(info.system), _ident(info.id), accessType="ReadWrite"
                )
        for goal in case.vision.goals if case.vision else []:
            if goal.parent:
                self.relation("Aggregation", _ident(goal.parent), _ident(goal.id))
        for service in case.services:
            if service.process:
                self.relation("Realization", _ident(service.process), _ident(service.id))
        views: list[tuple[Process, Variant | None]] = []
        for process, variant in processes:
            pid = _ident(process.id)
            for goal_id in process.goals:
                self.relation("Influence", pid, _ident(goal_id))
            if process.owner:
                self.relation("Assignment", _ident(process.owner), pid)
            if variant is not None:
                self.process_content(process, variant)
            views.append((process, variant))
        for mf in case.message_flows:
            source = (
                _ident(mf.source_process, mf.source) if mf.source else _ident(mf.source_process)
            )
            target = (
                _ident(mf.target_process, mf.target) if mf.target else _ident(mf.target_process)
            )
            if source not in self.elements:
                source = _ident(mf.source_process)
            if target not in self.elements:
                target = _ident(mf.target_process)
            self.relation("Flow", source, target, base=f"rel-message-{mf.id}", name=mf.name)
        self.write_model(views)
        data: bytes = etree.tostring(
            self.root, xml_declaration=True, encoding="UTF-8", pretty_print=True
        )
        return data

    def process_content(self, process: Process, variant: Variant) -> None:
        pid = _ident(process.id)
        lane_role = {
            lane.id: lane.role or lane.unit for lane in variant.lanes if lane.role or lane.unit
        }
        activities = [n for n in variant.nodes if n.type in ("task", "subprocess")]
        for node in activities:
            aid = self.element(
                _ident(process.id, node.id), "BusinessProcess", node.label, node.documentation
            )
            times = {"touch-minutes": node.touch_minutes, "waiting-hours": node.waiting_hours}
            if any(times.values()):
                self.element_props[aid] = times
            self.relation("Composition", pid, aid)
            if node.lane and node.lane in lane_role:
                self.relation("Assignment", _ident(lane_role[node.lane] or ""), aid)
            for info in node.reads:
                self.relation("Access", aid, _ident(info), accessType="Read")
            for info in node.writes:
                self.relation("Access", aid, _ident(info), accessType="Write")
            for system in node.systems:
                self.relation("Serving", _ident(system), aid)
            if node.calls:
                self.relation("Aggregation", aid, _ident(node.calls))
        for node in variant.nodes:
            if node.type == "start":
                eid = self.element(_ident(process.id, node.id), "BusinessEvent", node.label)
                for target in _next_activities(variant, node.id):
                    self.relation("Triggering", eid, _ident(process.id, target))
        for node in activities:
            for target in _next_activities(variant, node.id):
                self.relation("Triggering", _ident(process.id, node.id), _ident(process.id, target))

    def write_model(self, views: list[tuple[Process, Variant | None]]) -> None:
        root = self.root
        root.set("identifier", _ident(self.case.id))
        _text_child(root, "name", self.case.name, self.lang)
        if self.case.description:
            _text_child(root, "documentation", self.case.description, self.lang)
        elements = etree.SubElement(root, _a("elements"))
        for ident, (kind, name) in self.elements.items():
            el = etree.SubElement(elements, _a("element"), identifier=ident)
            el.set(f"{{{XSI}}}type", kind)
            _text_child(el, "name", name, self.lang)
            if ident in self.element_docs:
                _text_child(el, "documentation", self.element_docs[ident], self.lang)
            if ident in self.element_props:
                props = etree.SubElement(el, _a("properties"))
                for key, number in self.element_props[ident].items():
                    prop = etree.SubElement(
                        props, _a("property"), propertyDefinitionRef=f"{PROPERTY_PREFIX}{key}"
                    )
                    _text_child(prop, "value", _number(number), self.lang)
        if self.relations:
            rels = etree.SubElement(root, _a("relationships"))
            for ident, kind, source, target, attrs in self.relations:
                el = etree.SubElement(
                    rels, _a("relationship"), identifier=ident, source=source, target=target
                )
                el.set(f"{{{XSI}}}type", kind)
                for key, value in attrs.items():
                    if key != "name":
                        el.set(key, value)
                if attrs.get("name"):
                    _text_child(el, "name", attrs["name"], self.lang)
        if self.element_props:
            definitions = etree.SubElement(root, _a("propertyDefinitions"))
            for key, names in PROPERTY_NAMES.items():
                definition = etree.SubElement(
                    definitions,
                    _a("propertyDefinition"),
                    identifier=f"{PROPERTY_PREFIX}{key}",
                    type="number",
                )
                _text_child(definition, "name", names.get(self.lang, names["en"]), self.lang)
        if views:
            diagrams = etree.SubElement(etree.SubElement(root, _a("views")), _a("diagrams"))
            for process, variant in views:
                self.view(diagrams, process, variant)

    def view(self, parent: etree._Element, process: Process, variant: Variant | None) -> None:
        view_id = _ident(process.id, "view")
        view = etree.SubElement(parent, _a("view"), identifier=view_id)
        view.set(f"{{{XSI}}}type", "Diagram")
        _text_child(view, "name", process.label, self.lang)
        placed: dict[str, tuple[str, int, int]] = {}  # element -> (node id, x, y)

        def put(element: str, x: float, y: float) -> None:
            if element in placed or element not in self.elements:
                return
            node_id = f"{view_id}.n{len(placed)}"
            node = etree.SubElement(
                view, _a("node"), identifier=node_id, elementRef=element,
                x=str(max(0, round(x))), y=str(max(0, round(y))), w=str(W), h=str(H),
            )  # fmt: skip
            node.set(f"{{{XSI}}}type", "Element")
            placed[element] = (node_id, round(x), round(y))

        put(_ident(process.id), 20, 20)
        top = 110
        if variant is not None:
            layout = layout_variant(self.case, process, variant)
            # The swimlane positions of our own process diagram.
            for node in variant.nodes:
                box = layout.nodes.get(node.id)
                if box is not None:
                    put(_ident(process.id, node.id), 180 + box.x, top + box.y)
            bottom = top + layout.height + 40
            lanes = {lane.role or lane.unit for lane in variant.lanes} - {None}
            for i, owner in enumerate(sorted(o for o in lanes if o)):
                put(_ident(owner), 20, top + i * (H + 30))
            used = sorted({i for n in variant.nodes for i in [*n.reads, *n.writes, *n.systems]})
            for i, ident in enumerate(used):
                put(_ident(ident), 180 + i * (W + 30), bottom)
        for ident, _kind, source, target, _attrs in self.relations:
            if source in placed and target in placed:
                conn = etree.SubElement(
                    view, _a("connection"), identifier=f"{view_id}.{ident}", relationshipRef=ident,
                    source=placed[source][0], target=placed[target][0],
                )  # fmt: skip
                conn.set(f"{{{XSI}}}type", "Relationship")


def _next_activities(variant: Variant, node_id: str) -> list[str]:
    """Activities reached from `node_id` through gateways and intermediate events only."""
    types = {n.id: n.type for n in variant.nodes}
    found: list[str] = []
    seen = {node_id}
    stack = [f.target for f in variant.outgoing(node_id)]
    while stack:
        current = stack.pop(0)
        if current in seen or current not in types:
            continue
        seen.add(current)
        if types[current] in ("task", "subprocess"):
            found.append(current)
        elif types[current] not in ("end", "start"):
            stack.extend(f.target for f in variant.outgoing(current))
    return found


def write_archimate(
    case: Case, process_ids: list[str] | None = None, variant: str | None = None
) -> bytes:
    """The case as an ArchiMate 3.1 Open Exchange file, with a view per exported process.

    Raises
    ------
    ArchimateExportError
        An unknown process id, or a variant that no exported process has.
    """
    wanted = exported_process_ids(case, process_ids, variant, ArchimateExportError)
    chosen: list[tuple[Process, Variant | None]] = []
    for pid in wanted:
        process = case.process(pid)
        ids = [v.id for v in process.variants]
        if variant is not None and variant in ids:
            chosen.append((process, process.variant(variant)))
        elif variant is not None and len(wanted) == 1:
            raise ArchimateExportError(f"process '{pid}' has no variant '{variant}'")
        else:
            chosen.append((process, process.variant() if process.variants else None))
    return _Exporter(case, case.settings.effective_language).build(chosen)


# --- import -----------------------------------------------------------------------------------


__all__ = [
    "ARCHIMATE",
    "ArchimateExportError",
    "ArchimateImport",
    "read_archimate",
    "read_archimate_bytes",
    "write_archimate",
]
