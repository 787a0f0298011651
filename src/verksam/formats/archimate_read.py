"""ArchiMate 3 exchange import: the elements and relationships a case can hold, and notes for the rest.

Business actors become units, business roles roles, goals goals, business/data objects, contracts
and representations information objects, application components IT systems, resources resources
and business services service declarations. A business process becomes a process; the business
processes it is composed of become the activities of its flow (one variant), ordered by the
triggering relationships among them and started by the business events that trigger them, with a
lane per role assigned to them, and their access, serving and aggregation relationships as the
activities' reads/writes, systems and called processes. Everything else is listed as a Note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from verksam.formats.bpmn_xml import (
    InterchangeError,
    Note,
    local,
    namespace,
    parse_bytes,
    parse_file,
)
from verksam.model import (
    Case,
    Flow,
    Goal,
    InformationObject,
    ItSystem,
    Lane,
    MessageFlow,
    Node,
    Process,
    Resource,
    Role,
    ServiceDeclaration,
    Structure,
    Unit,
    Variant,
    Vision,
)

ARCHIMATE = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
INFO_KINDS = {"BusinessObject": "record", "DataObject": "record", "Contract": "document",
              "Representation": "document"}  # fmt: skip
PROPERTY_PREFIX = "pd-verksam-"
# The activities' times, as properties; names in the file's language.
PROPERTY_NAMES = {
    "touch-minutes": {"sv": "Bearbetningstid (minuter)", "nb": "Behandlingstid (minutter)",
                      "en": "Touch time (minutes)"},
    "waiting-hours": {"sv": "Väntetid (timmar)", "nb": "Ventetid (timer)",
                      "en": "Waiting time (hours)"},
}  # fmt: skip


_ID_OK = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]{0,99}$")


def _a(tag: str) -> str:
    return f"{{{ARCHIMATE}}}{tag}"


def _type(element: etree._Element) -> str:
    kind: str = element.get(f"{{{XSI}}}type", "")
    return kind


@dataclass
class ArchimateImport:
    """The case built from an exchange file, what the file held, and what was not kept."""

    case: Case
    elements: list[tuple[str, str, str]] = field(default_factory=list)  # (id, type, name)
    relationships: list[tuple[str, str, str, str]] = field(default_factory=list)  # id,type,s,t
    views: list[tuple[str, str, int]] = field(default_factory=list)  # (id, name, nodes)
    notes: list[Note] = field(default_factory=list)


def _name(element: etree._Element) -> str:
    for child in element:
        if local(child) == "name" and namespace(child) == ARCHIMATE:
            return (child.text or "").strip()
    return ""


def _doc(element: etree._Element) -> str:
    for child in element:
        if local(child) == "documentation" and namespace(child) == ARCHIMATE:
            return (child.text or "").strip()
    return ""


def _claim(raw: str, taken: set[str], prefix: str = "id-") -> str:
    """A valid unused id; 'id-x' (how Verksam writes ids) gives back 'x' when that is valid."""
    if raw.startswith(prefix) and _ID_OK.match(raw[len(prefix) :]):
        raw = raw[len(prefix) :]
    base = re.sub(r"[^A-Za-z0-9_.\-]", "_", raw)[:90] or "_"
    if not (base[0].isalpha() or base[0] == "_"):
        base = f"_{base}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


@dataclass
class _Relation:
    ident: str
    kind: str
    source: str
    target: str
    element: etree._Element


class _Reader:
    def __init__(self, root: etree._Element, name: str) -> None:
        self.root = root
        self.name = name
        self.result = ArchimateImport(case=Case(id="archimate", name=""))
        self.taken: set[str] = set()
        self.ids: dict[str, str] = {}  # ArchiMate identifier -> case id
        self.kinds: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.docs: dict[str, str] = {}
        self.elements: dict[str, etree._Element] = {}
        self.relations: list[_Relation] = []
        self.used: set[str] = set()  # relationship identifiers kept in the case
        self.events_used: set[str] = set()  # business events that became start events
        self.activities: set[str] = set()  # business processes that became activities
        self.node_of: dict[str, tuple[str, str]] = {}  # activity -> (its process, node id)

    def read(self) -> ArchimateImport:
        root = self.root
        for el in root.iter(_a("element")):
            ident, kind = el.get("identifier", ""), _type(el)
            self.result.elements.append((ident, kind, _name(el)))
            self.kinds[ident], self.labels[ident], self.docs[ident] = kind, _name(el), _doc(el)
            self.elements[ident] = el
        relationship_ids = {el.get("identifier", "") for el in root.iter(_a("relationship"))}
        for el in root.iter(_a("relationship")):
            rel = _Relation(el.get("identifier", ""), _type(el), el.get("source", ""),
                            el.get("target", ""), el)  # fmt: skip
            self.result.relationships.append((rel.ident, rel.kind, rel.source, rel.target))
            for end in (rel.source, rel.target):
                if end not in self.kinds and end not in relationship_ids:
                    raise InterchangeError(
                        f"relationship '{rel.ident}' refers to '{end}', which does not exist",
                        file=self.name,
                        line=el.sourceline,
                        element=rel.ident,
                        code="missing-reference",
                        params={"kind": "relationship", "name": _name(el), "target": end},
                    )
            self.relations.append(rel)
        case = self.build()
        for rel in self.relations:
            if rel.ident not in self.used:
                sk, tk = self.kinds.get(rel.source, "?"), self.kinds.get(rel.target, "?")
                self.result.notes.append(
                    Note(rel.kind or "relationship", rel.ident,
                         f"{sk} → {tk}: no Verksam counterpart", rel.element.sourceline)
                )  # fmt: skip
        for view in root.iter(_a("view")):
            nodes = sum(1 for _ in view.iter(_a("node")))
            self.result.views.append((view.get("identifier", ""), _name(view), nodes))
            self.result.notes.append(
                Note("view", view.get("identifier", ""),
                     f"'{_name(view)}': views are not kept; Verksam draws its own diagrams",
                     view.sourceline)
            )  # fmt: skip
        self.result.case = case
        return self.result

    def times(self, ident: str) -> dict[str, float]:
        """An activity's touch and waiting times from its properties (ours, or named like ours)."""
        names = {f"{PROPERTY_PREFIX}{key}": key for key in PROPERTY_NAMES}
        for definition in self.root.iter(_a("propertyDefinition")):
            label = _name(definition).strip().lower()
            for key, labels in PROPERTY_NAMES.items():
                if label in {text.lower() for text in labels.values()}:
                    names[definition.get("identifier", "")] = key
        found: dict[str, float] = {}
        for prop in self.elements[ident].iter(_a("property")):
            field = names.get(prop.get("propertyDefinitionRef", ""))
            value = prop.find(_a("value"))
            if field is None or value is None:
                continue
            try:
                number = float((value.text or "").strip().replace(",", "."))
            except ValueError:
                self.result.notes.append(Note("property", ident, f"'{value.text}' is not a "
                                              "number; the time is left out", prop.sourceline))  # fmt: skip
                continue
            if number >= 0 and number == number and number != float("inf"):
                found[field.replace("-", "_")] = number
        return found

    def rels(self, kind: str | tuple[str, ...], sk: str | tuple[str, ...],
             tk: str | tuple[str, ...]) -> list[_Relation]:  # fmt: skip
        """Relationships of a kind between element types (each may be a tuple of choices)."""
        kinds = (kind,) if isinstance(kind, str) else kind
        sks = (sk,) if isinstance(sk, str) else sk
        tks = (tk,) if isinstance(tk, str) else tk
        return [
            r for r in self.relations
            if r.kind in kinds and self.kinds.get(r.source) in sks
            and self.kinds.get(r.target) in tks
        ]  # fmt: skip

    def claim(self, ident: str) -> str:
        if ident not in self.ids:
            self.ids[ident] = _claim(ident, self.taken)
        return self.ids[ident]

    def build(self) -> Case:
        of = {k: [i for i, t in self.kinds.items() if t == k] for k in set(self.kinds.values())}
        units = {i: Unit(id=self.claim(i), name=self.labels[i], description=self.docs[i])
                 for i in of.get("BusinessActor", [])}  # fmt: skip
        roles = {i: Role(id=self.claim(i), name=self.labels[i], description=self.docs[i])
                 for i in of.get("BusinessRole", [])}  # fmt: skip
        goals = {i: Goal(id=self.claim(i), name=self.labels[i], description=self.docs[i])
                 for i in of.get("Goal", [])}  # fmt: skip
        info = {
            i: InformationObject.model_validate(
                {"id": self.claim(i), "name": self.labels[i], "description": self.docs[i],
                 "kind": INFO_KINDS[self.kinds[i]]}
            )
            for k in INFO_KINDS for i in of.get(k, [])
        }  # fmt: skip
        systems = {i: ItSystem(id=self.claim(i), name=self.labels[i], description=self.docs[i])
                   for i in of.get("ApplicationComponent", [])}  # fmt: skip
        resources = {i: Resource(id=self.claim(i), name=self.labels[i], description=self.docs[i])
                     for i in of.get("Resource", [])}  # fmt: skip
        services = {i: ServiceDeclaration(id=self.claim(i), name=self.labels[i],
                                          promise_text=self.docs[i])
                    for i in of.get("BusinessService", [])}  # fmt: skip
        for r in self.rels("Composition", "BusinessActor", "BusinessActor"):
            units[r.target].parent = units[r.source].id
            self.used.add(r.ident)
        for r in self.rels("Assignment", "BusinessActor", "BusinessRole"):
            roles[r.target].unit = units[r.source].id
            self.used.add(r.ident)
        for r in self.rels(("Aggregation", "Composition"), "Goal", "Goal"):
            goals[r.target].parent = goals[r.source].id
            self.used.add(r.ident)
        for r in self.rels("Access", "ApplicationComponent", tuple(INFO_KINDS)):
            info[r.target].system = systems[r.source].id
            self.used.add(r.ident)
        processes = self.processes(
            of.get("BusinessProcess", []), units, roles, info, systems, goals
        )
        message_flows = self.message_flows(processes)
        for r in self.rels("Realization", "BusinessProcess", "BusinessService"):
            if r.source in processes:
                services[r.target].process = processes[r.source].id
                self.used.add(r.ident)
        for ident, kind in self.kinds.items():
            mapped = ident in self.ids or ident in self.activities or ident in self.events_used
            if not mapped:
                self.result.notes.append(
                    Note(kind or "element", ident, f"'{self.labels[ident]}': no Verksam counterpart",
                         self.elements[ident].sourceline)
                )  # fmt: skip
        stem = Path(self.name).stem if self.name else "archimate"
        return Case(
            id=_claim(self.root.get("identifier") or stem, set()),
            name=_name(self.root) or stem,
            description=_doc(self.root),
            structure=Structure(units=list(units.values()), roles=list(roles.values()),
                                resources=list(resources.values()),
                                systems=list(systems.values()), information=list(info.values())),
            vision=Vision(goals=list(goals.values())) if goals else None,
            processes=list(processes.values()),
            message_flows=message_flows,
            services=list(services.values()),
        )  # fmt: skip

    def message_flows(self, processes: dict[str, Process]) -> list[MessageFlow]:
        """Flow relationships between different processes (or their activities) are messages."""
        where: dict[str, tuple[str, str | None]] = {i: (p.id, None) for i, p in processes.items()}
        for ident, process in processes.items():
            for variant in process.variants:
                for node in variant.nodes:
                    for a in self.activities:
                        if self.node_of.get(a) == (ident, node.id):
                            where[a] = (process.id, node.id)
        flows: list[MessageFlow] = []
        taken: set[str] = set()
        for r in self.rels("Flow", "BusinessProcess", "BusinessProcess"):
            if r.source in where and r.target in where and where[r.source][0] != where[r.target][0]:
                (sp, sn), (tp, tn) = where[r.source], where[r.target]
                flows.append(MessageFlow(id=_claim(r.ident, taken, prefix="rel-message-"),
                                         name=_name(r.element), source_process=sp, source=sn,
                                         target_process=tp, target=tn))  # fmt: skip
                self.used.add(r.ident)
        return flows

    def processes(
        self,
        candidates: list[str],
        units: dict[str, Unit],
        roles: dict[str, Role],
        info: dict[str, InformationObject],
        systems: dict[str, ItSystem],
        goals: dict[str, Goal],
    ) -> dict[str, Process]:
        """Top-level business processes, with the processes they are composed of as activities."""
        parts: dict[str, list[str]] = {}
        parent: dict[str, str] = {}
        for r in self.rels("Composition", "BusinessProcess", "BusinessProcess"):
            if r.target not in parent:
                parent[r.target] = r.source
                parts.setdefault(r.source, []).append(r.target)
                self.used.add(r.ident)
        processes: dict[str, Process] = {}
        for ident in candidates:
            # An activity becomes a process of its own only when it has activities itself.
            if ident in parent and ident not in parts:
                continue
            processes[ident] = Process(id=self.claim(ident), name=self.labels[ident],
                                       description=self.docs[ident])  # fmt: skip
        actors = {**units, **roles}
        for ident, process in processes.items():
            for r in self.rels(("Influence", "Realization"), "BusinessProcess", "Goal"):
                if r.source == ident:
                    process.goals = [*process.goals, goals[r.target].id]
                    self.used.add(r.ident)
            for r in self.rels("Assignment", ("BusinessActor", "BusinessRole"), "BusinessProcess"):
                if r.target == ident:
                    process.owner = actors[r.source].id
                    self.used.add(r.ident)
            for r in self.rels("Access", "BusinessProcess", tuple(INFO_KINDS)):
                if r.source == ident:
                    access = r.element.get("accessType", "Write")
                    if access in ("Read", "ReadWrite", "Access"):
                        process.inputs = [*process.inputs, info[r.target].id]
                    if access in ("Write", "ReadWrite"):
                        process.outputs = [*process.outputs, info[r.target].id]
                    self.used.add(r.ident)
            for r in self.rels("Serving", "ApplicationComponent", "BusinessProcess"):
                if r.target == ident:
                    process.supplies = [*process.supplies, systems[r.source].id]
                    self.used.add(r.ident)
            if ident in parts:
                process.variants = [self.flow(ident, parts[ident], processes, roles, info, systems)]
        return processes

    def flow(
        self,
        process: str,
        activities: list[str],
        processes: dict[str, Process],
        roles: dict[str, Role],
        info: dict[str, InformationObject],
        systems: dict[str, ItSystem],
    ) -> Variant:
        """The activities of a process as one variant: triggering relationships become flows."""
        node_taken: set[str] = set()
        node_id: dict[str, str] = {}
        for a in activities:
            node_id[a] = _claim(a, node_taken, prefix=f"{process}.")
        self.activities.update(activities)
        self.node_of.update({a: (process, node_id[a]) for a in activities})
        inside = set(activities)
        lanes: dict[str, Lane] = {}
        nodes: dict[str, Node] = {}
        for a in activities:
            nodes[a] = Node(id=node_id[a], name=self.labels[a], documentation=self.docs[a],
                            **self.times(a))  # fmt: skip
            if a in processes:
                nodes[a].type, nodes[a].calls = "subprocess", processes[a].id
        for r in self.rels("Assignment", "BusinessRole", "BusinessProcess"):
            if r.target in inside:
                role = roles[r.source]
                lanes.setdefault(role.id, Lane(id=role.id, name=role.name, role=role.id))
                nodes[r.target].lane = role.id
                self.used.add(r.ident)
        for r in self.rels("Access", "BusinessProcess", tuple(INFO_KINDS)):
            if r.source in inside:
                access, node = r.element.get("accessType", "Write"), nodes[r.source]
                if access in ("Read", "ReadWrite", "Access"):
                    node.reads = [*node.reads, info[r.target].id]
                if access in ("Write", "ReadWrite"):
                    node.writes = [*node.writes, info[r.target].id]
                self.used.add(r.ident)
        for r in self.rels("Serving", "ApplicationComponent", "BusinessProcess"):
            if r.target in inside:
                nodes[r.target].systems = [*nodes[r.target].systems, systems[r.source].id]
                self.used.add(r.ident)
        for r in self.rels("Aggregation", "BusinessProcess", "BusinessProcess"):
            if r.source in inside and r.target in processes and nodes[r.source].calls is None:
                nodes[r.source].type, nodes[r.source].calls = "subprocess", processes[r.target].id
                self.used.add(r.ident)
        flows: list[Flow] = []
        for r in self.rels("Triggering", "BusinessProcess", "BusinessProcess"):
            if r.source in inside and r.target in inside:
                flows.append(Flow(source=node_id[r.source], target=node_id[r.target]))
                self.used.add(r.ident)
        events: dict[str, Node] = {}
        for r in self.rels("Triggering", "BusinessEvent", "BusinessProcess"):
            if r.target in inside:
                if r.source not in events:
                    start_id = _claim(r.source, node_taken, prefix=f"{process}.")
                    events[r.source] = Node(id=start_id, type="start", name=self.labels[r.source])
                flows.append(Flow(source=events[r.source].id, target=node_id[r.target]))
                self.events_used.add(r.source)
                self.used.add(r.ident)
        starts = list(events.values())
        chain = list(nodes.values())
        targets = {f.target for f in flows}
        if not starts:
            # No business event: the flow starts at the activities nothing triggers.
            start = Node(id=_claim("start", node_taken), type="start")
            starts.append(start)
            flows += [Flow(source=start.id, target=n.id) for n in chain if n.id not in targets]
        sources = {f.source for f in flows}
        end = Node(id=_claim("end", node_taken), type="end")
        flows += [Flow(source=n.id, target=end.id) for n in chain if n.id not in sources]
        return Variant(id="as-is", lanes=list(lanes.values()), nodes=[*starts, *chain, end],
                       flows=flows)  # fmt: skip


def _read(tree: etree._ElementTree, name: str) -> ArchimateImport:
    root = tree.getroot()
    if local(root) != "model" or namespace(root) != ARCHIMATE:
        raise InterchangeError(
            f"not an ArchiMate exchange file: the root element is '{local(root)}' in namespace "
            f"'{namespace(root)}', not 'model' in {ARCHIMATE}",
            file=name,
            line=root.sourceline,
            code="not-archimate",
        )
    return _Reader(root, name).read()


def read_archimate(path: str | Path) -> ArchimateImport:
    """Import an ArchiMate 3 exchange file.

    Raises
    ------
    InterchangeError
        Bad XML, an XML bomb, a file over the size limit, not an exchange file, or a relationship
        whose ends do not exist (named by id and line).
    """
    return _read(parse_file(path), str(path))


def read_archimate_bytes(data: bytes, name: str = "<archimate>") -> ArchimateImport:
    """Import ArchiMate exchange XML from bytes; see read_archimate. Raises InterchangeError."""
    return _read(parse_bytes(data, name), name)
