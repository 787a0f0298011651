"""Shared parts of the BPMN reader: element names, XML helpers, ids, errors and notes."""

from __future__ import annotations

import re
from typing import NoReturn

from lxml import etree

from verksam.formats.bpmn_kept import keep
from verksam.formats.bpmn_xml import (
    BPMN,
    VERKSAM,
    InterchangeError,
    Note,
    local,
    namespace,
)
from verksam.model import (
    BpmnKept,
    InformationObject,
    ItSystem,
    Process,
    Role,
    Unit,
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
    "dataInputAssociation", "dataOutputAssociation", "conditionExpression",
}  # fmt: skip
_ID_BAD = re.compile(r"[^A-Za-z0-9_.\-]")


_PADDING = re.compile(r"^[ \t]*\n\s*|\s*\n[ \t]*$")


def _text(element: etree._Element | None) -> str:
    """The element's text without the line breaks and indentation pretty-printing puts around it.

    Other leading or trailing spaces are the author's and stay, so a round trip keeps them.
    """
    return _PADDING.sub("", "".join(element.itertext())) if element is not None else ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return list(element.iterchildren(f"{{{BPMN}}}{name}"))


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next(element.iterchildren(f"{{{BPMN}}}{name}"), None)


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


def _strip_prefix(value: str) -> str:
    """A QName reference ('tns:Process_1') names an id in this file; drop the prefix."""
    return value.rpartition(":")[2] if ":" in value else value


class _Base:
    """State and helpers every part of the reader shares."""

    def __init__(self, tree: etree._ElementTree, name: str, strict: bool = False) -> None:
        self.root = tree.getroot()
        self.repair = not strict
        self.deferred_calls: list[tuple[etree._Element, str]] = []
        self.lane_of: dict[str, str] = {}
        self.name = name
        self.notes: list[Note] = []
        self.by_id: dict[str, etree._Element] = {}
        self.case_ids: set[str] = set()  # case-level ids in use (processes, roles, units, info)
        self.kept_case = BpmnKept()
        self.kept_elements: set[etree._Element] = set()  # kept as XML, vendor extensions and all
        self.kept_data: set[str] = set()  # ids of data objects, stores and references kept
        self.made_ids: set[str] = set()  # ids given to elements the import adds to kept XML
        self.process_of: dict[str, str] = {}  # BPMN element id -> Process id holding it
        self.inner_process: dict[str, str] = {}  # BPMN sub-process id -> Process of its content
        self.node_ids: dict[str, str] = {}  # BPMN flow-node id -> node id in the case
        self.processes: list[Process] = []
        self.roles: dict[str, Role] = {}  # by lane name
        self.units: dict[str, Unit] = {}
        self.information: dict[str, InformationObject] = {}  # by BPMN dataObject/dataStore id
        self.info_alias: dict[str, str] = {}  # reference id -> information id
        self.systems: dict[str, ItSystem] = {}

    # --- helpers --------------------------------------------------------------------------------
    def fail(
        self,
        message: str,
        element: etree._Element | None = None,
        eid: str = "",
        *,
        code: str = "broken",
        params: dict[str, str] | None = None,
    ) -> NoReturn:
        """Refuse the file: `code` (see ERRORS) and the element's kind and name for the web."""
        line = element.sourceline if element is not None else None
        named = (
            {"kind": local(element), "name": element.get("name", "")} if element is not None else {}
        )
        raise InterchangeError(
            message,
            file=self.name,
            line=line,
            element=eid,
            code=code,
            params={"id": eid, **named, **(params or {})},
        )

    def note(self, element: etree._Element, reason: str) -> None:
        ident = element.get("id") or element.get("name") or ""
        name = element.get("name", "") if element.get("id") else ""
        self.notes.append(Note(local(element), ident, reason, element.sourceline, name=name))

    def keep(self, element: etree._Element, into: list[str], reason: str = "") -> None:
        """Keep the element as XML for export, and say so in the report."""
        into.append(keep(element))
        self.kept_elements.add(element)
        ident = element.get("id") or element.get("name") or ""
        name = element.get("name", "") if element.get("id") else ""
        self.notes.append(
            Note(
                local(element),
                ident,
                reason or "not part of the case model; kept unchanged for export",
                element.sourceline,
                kept=True,
                name=name,
            )
        )

    def blank_documentation(self, element: etree._Element) -> list[str]:
        """Documentation without text (a vendor's markup only), kept as XML: it has no place in
        the model's text, and a round trip keeps every element."""
        kept = []
        for doc in _children(element, "documentation"):
            if not _text(doc):
                kept.append(keep(doc))
                self.kept_elements.add(doc)
        return kept

    def claim(self, raw: str, taken: set[str]) -> str:
        """A valid, unused Verksam id as close to `raw` as possible."""
        # The whole id when it fits (kept XML refers to it), shortened only to make room for a
        # number that tells it from one already taken.
        base = _ID_BAD.sub("_", raw)[:100] or "_"
        if not (base[0].isalpha() or base[0] == "_"):
            base = f"_{base}"[:100]
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base[:90]}-{n}", n + 1
        taken.add(candidate)
        return candidate

    def repair_or_fail(self, problem: str, element: etree._Element, eid: str) -> None:
        """Leave the element out with a note, or (strict) refuse the file."""
        if not self.repair:
            self.fail(problem, element, eid)
        name = element.get("name", "")
        self.notes.append(
            Note(local(element), eid, f"left out: {problem}", element.sourceline, name=name)
        )

    def ref(self, element: etree._Element, attr: str) -> etree._Element:
        """The element `attr` refers to; a dangling reference is an error."""
        target = self.find(element, attr, repairable=False)
        assert target is not None
        return target

    def find(
        self, element: etree._Element, attr: str, *, repairable: bool = True, kept: bool = False
    ) -> etree._Element | None:
        """The element `attr` refers to; when repairing, None (with a note) if it is missing.

        `kept`: the element is kept as XML, and the repair of kept XML says what was left out.
        """
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
            code = "missing-reference" if value else "broken"
            self.fail(problem, element, eid, code=code, params={"target": value or ""})
        if kept:
            return None
        name = element.get("name", "")
        self.notes.append(
            Note(local(element), eid, f"left out: {problem}", element.sourceline, name=name)
        )
        return None

    # --- whole file -----------------------------------------------------------------------------
