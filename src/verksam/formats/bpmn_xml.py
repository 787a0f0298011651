"""Safe XML reading shared by the BPMN and ArchiMate importers, and the errors and notes they give.

Every interchange file is parsed without DTDs, entities or network access and with a size limit,
so an XML bomb, an external entity or a huge file is refused with a clear message before anything
is built. Problems name the file, the line and the element id.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

MAX_BYTES = 50 * 1024 * 1024
"""Largest interchange file read (50 MiB): real BPMN and ArchiMate models are a few MiB at most."""

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
VERKSAM = "https://verksam.org/bpmn"
"""Our extension namespace: times, probabilities and roles that BPMN has no attribute for."""


class InterchangeError(Exception):
    """An interchange file that cannot be imported; the message names file, line and element.

    `code` says what kind of problem it is and `params` its particulars (the element's kind, id
    and name, the reference...), so the web can say it in the user's language; the message is
    the English of the command line. Codes are listed in ERRORS.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str = "",
        line: int | None = None,
        element: str = "",
        code: str = "",
        params: dict[str, str] | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.element = element
        self.detail = message
        self.code = code
        self.params = params or {}
        where = file
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)


ERRORS: dict[str, str] = {
    "too-large": "the file is larger than the limit of {limit} MiB",
    "entities": "DOCTYPE and entity declarations are not allowed",
    "malformed": "malformed XML",
    "unreadable": "the file cannot be read",
    "not-bpmn": "not a BPMN 2.0 file",
    "not-archimate": "not an ArchiMate exchange file",
    "unknown-format": "neither a BPMN 2.0 file nor an ArchiMate exchange file",
    "duplicate-id": "two elements have the id '{id}'",
    "no-process": "the file holds no process or pool to import",
    "missing-reference": "an element refers to '{target}', which does not exist",
    "no-id": "an element has no id",
    "broken": "an element cannot be imported as it is (with --strict)",
    "not-vsdx": "not a Visio .vsdx file",
    "damaged": "a part of the drawing is missing or cannot be unpacked",
    "no-flow": "no page holds a flow (activities, decisions or events joined by connectors)",
}
"""The kinds of InterchangeError (`code`), each with its parameters, in the command line's words."""


@dataclass(frozen=True)
class Note:
    """Something in an imported file that Verksam did not keep (or kept differently), per element."""

    kind: str  # the element's XML name, e.g. boundaryEvent
    element: str  # its id (or name)
    reason: str
    line: int | None = None
    kept: bool = False  # kept as it was for export, though the case model has no place for it
    name: str = ""  # the element's name, when it has one
    code: str = ""  # the kind of note (Visio), worded by the web report in the user's language

    def __str__(self) -> str:
        where = f" (line {self.line})" if self.line is not None else ""
        label = f"{self.kind} '{self.element}'" + (f" ({self.name})" if self.name else "")
        return f"{'kept' if self.kept else 'unsupported'}: {label}{where}: {self.reason}"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_bytes(data: bytes, name: str = "<input>") -> etree._ElementTree:
    """Parse XML safely. Raises InterchangeError for bad XML, DTDs/entities or too much data."""
    if len(data) > MAX_BYTES:
        raise InterchangeError(
            f"the file is {len(data) / 2**20:.0f} MiB; the limit is {MAX_BYTES // 2**20} MiB",
            file=name,
            code="too-large",
            params={"limit": str(MAX_BYTES // 2**20)},
        )
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        line = data[: data.find(b"<!")].count(b"\n") + 1
        raise InterchangeError(
            "DOCTYPE and entity declarations are not allowed (they can expand to huge documents "
            "or read other files)",
            file=name,
            line=line,
            code="entities",
        )
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        where: int | None = exc.lineno or None
        msg = exc.msg or str(exc)
        raise InterchangeError(
            f"malformed XML: {msg}", file=name, line=where, code="malformed"
        ) from None
    if tree.docinfo.doctype:
        raise InterchangeError(
            "DOCTYPE declarations are not allowed", file=name, line=1, code="entities"
        )
    return tree


def parse_file(path: str | Path) -> etree._ElementTree:
    """Parse an XML file safely, checking its size before reading it. Raises InterchangeError."""
    name = str(path)
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise InterchangeError(
            f"cannot read the file: {exc.strerror}", file=name, code="unreadable"
        ) from None
    if size > MAX_BYTES:
        raise InterchangeError(
            f"the file is {size / 2**20:.0f} MiB; the limit is {MAX_BYTES // 2**20} MiB "
            "(is it really a model file?)",
            file=name,
            code="too-large",
            params={"limit": str(MAX_BYTES // 2**20)},
        )
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InterchangeError(
            f"cannot read the file: {exc.strerror}", file=name, code="unreadable"
        ) from None
    return parse_bytes(data, name)


def local(element: etree._Element) -> str:
    """The element's name without its namespace ('' for comments and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    return tag[1:].partition("}")[0]
