"""What a Visio shape is: its kind of flowchart or BPMN element, and the type it records.

Visio keeps no BPMN model, only shapes. What a shape stands for is read, in this order, from its
shape data (the `Bpmn…` rows of Microsoft's BPMN stencil, e.g. `BpmnGatewayType = Parallel`), from
its master's name (`Parallel Gateway`, `Timer Start Event`, `Document`, `Database`...), and from the
path of the icon an add-in drew in it (the itp-commerce add-in draws `task_user.emf` into a user
task). A gateway or event whose marker is only a picture is read from its label when the label
names the type (`Parallel Gateway`, `Start Event Timer`); a flowchart decision is exclusive.
`verksam.formats.visio` uses this to turn a page into a process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from verksam.formats.visio_parts import Page, Shape

# Kinds, matched on the master's universal and local name and the shape's categories (lower case,
# without Visio's ".12" suffixes). The first pattern that matches wins.
_KINDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "ignore",
        re.compile(
            r"swimlane list|phase list|separator|\bphase\b|theme"
            r"|^solid$|title|legend|^message( message)?$"
        ),
    ),
    ("lane", re.compile(r"pool / lane")),
    # A cross-functional flowchart's frame holds its lanes as a pool does: one process each.
    ("pool", re.compile(r"\bpool\b|black-box|participant|cff container")),
    ("lane", re.compile(r"swimlane|\blane\b|functional band")),
    ("group", re.compile(r"^group\b")),
    ("annotation", re.compile(r"annotation|\bnote\b|comment|callout")),
    ("data-store", re.compile(r"data ?store|database|stored data|direct data|external data")),
    ("data-object", re.compile(r"data object|document|^data\b")),
    ("gateway", re.compile(r"decision|gateway|diamond")),
    ("terminator", re.compile(r"start/end|terminator")),
    ("start", re.compile(r"^start|start event")),
    ("end", re.compile(r"^end\b|end event")),
    ("event", re.compile(r"intermediate|event")),
    ("call", re.compile(r"call activity|call collapsed")),
    ("subprocess", re.compile(r"sub-?process|predefined process|transaction")),
    ("task", re.compile(r"process|task|activity|rectangle|square|processblock|rounded")),
]
_MESSAGES = re.compile(r"message flow|message connector")
_ASSOCIATIONS = re.compile(r"association")
EXPANDED = re.compile(r"expanded")

NODE_KINDS = frozenset(
    {"task", "call", "subprocess", "gateway", "terminator", "start", "end", "event"}
)
DATA_KINDS = frozenset({"data-object", "data-store"})

# Gateway and event types by the words that name them: in shape data and master names (English),
# and in labels (also Swedish and Norwegian).
GATEWAY_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("event-gateway", re.compile(r"event|händelse|hendelse")),
    ("and", re.compile(r"parallel|\band\b")),
    ("complex", re.compile(r"complex|komplex|kompleks")),
    ("or", re.compile(r"inclusive|inkluder|\bor\b")),
    ("xor", re.compile(r"exclusive|exklusiv|eksklusiv|\bxor\b|data-based|decision|beslut")),
]
EVENT_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("multiple", re.compile(r"multiple|flera|flere")),
    (
        "timer",
        re.compile(
            r"timer|\btid\b|\d+\s*(days?|dagar|dager|weeks?|veckor|uker|hours?"
            r"|timmar|minutes?|minuter)\b"
        ),
    ),
    ("message", re.compile(r"message|meddelande|melding")),
    ("signal", re.compile(r"signal")),
    ("conditional", re.compile(r"condition|villkor|vilkår")),
    ("error", re.compile(r"error|exception|\bfel\b|\bfeil\b")),
    ("escalation", re.compile(r"escalat|eskaler")),
    ("compensation", re.compile(r"compensat|kompens")),
    ("terminate", re.compile(r"terminat")),
    ("link", re.compile(r"\blink\b|länk|lenke")),
    ("cancel", re.compile(r"cancel|avbryt")),
]
TASK_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("business-rule", re.compile(r"business ?_?rule")),
    ("user", re.compile(r"\buser\b|task_user")),
    ("service", re.compile(r"service")),
    ("send", re.compile(r"\bsend\b|task_send")),
    ("receive", re.compile(r"receive")),
    ("manual", re.compile(r"manual")),
    ("script", re.compile(r"script")),
]


def names(shape: Shape) -> str:
    """The master's universal and local name and the shape's categories, in lower case."""
    return f"{shape.name} {shape.alias} {shape.categories}".lower().strip()


def kind(shape: Shape) -> str:
    """What the shape is: one of the kinds above, 'connector', 'message', 'association' or
    'other'."""
    name = names(shape)
    if shape.one_d:
        if _MESSAGES.search(name):
            return "message"
        return "association" if _ASSOCIATIONS.search(name) else "connector"
    for found, pattern in _KINDS:
        if pattern.search(name):
            return found
    return "other"


def prop(shape: Shape, *words: str) -> str:
    """The value of the first shape data row whose name holds one of the words (lower case)."""
    for key, value in shape.props.items():
        if value and any(word in key.lower() for word in words):
            return value.lower()
    return ""


def _first(text: str, table: list[tuple[str, re.Pattern[str]]]) -> str | None:
    for found, pattern in table:
        if pattern.search(text):
            return found
    return None


def has_marker(page: Page, shape: Shape) -> bool:
    """Whether an add-in drew a marker picture into the shape (the itp-commerce add-in does)."""
    return any("marker" in page.shapes[c].name.lower() for c in shape.children
               if "collapsed" not in page.shapes[c].name.lower())  # fmt: skip


@dataclass
class Read:
    """A type read from a shape and where it was read from: data, name, label or none."""

    value: str
    source: str


def gateway_type(page: Page, shape: Shape) -> Read:
    """'xor', 'and', 'or', 'complex' or 'event-gateway'; source 'none' when only guessed."""
    data = prop(shape, "gatewaytype", "gateway type")
    if data and (found := _first(data, GATEWAY_WORDS)):
        return Read(found, "data")
    if found := _first(f"{shape.name} {shape.alias}".lower(), GATEWAY_WORDS[:4]):
        return Read(found, "name")
    if has_marker(page, shape):
        if found := _first(shape.text.lower(), GATEWAY_WORDS):
            return Read(found, "label")
        return Read("xor", "none")  # a marker we cannot read: the caller looks further
    return Read("xor", "name")  # a plain diamond: an exclusive decision


def event_definition(page: Page, shape: Shape) -> Read:
    """The event's definition ('none', 'timer', 'message'...)."""
    data = prop(shape, "triggerorresult", "trigger", "result")
    if data:
        if "parallel multiple" in data:
            return Read("multiple", "data")
        return Read(_first(data, EVENT_WORDS) or "none", "data")
    if found := _first(f"{shape.name} {shape.alias}".lower(), EVENT_WORDS):
        return Read(found, "name")
    if has_marker(page, shape):
        if found := _first(shape.text.lower(), EVENT_WORDS):
            return Read(found, "label")
        return Read("none", "none")
    return Read("none", "name")


def task_kind(page: Page, shape: Shape) -> str:
    """'task', 'user', 'service'... from shape data, the master's name or the add-in's icon."""
    data = prop(shape, "tasktype", "task type")
    icons = " ".join(page.shapes[c].props.get("path", "").lower() for c in shape.children)
    for text in (data, f"{shape.name} {shape.alias}".lower(), icons):
        if found := _first(text, TASK_WORDS):
            return found
    return "task"


def throwing(shape: Shape) -> bool:
    """An intermediate event that sends (BPMN stencil data, or a 'throw'/'send' master)."""
    text = f"{prop(shape, 'eventtype', 'event type')} {shape.name} {shape.alias}".lower()
    return bool(re.search(r"throw|\bsend\b", text))


def expanded(shape: Shape) -> bool:
    """A sub-process or call activity drawn open, with its content inside."""
    collapsed = prop(shape, "iscollapsed", "collapsed")
    if collapsed:
        return collapsed in ("0", "false", "no")
    return bool(EXPANDED.search(names(shape)))
