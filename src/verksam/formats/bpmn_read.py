"""BPMN 2.0 import: processes, pools, lanes, flow nodes, data and annotations into a Verksam case.

Mapping: a process (or pool) becomes a Process with one variant; each embedded sub-process becomes
a Process of its own that its sub-process node `calls`; lanes become variant lanes backed by roles
(lanes that hold sub-lanes become units); data objects and stores become information objects that
nodes read and write; message flows become case-level message flows. Whatever the case model cannot
hold is listed as a Note, one per element. Our own extension elements (namespace VERKSAM) bring back
times, probabilities, variants and lane roles written by `bpmn_write`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from verksam.formats.bpmn_case import CASE_TAG, merge_case
from verksam.formats.bpmn_kept import DATA_KINDS, keep, repair_kept
from verksam.formats.bpmn_read_base import (
    _child,
    _children,
    _documentation,
    _extension,
    _float,
    _strip_prefix,
    _text,
)
from verksam.formats.bpmn_read_flow import _FlowReader
from verksam.formats.bpmn_xml import (
    BPMN,
    VERKSAM,
    Note,
    local,
    namespace,
    parse_bytes,
    parse_file,
)
from verksam.model import (
    Annotation,
    BpmnCollaboration,
    BpmnKept,
    Case,
    ItSystem,
    MessageFlow,
    Process,
    Structure,
    Variant,
)


@dataclass
class BpmnImport:
    """The imported case and a note for each element it could not keep as it was."""

    case: Case
    notes: list[Note] = field(default_factory=list)


class _Reader(_FlowReader):
    def read(self) -> Case:
        root = self.root
        if local(root) != "definitions" or namespace(root) != BPMN:
            self.fail(
                f"not a BPMN 2.0 file: the root element is '{local(root)}' in namespace "
                f"'{namespace(root)}', not 'definitions' in {BPMN}",
                root,
                code="not-bpmn",
            )
        # Vendors put elements of the BPMN namespace inside extensions too; those are not model ids.
        hidden = {
            e for ext in root.iter(f"{{{BPMN}}}extensionElements") for e in ext.iter(f"{{{BPMN}}}*")
        }
        for element in root.iter(f"{{{BPMN}}}*"):
            eid = element.get("id")
            if eid and element not in hidden:
                if eid in self.by_id and self.by_id[eid] is not element:
                    self.fail(f"duplicate id '{eid}'", element, eid, code="duplicate-id")
                self.by_id[eid] = element
        participants: dict[str, etree._Element] = {}  # processRef -> participant
        self.kept_case = BpmnKept()
        for i, collab in enumerate(_children(root, "collaboration")):
            if i == 0:
                self.kept_case.collaboration_id = collab.get("id")
            else:  # a file with one diagram per collaboration: each is kept with its pools
                self.kept_case.collaborations.append(
                    BpmnCollaboration(
                        id=self.claim(collab.get("id") or "collaboration", self.case_ids),
                        pools=[p.get("id", "") for p in _children(collab, "participant")],
                    )
                )
            for part in _children(collab, "participant"):
                proc = self.find(part, "processRef") if part.get("processRef") else None
                if proc is not None:
                    participants[proc.get("id", "")] = part
        for proc in _children(root, "process"):
            pid = proc.get("id", "")
            part = participants.get(pid)
            name = (part.get("name") if part is not None else None) or proc.get("name") or ""
            read = self.read_process(proc, name)
            next(p for p in self.processes if p.id == read).pool = (
                part.get("id", "") if part is not None else ""
            )
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
                            pool=part.get("id", ""),
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
        for i, collab in enumerate(_children(root, "collaboration")):
            into = self.kept_case.collaborations[i - 1].kept if i else self.kept_case.collaboration
            self.read_collaboration_artifacts(collab, into)
            if i:
                into[:0] = [keep(d) for d in _children(collab, "documentation")]
        for element in root:
            kind = local(element)
            if kind in ("process", "collaboration", "documentation"):
                continue
            if kind == "extensionElements" or not isinstance(element.tag, str):
                continue
            if namespace(element) != BPMN:
                continue  # BPMNDI diagrams: layout comes from our own engine on export
            if kind == "dataStore":
                info = self.information_for(element, "data-store")
                self.keep_data(element, info.id, self.kept_case.definitions)
                continue
            self.keep(element, self.kept_case.definitions)
        self.note_extensions()
        if not self.processes:
            self.fail("the file holds no process or pool to import", root, code="no-process")
        structure = None
        if self.roles or self.units or self.information or self.systems:
            structure = Structure(
                units=list(self.units.values()),
                roles=list(self.roles.values()),
                systems=list(self.systems.values()),
                information=list({i.id: i for i in self.information.values()}.values()),
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
            bpmn_kept=self.kept_collaboration(case_id),
        )

    def kept_collaboration(self, case_id: str) -> BpmnKept | None:
        """What the case keeps of the file's collaboration: its id only when not our default."""
        kept = self.kept_case
        if (kept.collaboration_id or "").startswith(f"Collaboration_{case_id}"):
            kept.collaboration_id = None
        return kept if kept != BpmnKept() else None

    def case_description(self) -> str:
        first = _child(self.root, "collaboration")
        return _documentation(first) if first is not None else ""

    def read_collaboration_artifacts(self, collab: etree._Element, into: list[str]) -> None:
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
                self.keep(assoc, into)
        for text_id, element in texts.items():
            if text_id not in attached:
                self.keep(element, into)
        for element in collab:
            kind = local(element)
            if namespace(element) == BPMN and kind not in (
                "participant", "messageFlow", "documentation", "extensionElements",
                "textAnnotation", "association",
            ):  # fmt: skip
                self.keep(element, into)

    def note_extensions(self) -> None:
        """One note per foreign namespace of extension elements (vendor settings, styles)."""
        seen: dict[str, etree._Element] = {}
        for ext in self.root.iter(f"{{{BPMN}}}extensionElements"):
            if any(a in self.kept_elements for a in ext.iterancestors()):
                continue  # kept with the element that holds it
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
        variant.bpmn_kept = self.blank_documentation(proc)
        self.read_lanes(proc, variant)
        self.read_container(proc, pid, variant)
        process.variants = [variant]
        return pid

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
                    self.repair_or_fail(
                        f"messageFlow '{fid}' connects '{tid}' ({attr}), which is neither a pool "
                        "nor a flow node of a process",
                        element,
                        fid,
                    )
                    break
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


def _repair_kept(reader: _Reader, case: Case) -> None:
    """Kept XML refers only to what an export writes again, with each reference left out noted.

    Data objects and references our own export made up are made anew from the nodes' reads and
    writes under new ids, and some files refer to elements they do not have.
    """
    renamed = {old: new for old, new in reader.node_ids.items() if old != new}
    ids = {
        i for i, e in reader.by_id.items() if local(e) not in DATA_KINDS or i in reader.kept_data
    }
    ids = (ids - set(renamed)) | set(renamed.values()) | reader.made_ids
    ids |= {p.id for p in case.processes}

    def repair(fragments: list[str]) -> list[str]:
        kept, lost = repair_kept(fragments, ids, renamed)
        for kind, ident, what in lost:
            reason = f"left out: its {what} refers to something the file does not have"
            reader.notes.append(Note(kind, ident, reason))
        return kept

    if case.bpmn_kept:
        case.bpmn_kept.definitions = repair(case.bpmn_kept.definitions)
        case.bpmn_kept.collaboration = repair(case.bpmn_kept.collaboration)
        for collab in case.bpmn_kept.collaborations:
            collab.kept = repair(collab.kept)
    for process in case.processes:
        for variant in process.variants:
            variant.bpmn_kept = repair(variant.bpmn_kept)
            for node in variant.nodes:
                node.bpmn_kept = repair(node.bpmn_kept)


def _whole_case(reader: _Reader, case: Case) -> Case:
    """The case put back together from our own `verksam:case` extension, when the file has one."""
    hosts = _children(reader.root, "collaboration") + _children(reader.root, "process")
    for host in hosts:
        item = _extension(host, CASE_TAG)
        if item is not None:
            try:
                return merge_case(case, _text(item))
            except ValueError as exc:
                reader.note(item, f"the Verksam case data in the file cannot be read ({exc})")
    return case


def _finish(reader: _Reader) -> BpmnImport:
    case = reader.read()
    _repair_kept(reader, case)
    for element, called in reader.deferred_calls:
        pid = reader.process_of.get(called)
        process_id = reader.process_of.get(element.get("id", ""))
        node_id = reader.node_ids.get(element.get("id", ""))
        if pid is None or process_id is None or node_id is None:
            continue
        for node in case.process(process_id).variants[0].nodes:
            if node.id == node_id:
                node.calls = pid
    return BpmnImport(case=_whole_case(reader, case), notes=reader.notes)


def read_bpmn(path: str | Path, *, strict: bool = False) -> BpmnImport:
    """Import a BPMN 2.0 file.

    Sequence flows, associations, message flows and lane entries that refer to missing elements
    are left out, each with a note saying what was dropped; with `strict` they fail the import.

    Raises
    ------
    InterchangeError
        Bad XML, an XML bomb, a file over the size limit, or a dangling reference; the message
        names the file, the line and the element id.
    """
    return _finish(_Reader(parse_file(path), str(path), strict))


def read_bpmn_bytes(data: bytes, name: str = "<bpmn>", *, strict: bool = False) -> BpmnImport:
    """Import BPMN 2.0 XML from bytes (uploads); see read_bpmn. Raises InterchangeError."""
    return _finish(_Reader(parse_bytes(data, name), name, strict))
