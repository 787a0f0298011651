"""The import report in the user's language: what was kept as it was, repaired or left out.

The importers' notes are in English for the command line; here they are sorted into those three
groups and each element is named by its kind in words and its name, the way the case shows it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verksam.formats.bpmn_xml import InterchangeError, Note
from verksam.formats.steplist import MESSAGES, StepProblem

SHOWN = 12  # items named per group; the rest are counted

KINDS: dict[str, Promise] = {
    "task": gettext_lazy("task"), "userTask": gettext_lazy("user task"),
    "manualTask": gettext_lazy("manual task"), "serviceTask": gettext_lazy("service task"),
    "sendTask": gettext_lazy("send task"), "receiveTask": gettext_lazy("receive task"),
    "scriptTask": gettext_lazy("script task"),
    "businessRuleTask": gettext_lazy("business rule task"),
    "callActivity": gettext_lazy("call activity"), "subProcess": gettext_lazy("sub-process"),
    "startEvent": gettext_lazy("start event"), "endEvent": gettext_lazy("end event"),
    "boundaryEvent": gettext_lazy("boundary event"),
    "intermediateCatchEvent": gettext_lazy("intermediate event"),
    "intermediateThrowEvent": gettext_lazy("intermediate event"),
    "exclusiveGateway": gettext_lazy("gateway"), "gateway": gettext_lazy("gateway"),
    "sequenceFlow": gettext_lazy("sequence flow"),
    "messageFlow": gettext_lazy("message flow"), "association": gettext_lazy("association"),
    "textAnnotation": gettext_lazy("text annotation"), "group": gettext_lazy("group"),
    "lane": gettext_lazy("lane"), "dataObject": gettext_lazy("data object"),
    "dataObjectReference": gettext_lazy("data object"),
    "dataStoreReference": gettext_lazy("data store"), "dataStore": gettext_lazy("data store"),
    "ioSpecification": gettext_lazy("inputs and outputs of a task"),
    "property": gettext_lazy("property"),
    "standardLoopCharacteristics": gettext_lazy("loop marker"),
    "multiInstanceLoopCharacteristics": gettext_lazy("multi-instance marker"),
    "timerEventDefinition": gettext_lazy("timer of an event"),
    "messageEventDefinition": gettext_lazy("message of an event"),
    "signalEventDefinition": gettext_lazy("signal of an event"),
    "errorEventDefinition": gettext_lazy("error of an event"),
    "escalationEventDefinition": gettext_lazy("escalation of an event"),
    "conditionalEventDefinition": gettext_lazy("condition of an event"),
    "compensateEventDefinition": gettext_lazy("compensation of an event"),
    "message": gettext_lazy("message definition"), "signal": gettext_lazy("signal definition"),
    "error": gettext_lazy("error definition"),
    "escalation": gettext_lazy("escalation definition"),
    "itemDefinition": gettext_lazy("data type"), "import": gettext_lazy("import"),
    "category": gettext_lazy("category"), "resource": gettext_lazy("resource"),
    "potentialOwner": gettext_lazy("responsible person"),
    "performer": gettext_lazy("performer"), "globalTask": gettext_lazy("global task"),
    "eventDefinitionRef": gettext_lazy("event definition"),
    "view": gettext_lazy("view"), "column": gettext_lazy("column"),
    "relationship": gettext_lazy("relationship"),
}  # fmt: skip


# Visio notes by their code: what happened to the shapes listed after the colon.
VISIO: dict[str, Promise] = {
    "empty": gettext_lazy("Empty shapes that no connector joins were not imported: %(items)s."),
    "not-flowchart": gettext_lazy(
        "Shapes that are not flowchart or BPMN shapes were not imported: %(items)s."
    ),
    "dangling": gettext_lazy(
        "Connectors that join no step at one end were not imported: %(items)s."
    ),
    "crosses": gettext_lazy(
        "Sequence flows from one pool to another, or into a sub-process, were not imported "
        "(BPMN does not allow them): %(items)s."
    ),
    "message-inside": gettext_lazy(
        "Message flows that do not join two pools were not imported: %(items)s."
    ),
    "association": gettext_lazy("Associations that join no step were not imported: %(items)s."),
    "gateway-guessed": gettext_lazy(
        "The type of these gateways is drawn only as a picture, so they were imported as "
        "exclusive gateways — check them: %(items)s."
    ),
    "gateway-event": gettext_lazy(
        "These gateways were imported as event-based, because every way out of them waits for "
        "an event: %(items)s."
    ),
    "event-guessed": gettext_lazy(
        "The kind of these events is drawn only as a picture, so they were imported as plain "
        "events — check them: %(items)s."
    ),
    "complex": gettext_lazy("Complex gateways were imported as inclusive gateways: %(items)s."),
    "middle": gettext_lazy(
        "Start/end, document or data shapes in the middle of the flow were imported as steps: "
        "%(items)s."
    ),
    "page-empty": gettext_lazy("Pages without a flow were not imported: %(items)s."),
}


# Why a file was refused, by the importer's code (verksam.formats.bpmn_xml.ERRORS); %(element)s
# names the element in words (its kind and name), never by its id.
ERRORS: dict[str, Promise] = {
    "too-large": gettext_lazy(
        "The file is larger than %(limit)s MiB, the largest file that can be imported."
    ),
    "entities": gettext_lazy(
        "The file declares a DOCTYPE or entities, which are not allowed (they can read other "
        "files or grow without end)."
    ),
    "malformed": gettext_lazy("The file is not well-formed XML."),
    "unreadable": gettext_lazy("The file cannot be read."),
    "not-bpmn": gettext_lazy("The file is not a BPMN 2.0 model."),
    "not-archimate": gettext_lazy("The file is not an ArchiMate exchange file."),
    "unknown-format": gettext_lazy(
        "The file is neither a BPMN 2.0 model nor an ArchiMate exchange file."
    ),
    "duplicate-id": gettext_lazy(
        "%(element)s has the same identifier as an element before it; each element needs its own."
    ),
    "no-process": gettext_lazy("The file holds no process or pool to import."),
    "missing-reference": gettext_lazy("%(element)s refers to something the file does not have."),
    "no-id": gettext_lazy("%(element)s has no identifier."),
    "broken": gettext_lazy("%(element)s cannot be imported as it is."),
    "not-vsdx": gettext_lazy("The file is not a Visio drawing (.vsdx)."),
    "damaged": gettext_lazy(
        "The drawing is damaged: a part of the file is missing or cannot be unpacked. Open it in "
        "Visio, save it again and import the new file."
    ),
    "no-flow": gettext_lazy(
        "No page of the drawing holds a process: steps, decisions or events joined by connectors. "
        "Join the shapes with connectors in Visio, or map the process in the step table."
    ),
}


def error_text(exc: InterchangeError) -> str:
    """Why an interchange file was refused, in the user's language, with the line and element."""
    sentence = ERRORS.get(exc.code)
    if sentence is None:
        message = _("The file cannot be imported.")
    else:
        kind, name = exc.params.get("kind", ""), exc.params.get("name", "")
        word = str(KINDS.get(kind, _("element"))) if kind else _("an element")
        element = f"{word} {_('“%(name)s”') % {'name': name}}" if name else word
        values = {**exc.params, "element": element[:1].upper() + element[1:]}
        message = str(sentence) % values
    if exc.line:
        return f"{_('line %(line)s') % {'line': exc.line}}: {message}"
    return message


def _item(note: Note) -> str:
    if ": shape " in note.element:  # a Visio shape: its text, or its kind of shape
        word = str(KINDS.get(note.kind, _("shape")))
        page = note.element.partition(": shape ")[0]
        named = f"{word} {_('“%(name)s”') % {'name': note.name}}" if note.name else word
        return _("%(shape)s on the page “%(page)s”") % {"shape": named, "page": page}
    word = str(KINDS.get(note.kind, _("element")))
    if note.kind == "column":
        return f"{word} “{note.element}”"
    return f"{word} “{note.name}”" if note.name else word


def _listed(items: list[str]) -> str:
    unique = list(dict.fromkeys(items))
    shown = ", ".join(unique[:SHOWN])
    if len(unique) > SHOWN:
        shown += " " + _("and %(count)s more") % {"count": len(unique) - SHOWN}
    return shown


def report(notes: Sequence[Note]) -> list[str]:
    """At most six sentences: kept, left out, repaired, not imported, other tools' settings, views.

    A Visio drawing's notes instead get a sentence per kind of note (see VISIO).
    """
    if any(n.code for n in notes):
        return _visio_report(notes)
    kept = [_item(n) for n in notes if n.kept]
    repaired = [_item(n) for n in notes if not n.kept and n.reason.startswith("left out:")]
    fixed = [_item(n) for n in notes if not n.kept and n.reason.startswith("repaired:")]
    foreign = [n for n in notes if n.kind == "extensionElements"]
    views = [n for n in notes if n.kind == "view"]
    rest = [
        _item(n) for n in notes
        if not n.kept and not n.reason.startswith(("left out:", "repaired:"))
        and n.kind not in ("extensionElements", "view")
    ]  # fmt: skip
    lines = []
    if kept:
        lines.append(
            _("Kept as it was, for the next BPMN export (the case has no place for it): %(items)s.")
            % {"items": _listed(kept)}
        )
    if repaired:
        lines.append(
            _("Left out because it refers to something the file does not have: %(items)s.")
            % {"items": _listed(repaired)}
        )
    if fixed:
        lines.append(
            _("Repaired so that the model is valid BPMN: %(items)s.") % {"items": _listed(fixed)}
        )
    if rest:
        lines.append(_("Not imported: %(items)s.") % {"items": _listed(rest)})
    if foreign:
        lines.append(_("Settings that only the modelling tool the file came from reads were "
                       "not imported."))  # fmt: skip
    if views:
        lines.append(_("The file's views were not imported: Verksam draws its own diagrams."))
    return lines


def step_problem_text(problem: StepProblem) -> str:
    """A step list problem in the user's language, with its line and column."""
    message = _(MESSAGES[problem.code]).format(**problem.params)
    if problem.line and problem.column:
        place = _("line %(line)s, column %(column)s") % {
            "line": problem.line,
            "column": problem.column,
        }
    elif problem.line:
        place = _("line %(line)s") % {"line": problem.line}
    else:
        return message
    return f"{place}: {message}"


def _visio_report(notes: Sequence[Note]) -> list[str]:
    lines = []
    for code, sentence in VISIO.items():
        listed = [n for n in notes if n.code == code]
        if not listed:
            continue
        if code == "page-empty":
            items = [_("“%(name)s”") % {"name": n.element} for n in listed]
        else:
            items = [_item(n) for n in listed]
        lines.append(str(sentence) % {"items": _listed(items)})
    return lines
