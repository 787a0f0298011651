"""BPMN elements the case model has no place for, kept as XML on import and put back on export.

An imported file's message definitions, loop markers, task inputs and outputs, timer expressions,
groups and the like are kept verbatim (`bpmn_kept` of the case, a process variant or a node), so
exporting the case again restores them. Kept XML is canonical (exclusive C14N with the prefixes
its QName values need), and `order_children` puts restored children where the schema's sequences
want them.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from verksam.formats.bpmn_xml import BPMN, VERKSAM, XSI, local, namespace

_XSI_TYPE = f"{{{XSI}}}type"
_QNAME_VALUE = re.compile(r"^\s*([A-Za-z_][\w.\-]*):[A-Za-z_]")

# A flow node's or sub-process's children in the order of the schema's sequences (tBaseElement,
# tFlowNode, tActivity, tCatchEvent/tThrowEvent, tSubProcess).
_NODE_ORDER = [
    "documentation", "extensionElements", "auditing", "monitoring", "categoryValueRef",
    "incoming", "outgoing", "ioSpecification", "property", "dataInput", "dataOutput",
    "dataInputAssociation", "dataOutputAssociation", "inputSet", "outputSet",
    "cancelEventDefinition", "compensateEventDefinition", "conditionalEventDefinition",
    "errorEventDefinition", "escalationEventDefinition", "linkEventDefinition",
    "messageEventDefinition", "signalEventDefinition", "terminateEventDefinition",
    "timerEventDefinition", "eventDefinitionRef", "resourceRole", "performer",
    "humanPerformer", "potentialOwner", "standardLoopCharacteristics",
    "multiInstanceLoopCharacteristics", "script", "rendering", "laneSet",
]  # fmt: skip
_DEFINITION_KINDS = frozenset(k for k in _NODE_ORDER if k.endswith("EventDefinition"))
_PROCESS_ORDER = [
    "documentation", "extensionElements", "auditing", "monitoring", "categoryValueRef",
    "supportedInterfaceRef", "ioSpecification", "ioBinding", "property", "laneSet",
]  # fmt: skip
_ARTIFACTS = frozenset({"association", "group", "textAnnotation"})
_PROCESS_TAIL = ["resourceRole", "performer", "humanPerformer", "potentialOwner",
                 "correlationSubscription", "supports"]  # fmt: skip
_COLLABORATION_ORDER = [
    "documentation", "extensionElements", "participant", "messageFlow", "association", "group",
    "textAnnotation", "callConversation", "conversation", "subConversation",
    "conversationAssociation", "participantAssociation", "messageFlowAssociation",
    "correlationKey", "choreographyRef", "conversationLink",
]  # fmt: skip
KEPT_ON_NODES = frozenset(
    {"auditing", "monitoring", "categoryValueRef", "ioSpecification", "property", "dataInput",
     "dataOutput", "inputSet", "outputSet", "eventDefinitionRef", "resourceRole", "performer",
     "humanPerformer", "potentialOwner", "standardLoopCharacteristics",
     "multiInstanceLoopCharacteristics", "script", "rendering"}
)  # fmt: skip


KEPT_TAGS = frozenset(f"{{{BPMN}}}{kind}" for kind in KEPT_ON_NODES)
DEFINITION_TAGS = frozenset(f"{{{BPMN}}}{kind}" for kind in _DEFINITION_KINDS)


def keep(element: etree._Element) -> str:
    """The element as canonical XML, with the namespace declarations its QName values need.

    BPMN elements get the prefix `bpmn` whatever the file used, so a kept element reads the
    same after an export and a new import.
    """
    return _kept(element)


def _kept(element: etree._Element, info_id: str = "") -> str:
    home = etree.Element(f"{{{BPMN}}}definitions", nsmap={"bpmn": BPMN})
    # Plain BPMN (no other vocabulary, no QName values, no comments) needs no first pass: the
    # one below gives the same text.
    kept = copy.deepcopy(element) if _plain(element) else _canonical_element(element)
    if info_id and data_information(kept) is None:
        _mark(kept, info_id)
    home.append(kept)
    return _canonical(home[0])


def _plain(element: etree._Element) -> bool:
    for item in element.iter():
        if not isinstance(item.tag, str) or not item.tag.startswith(_BPMN_TAG):
            return False
        for name, value in item.attrib.items():
            if name.startswith("{") or ":" in value:
                return False
    return True


_BPMN_TAG = f"{{{BPMN}}}"


def _mark(kept: etree._Element, info_id: str) -> None:
    ext = kept.find(f"{{{BPMN}}}extensionElements")
    if ext is None:
        ext = etree.Element(f"{{{BPMN}}}extensionElements")
        kept.insert(len(kept.findall(f"{{{BPMN}}}documentation")), ext)
    item = ext.find(_INFORMATION)
    if item is None:
        item = etree.SubElement(ext, _INFORMATION, nsmap={"verksam": VERKSAM})
    item.set("id", info_id)
    item.set("kept", "true")


DATA_KINDS = frozenset({"dataObject", "dataObjectReference", "dataStore", "dataStoreReference"})
_INFORMATION = f"{{{VERKSAM}}}information"


def keep_data(element: etree._Element, info_id: str) -> str:
    """A data object, store or reference kept as XML, marked with the information it stands for.

    The mark (`verksam:information` with `kept="true"`) tells an export which information object
    the element shows, and a later import that it is the file's own element, not one an export
    made up from the nodes' reads and writes.
    """
    return _kept(element, info_id)


def data_information(element: etree._Element) -> str | None:
    """The information object id a kept data element is marked with (see keep_data)."""
    ext = element.find(f"{{{BPMN}}}extensionElements")
    item = ext.find(_INFORMATION) if ext is not None else None
    return item.get("id") if item is not None and item.get("kept") == "true" else None


def _canonical(element: etree._Element) -> str:
    return str(etree.tostring(_canonical_element(element), encoding="unicode"))


def _canonical_element(element: etree._Element) -> etree._Element:
    """The element canonicalised (see keep), as a new element of its own document."""
    scope = {p: u for p, u in element.nsmap.items() if p}
    needed: set[str] = set()
    # An unprefixed xsi:type names a type of the default namespace, which the kept element may not
    # declare itself: it gets a prefix that does.
    default = element.nsmap.get(None)
    typed = next((p for p, u in scope.items() if u == default), None)
    declare = typed is None and default == BPMN and "bpmn" not in scope
    if declare:
        typed = "bpmn"
    for item in element.iter():
        if not isinstance(item.tag, str):
            continue
        values = list(item.attrib.values())
        if item.text and len(item) == 0:
            values.append(item.text)
        for value in values:
            match = _QNAME_VALUE.match(value)
            if match and match.group(1) in scope:
                needed.add(match.group(1))
        xsi_type = item.get(_XSI_TYPE)
        if xsi_type and ":" not in xsi_type and typed and not declare:
            needed.add(typed)
    try:
        data = etree.tostring(
            element,
            method="c14n",
            exclusive=True,
            with_comments=False,
            inclusive_ns_prefixes=sorted(needed),
        )
    except etree.C14NError:
        # C14N refuses relative namespace URIs (some vendors use them): the same by hand.
        data = _declaring(element, needed)
    parsed = etree.fromstring(data)
    for doc in parsed.iter(f"{{{BPMN}}}documentation", f"{{{BPMN}}}text"):
        # Markup of another vocabulary inside documentation is a vendor's; its text stays.
        if len(doc):
            text = "".join(doc.itertext())
            for child in list(doc):
                doc.remove(child)
            doc.text = text
    if declare:
        wrapper = etree.Element(parsed.tag, dict(parsed.attrib), {**parsed.nsmap, "bpmn": BPMN})
        wrapper.text = parsed.text
        wrapper.extend(list(parsed))
        parsed = wrapper
    for item in parsed.iter():
        xsi_type = item.get(_XSI_TYPE)
        if xsi_type and ":" not in xsi_type and typed:
            item.set(_XSI_TYPE, f"{typed}:{xsi_type}")
        # Indentation inside the kept element is the source's pretty-printing, not content.
        if len(item) and item.text is not None and not item.text.strip():
            item.text = None
        if item.tail is not None and not item.tail.strip():
            item.tail = None
    return parsed


def _declaring(element: etree._Element, prefixes: set[str]) -> bytes:
    """The element declaring the namespaces its names use and the `prefixes`, no others."""
    full = etree.fromstring(etree.tostring(element))
    used: set[str | None] = set()
    for item in full.iter():
        if isinstance(item.tag, str):
            used.add(etree.QName(item).namespace)
            used.update(etree.QName(k).namespace for k in item.attrib)
    nsmap = {p: u for p, u in full.nsmap.items() if u in used or p in prefixes}
    clone = etree.Element(full.tag, dict(full.attrib), nsmap)
    clone.text = full.text
    clone.extend(list(full))
    return bytes(etree.tostring(clone))


def parse_kept(xml: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(xml.encode("utf-8"), parser)


def kept_ids(fragments: list[str]) -> set[str]:
    """Every id used inside kept XML (so an export does not hand them out again)."""
    ids: set[str] = set()
    for xml in fragments:
        ids.update(str(v) for v in parse_kept(xml).xpath("descendant-or-self::*/@id"))
    return ids


def restore(parent: etree._Element, fragments: list[str]) -> list[etree._Element]:
    """Append the kept elements to `parent`; returns them."""
    added = []
    for xml in fragments:
        element = parse_kept(xml)
        parent.append(element)
        added.append(element)
    return added


# QName references to things outside the file (types, implementations), not to its ids.
_GONE = "{https://verksam.org/bpmn}left-out"
_EXTERNAL_REFS = frozenset({"structureRef", "implementationRef", "typeRef"})


def _reference(name: str) -> bool:
    return (name.endswith(("Ref", "Refs")) and name not in _EXTERNAL_REFS) or name == "default"


def drop_dangling(ids: set[str], kept: list[etree._Element]) -> list[tuple[str, str, str]]:
    """Remove what kept elements refer to that the exported file no longer has; says what.

    A kept element can point at something the export writes differently (data references are
    rebuilt) or at nothing at all (the file it came from was broken): the reference goes, or the
    element when it cannot be without it (a flow or association without an end).
    """
    dropped: list[tuple[str, str, str]] = []  # (element kind, its id, what was left out)

    def missing(value: str) -> bool:
        return any(v.rpartition(":")[2] not in ids for v in value.split())

    for top in kept:
        for item in list(top.iter()):
            if not isinstance(item.tag, str) or namespace(item) != BPMN:
                continue
            if item.getparent() is None and item is not top:
                continue  # already removed with an ancestor
            name = local(item)
            gone = False
            for attr, value in list(item.attrib.items()):
                if _reference(attr) and missing(value):
                    dropped.append((name, item.get("id", ""), f"{attr} '{value}'"))
                    if attr in ("sourceRef", "targetRef", "attachedToRef"):
                        gone = True
                    else:
                        del item.attrib[attr]
            if _reference(name) and len(item) == 0 and missing(item.text or ""):
                owner = item.getparent() if item.getparent() is not None else item
                dropped.append((local(owner), owner.get("id", ""), f"{name} '{item.text}'"))
                gone = True
                if name == "targetRef" and item.getparent() is not None:
                    item = item.getparent()  # a data association needs its target
            if gone and item.getparent() is not None:
                item.getparent().remove(item)
            elif gone:
                item.set(_GONE, "true")  # the kept element itself: its owner leaves it out
    return dropped


def _rename(element: etree._Element, renamed: dict[str, str]) -> bool:
    """Point the element's references at the new ids of `renamed` elements; whether any was."""
    changed = False

    def new(value: str) -> str:
        return " ".join(renamed.get(v.rpartition(":")[2], v) for v in value.split())

    for item in element.iter():
        if not isinstance(item.tag, str) or namespace(item) != BPMN:
            continue
        for attr, value in list(item.attrib.items()):
            if _reference(attr) and new(value) != " ".join(value.split()):
                item.set(attr, new(value))
                changed = True
        text = item.text or ""
        if _reference(local(item)) and len(item) == 0 and new(text) != " ".join(text.split()):
            item.text = new(text)
            changed = True
    return changed


def repair_kept(
    fragments: list[str], ids: set[str], renamed: dict[str, str] | None = None
) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Kept XML without references to anything but `ids`, and what was left out.

    References to elements the import gave another id (`renamed`: an id too long or with
    characters a Verksam id cannot have) follow them to the new one.
    """
    out: list[str] = []
    dropped: list[tuple[str, str, str]] = []
    for xml in fragments:
        if "Ref" not in xml and "default=" not in xml:
            out.append(xml)  # refers to nothing (every reference's name ends in Ref or Refs)
            continue
        element = parse_kept(xml)
        moved = bool(renamed) and _rename(element, renamed or {})
        lost = drop_dangling(ids, [element])
        plain = is_event_definition(element) and plain_definition(element)
        if (lost or moved) and not _emptied(element) and not plain:
            out.append(str(etree.tostring(element, encoding="unicode")))
        elif not lost:
            out.append(xml)
        dropped += lost
    return out, dropped


def _emptied(element: etree._Element) -> bool:
    """Whether drop_dangling took the element itself away (it marks that by emptying it)."""
    return bool(element.get(_GONE) == "true")


def is_event_definition(element: etree._Element) -> bool:
    return namespace(element) == BPMN and local(element) in _DEFINITION_KINDS


def plain_definition(element: etree._Element) -> bool:
    """An event definition with nothing in it but its id: the node's `event` says all of it."""
    return len(element) == 0 and set(element.attrib) <= {"id"}


def _rank(order: list[str], tail: list[str], kind: str) -> float:
    if kind in order:
        return order.index(kind)
    if kind in tail:
        return 1000 + tail.index(kind)
    return 500 + (1 if kind in _ARTIFACTS else 0)  # flow elements, then artifacts


def order_children(element: etree._Element, kind: str) -> None:
    """Sort `element`'s children into the schema's order ('node', 'process', 'collaboration')."""
    if kind == "node":
        order, tail = _NODE_ORDER, []
    elif kind == "process":
        order, tail = _PROCESS_ORDER, _PROCESS_TAIL
    else:
        order, tail = _COLLABORATION_ORDER, []
    children = list(element)
    ranked = sorted(children, key=lambda c: _rank(order, tail, local(c)))
    if ranked != children:
        for child in children:
            element.remove(child)
        element.extend(ranked)
