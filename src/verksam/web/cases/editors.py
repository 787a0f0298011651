"""Editors beside the diagrams of each view page: tables of elements whose every cell is one edit
operation (with the revision the page showed as its base), plus forms to add and remove elements.

A *table* edits one list of the case document (`structure/roles`, `processes/P/variants/V/nodes`);
its *columns* say which field each cell changes and how the text typed is turned into a value.
Validation problems are put next to the cell (or row) their path names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format, sanitize_separators
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from verksam.model import Case
from verksam.web.cases import operations
from verksam.web.cases.services import ShownProblem, slugify

Choices = list[tuple[str, str]]


# Translated labels of the model's fixed choices (Literal values); unknown values show as they are.
CHOICE_LABELS: dict[str, Any] = {
    "overarching": _("overarching"), "operational": _("operational"), "sub": _("sub-goal"),
    "qualitative": _("qualitative"), "quantitative": _("quantitative"),
    "internal": _("internal"), "external": _("external"), "citizen": _("citizen"),
    "people": _("people"), "physical": _("physical"), "information": _("information"),
    "abstract": _("abstract"), "document": _("document"), "record": _("record"),
    "data-store": _("data store"), "message": _("message"),
    "as-is": _("as-is"), "to-be": _("to-be"), "alternative": _("alternative"),
    "start": _("start event"), "end": _("end event"), "task": _("activity"),
    "subprocess": _("sub-process"), "xor": _("exclusive choice (XOR)"),
    "and": _("parallel (AND)"), "or": _("inclusive choice (OR)"),
    "event-gateway": _("event-based choice"), "event": _("intermediate event"),
    "sync": _("synchronous"), "async": _("asynchronous"), "reply": _("reply"),
    "initial": _("initial"), "normal": _("normal"), "final": _("final"),
    "cash-releasing": _("cash-releasing"), "reallocation": _("reallocation"),
    "other-public": _("other public benefit"), "non-monetised": _("non-monetised"),
    "planned": _("planned"), "in-progress": _("in progress"), "realised": _("realised"),
    "partly-realised": _("partly realised"), "not-realised": _("not realised"),
    "cancelled": _("cancelled"), "investment": _("investment"), "running": _("running"),
    "low": pgettext_lazy("level", "low"), "medium": pgettext_lazy("level", "medium"),
    "high": pgettext_lazy("level", "high"),
    "negative": _("negative"), "neutral": _("neutral"), "positive": _("positive"),
    "manage-closely": _("manage closely"), "keep-satisfied": _("keep satisfied"),
    "keep-informed": _("keep informed"), "monitor": _("monitor"),
    "not-started": _("not started"), "met": _("met"), "not-met": _("not met"),
    "working-days": _("working days"), "calendar-days": _("calendar days"), "hours": _("hours"),
}  # fmt: skip


def fixed(*values: str) -> Callable[[Case, dict[str, Any]], Choices]:
    return lambda case, scope: [(v, str(CHOICE_LABELS.get(v, v))) for v in values]


def elements(getter: Callable[[Case, dict[str, Any]], list[Any]]) -> Callable[..., Choices]:
    """Choices naming elements of the case (id, name) found by `getter`."""
    return lambda case, scope: [(e.id, _label_of(e)) for e in getter(case, scope) if e.id]


def _label_of(element: Any) -> str:
    """What to call an element in a choice: its label, else its name or reference, else its id."""
    label = getattr(element, "label", None) if "label" in dir(type(element)) else None
    return str(label or getattr(element, "name", "") or getattr(element, "ref", "") or element.id)


def _goals(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.vision.goals if case.vision else []


def _problems(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.vision.problems if case.vision else []


def _units(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.structure.units if case.structure else []


def _roles(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.structure.roles if case.structure else []


def _systems(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.structure.systems if case.structure else []


def _information(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.structure.information if case.structure else []


def _effect_goals(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.effect_map.effect_goals if case.effect_map else []


def _target_groups(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.effect_map.target_groups if case.effect_map else []


def _needs(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.effect_map.needs if case.effect_map else []


def _lanes(case: Case, scope: dict[str, Any]) -> list[Any]:
    return scope["variant"].lanes if "variant" in scope else []


def _nodes(case: Case, scope: dict[str, Any]) -> list[Any]:
    return scope["variant"].nodes if "variant" in scope else []


def _participants(case: Case, scope: dict[str, Any]) -> list[Any]:
    return scope["sequence"].participants if "sequence" in scope else []


def _states(case: Case, scope: dict[str, Any]) -> list[Any]:
    return scope["machine"].states if "machine" in scope else []


def _processes(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.processes


def _process_nodes(case: Case, scope: dict[str, Any]) -> list[Any]:
    """Activities and events of the declaration's process (its first variant), for promises."""
    process = next((p for p in case.processes if p.id == scope.get("process_id")), None)
    return process.variants[0].nodes if process and process.variants else []


def _benefit_list(key: str) -> Callable[[Case, dict[str, Any]], list[Any]]:
    return lambda case, scope: list(getattr(case.benefits, key)) if case.benefits else []


@dataclass(frozen=True)
class Column:
    """One editable field of the elements in a table.

    kind: text, longtext, number (float), integer, bool, choice, refs (several ids), date.
    """

    key: str
    label: Any
    kind: str = "text"
    choices: Callable[[Case, dict[str, Any]], Choices] | None = None
    optional: bool = True  # an empty cell removes the value (None); otherwise numbers become 0
    unit: Any = ""


@dataclass(frozen=True)
class Table:
    """An editable list of elements: where it is (relative to the page's scope) and its columns."""

    key: str
    title: Any
    path: str
    columns: tuple[Column, ...]
    add_label: Any
    defaults: dict[str, Any] = field(default_factory=dict)
    add_columns: tuple[str, ...] = ()  # columns asked for in the add form besides the name
    name_key: str = "name"


NAME = Column("name", _("Name"))
DESCRIPTION = Column("description", _("Description"), "longtext")

GOALS = Table(
    "goals", _("Goals"), "vision/goals",
    (NAME, Column("parent", _("Part of"), "choice", elements(_goals)),
     Column("level", _("Level"), "choice", fixed("overarching", "operational", "sub"), False),
     Column("kind", _("Kind"), "choice", fixed("qualitative", "quantitative"), False),
     Column("indicator", _("Indicator")), Column("unit", _("Unit")),
     Column("baseline", _("Baseline"), "number"), Column("target", _("Target"), "number"),
     Column("deadline", _("Deadline"), "date")),
    _("Add goal"), add_columns=("parent",),
)  # fmt: skip
PROBLEMS = Table(
    "problems", _("Problems that block goals"), "vision/problems",
    (NAME, Column("blocks", _("Blocks goals"), "refs", elements(_goals)),
     Column("causes", _("Caused by"), "refs", elements(_problems)), DESCRIPTION),
    _("Add problem"),
)  # fmt: skip
EFFECT_GOALS = Table(
    "effect-goals", _("Effect goals"), "effect_map/effect_goals",
    (NAME, Column("indicator", _("Indicator")), Column("unit", _("Unit")),
     Column("baseline", _("Baseline"), "number"), Column("target", _("Target"), "number"),
     Column("deadline", _("Deadline"), "date"), Column("goal", _("Serves goal"), "choice", elements(_goals))),
    _("Add effect goal"),
)  # fmt: skip
TARGET_GROUPS = Table(
    "target-groups", _("Target groups"), "effect_map/target_groups",
    (NAME, Column("effect_goals", _("Effect goals"), "refs", elements(_effect_goals)), DESCRIPTION),
    _("Add target group"),
)  # fmt: skip
NEEDS = Table(
    "needs", _("Needs and behaviour changes"), "effect_map/needs",
    (NAME, Column("target_group", _("Target group"), "choice", elements(_target_groups), False),
     Column("measure", _("Measured by"))),
    _("Add need"), add_columns=("target_group",),
)  # fmt: skip
DELIVERABLES = Table(
    "deliverables", _("Deliverables"), "effect_map/deliverables",
    (NAME, Column("needs", _("Meets needs"), "refs", elements(_needs)), DESCRIPTION),
    _("Add deliverable"),
)  # fmt: skip
UNITS = Table(
    "units", _("Organisation units"), "structure/units",
    (NAME, Column("parent", _("Part of"), "choice", elements(_units)),
     Column("kind", _("Kind"), "choice", fixed("internal", "external", "citizen"), False), DESCRIPTION),
    _("Add unit"),
)  # fmt: skip
ROLES = Table(
    "roles", _("Roles"), "structure/roles",
    (NAME, Column("unit", _("Unit"), "choice", elements(_units)),
     Column("fte", _("FTE"), "number"), Column("cost_per_hour", _("Cost per hour"), "number"),
     Column("capacity", _("People available"), "integer"), Column("external", _("External"), "bool")),
    _("Add role"), add_columns=("unit",),
)  # fmt: skip
RESOURCES = Table(
    "resources", _("Resources"), "structure/resources",
    (NAME, Column("kind", _("Kind"), "choice", fixed("people", "physical", "information", "abstract"), False), DESCRIPTION),
    _("Add resource"),
)  # fmt: skip
SYSTEMS = Table(
    "systems", _("IT systems"), "structure/systems",
    (NAME, Column("vendor", _("Vendor")), Column("owner", _("Owner"), "choice", elements(_units)), DESCRIPTION),
    _("Add IT system"),
)  # fmt: skip
INFORMATION = Table(
    "information", _("Information objects"), "structure/information",
    (NAME, Column("kind", _("Kind"), "choice", fixed("document", "record", "data-store", "message"), False),
     Column("system", _("Kept in"), "choice", elements(_systems)),
     Column("personal_data", _("Personal data"), "bool")),
    _("Add information object"),
)  # fmt: skip
LANES = Table(
    "lanes", _("Lanes"), "lanes",
    (NAME, Column("role", _("Role"), "choice", elements(_roles)), Column("unit", _("Unit"), "choice", elements(_units))),
    _("Add lane"), add_columns=("role",),
)  # fmt: skip
ACTIVITIES = Table(
    "activities", _("Activities"), "nodes",
    (NAME,
     Column("type", _("Type"), "choice", fixed("task", "subprocess", "xor", "and", "or", "start", "end", "event"), False),
     Column("lane", _("Lane"), "choice", elements(_lanes)),
     Column("touch_minutes", _("Touch time"), "number", optional=False, unit=_("min")),
     Column("waiting_hours", _("Waiting time"), "number", optional=False, unit=_("h")),
     Column("value_adding", _("Value-adding"), "bool")),
    _("Add activity"), defaults={"type": "task"}, add_columns=("lane",),
)  # fmt: skip
PARTICIPANTS = Table(
    "participants", _("Participants"), "participants",
    (NAME, Column("ref", _("Unit or role"), "choice",
                  lambda case, scope: elements(_units)(case, scope) + elements(_roles)(case, scope))),
    _("Add participant"),
)  # fmt: skip
MESSAGES = Table(
    "messages", _("Messages (in order)"), "messages",
    (Column("label", _("Message")),
     Column("source", _("From"), "choice", elements(_participants), False),
     Column("target", _("To"), "choice", elements(_participants), False),
     Column("handover", _("Hands over")),
     Column("information", _("Information object"), "choice", elements(_information)),
     Column("kind", _("Kind"), "choice", fixed("sync", "async", "reply"), False)),
    _("Add message"), add_columns=("source", "target"), name_key="label",
)  # fmt: skip
STATES = Table(
    "states", _("States"), "states",
    (NAME, Column("kind", _("Kind"), "choice", fixed("initial", "normal", "final"), False), DESCRIPTION),
    _("Add state"),
)  # fmt: skip
TRANSITIONS = Table(
    "transitions", _("Transitions"), "transitions",
    (Column("event", _("Event")),
     Column("source", _("From"), "choice", elements(_states), False),
     Column("target", _("To"), "choice", elements(_states), False),
     Column("guard", _("Condition")), Column("action", _("Action"))),
    _("Add transition"), add_columns=("source", "target"), name_key="event",
)  # fmt: skip
BENEFITS = Table(
    "benefits", _("Benefits"), "benefits/benefits",
    (NAME,
     Column("category", _("Category"), "choice", fixed("cash-releasing", "reallocation", "other-public", "non-monetised"), False),
     Column("owner", _("Owner")), Column("indicator", _("Indicator")), Column("unit", _("Unit")),
     Column("baseline", _("Baseline"), "number"), Column("target", _("Target"), "number"),
     Column("amount_per_year", _("Amount per year"), "number"),
     Column("start_year", _("From year (0 = base year)"), "integer", optional=False),
     Column("status", _("Status"), "choice", fixed("planned", "in-progress", "realised", "partly-realised", "not-realised", "cancelled"), False),
     Column("goals", _("Goals"), "refs", elements(_goals)),
     Column("effects", _("From effects"), "refs", elements(_benefit_list("effects")))),
    _("Add benefit"),
)  # fmt: skip
COSTS = Table(
    "costs", _("Costs"), "benefits/costs",
    (NAME, Column("kind", _("Kind"), "choice", fixed("investment", "running"), False),
     Column("amount", _("Amount"), "number", optional=False),
     Column("year", _("Year (0 = base year)"), "integer", optional=False), Column("end_year", _("Until year"), "integer")),
    _("Add cost"),
)  # fmt: skip
STAKEHOLDERS = Table(
    "stakeholders", _("Stakeholders"), "benefits/stakeholders",
    (NAME, Column("role", _("Role")),
     Column("power", _("Power"), "choice", fixed("low", "medium", "high"), False),
     Column("interest", _("Interest"), "choice", fixed("low", "medium", "high"), False),
     Column("attitude", _("Attitude"), "choice", fixed("negative", "neutral", "positive"), False),
     Column("strategy", _("Strategy"), "choice", fixed("manage-closely", "keep-satisfied", "keep-informed", "monitor")),
     Column("actions", _("Actions"))),
    _("Add stakeholder"),
)  # fmt: skip
RISKS = Table(
    "risks", _("Risks"), "benefits/risks",
    (NAME, Column("probability", _("Probability"), "choice", fixed("low", "medium", "high"), False),
     Column("impact", _("Impact"), "choice", fixed("low", "medium", "high"), False),
     Column("mitigation", _("Mitigation")), Column("owner", _("Owner"))),
    _("Add risk"),
)  # fmt: skip


CHANGES = Table(
    "changes", _("Changes (what the initiative changes)"), "benefits/changes",
    (NAME, DESCRIPTION), _("Add change"),
)  # fmt: skip
EFFECTS = Table(
    "effects", _("Effects of the changes"), "benefits/effects",
    (NAME, Column("changes", _("Caused by changes"), "refs", elements(_benefit_list("changes"))), DESCRIPTION),
    _("Add effect"),
)  # fmt: skip
PREREQUISITES = Table(
    "prerequisites", _("Prerequisites"), "benefits/prerequisites",
    (NAME, Column("owner", _("Owner")), Column("due", _("Due"), "date"),
     Column("status", _("Status"), "choice", fixed("not-started", "in-progress", "met", "not-met"), False),
     Column("benefits", _("For benefits"), "refs", elements(_benefit_list("benefits")))),
    _("Add prerequisite"),
)  # fmt: skip
ASSUMPTIONS = Table(
    "assumptions", _("Assumptions"), "benefits/assumptions",
    (NAME, Column("value", _("Value"), "number", optional=False), Column("unit", _("Unit")),
     Column("source", _("Source")), Column("uncertainty", _("Uncertainty (0–1)"), "number")),
    _("Add assumption"),
)  # fmt: skip
SERVICES = Table(
    "services", _("Service declarations"), "services",
    (NAME, Column("promise_text", _("Promise to citizens"), "longtext"),
     Column("process", _("Process"), "choice", elements(_processes)), Column("owner", _("Owner")),
     Column("promise.limit", _("Limit"), "number"),
     Column("promise.unit", _("Limit in"), "choice", fixed("working-days", "calendar-days", "hours"), False),
     Column("promise.target_share", _("Share to meet it (0–1)"), "number"),
     Column("promise.start", _("Clock starts at"), "choice", elements(_process_nodes)),
     Column("promise.end", _("Clock stops at"), "choice", elements(_process_nodes))),
    _("Add service declaration"),
)  # fmt: skip


# --- values --------------------------------------------------------------------------------------
class BadValue(ValueError):
    """Text typed in a cell that does not fit the column."""


def parse(column: Column, raw: str | list[str] | None) -> Any:
    """The value a cell's text stands for: locale-aware numbers ("1 234,5"), empty → None or 0.

    Raises BadValue with a translated message.
    """
    if column.kind == "bool":
        return raw not in (None, "", "false", "0")
    if column.kind == "refs":
        if raw is None:
            return []
        return [v for v in (raw if isinstance(raw, list) else [raw]) if v]
    text = (raw[0] if isinstance(raw, list) and raw else raw or "") if raw is not None else ""
    text = str(text).strip()
    if column.kind in ("number", "integer"):
        if text == "":
            return None if column.optional else 0
        try:
            number = read_number(text)
        except ValueError:
            raise BadValue(_("Type a number, for example 12,5.")) from None
        if column.kind == "integer":
            if not number.is_integer():
                raise BadValue(_("Type a whole number."))
            return int(number)
        return number
    if column.kind in ("choice", "date"):
        if column.kind == "date" and text and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise BadValue(_("Type a date as YYYY-MM-DD."))
        return text or None
    return text


def read_number(text: str) -> float:
    """A number typed in the user's language, forgiving a decimal comma in any language.

    "1 234,5" (sv/nb), "1,234.5" and "12,5" (a comma not followed by exactly three digits is a
    decimal comma, whatever the language) all read as numbers. Raises ValueError otherwise.
    """
    cleaned = re.sub(r"[\s\u202f\xa0]", "", text)
    if "," in cleaned and "." not in cleaned and re.fullmatch(r"-?\d*,(\d{1,2}|\d{4,})", cleaned):
        return float(cleaned.replace(",", "."))
    return float(str(sanitize_separators(cleaned)).replace(" ", ""))


def shown(column: Column, value: Any) -> str:
    """A stored value as the text a cell shows (numbers in the language's format, no grouping)."""
    if value is None:
        return ""
    if column.kind in ("number", "integer") and isinstance(value, (int, float)):
        if float(value).is_integer():
            return str(int(value))
        return number_format(round(float(value), 6), use_l10n=True)
    return str(value)


def item_key(item: dict[str, Any], index: int) -> str:
    """The path segment naming a list item: its id, else its position."""
    ident = item.get("id") if isinstance(item, dict) else None
    return ident if isinstance(ident, str) else f"@{index}"


def get_field(item: dict[str, Any], key: str) -> Any:
    value: Any = item
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def field_operation(
    document: dict[str, Any], item_path: str, column: Column, value: Any
) -> dict[str, Any]:
    """The operation that sets one cell; a nested field whose parent is missing creates the parent."""
    parts = column.key.split(".")
    if len(parts) == 1:
        return {"op": "change", "path": f"{item_path}/{column.key}", "value": value}
    parent_path = f"{item_path}/{'/'.join(parts[:-1])}"
    parent = operations.value_at(document, parent_path)
    if isinstance(parent, dict):
        return {"op": "change", "path": f"{item_path}/{'/'.join(parts)}", "value": value}
    return {"op": "change", "path": parent_path, "value": {parts[-1]: value}}


def new_id(name: str, taken: set[str], fallback: str) -> str:
    base = slugify(name)[:60] or fallback
    if not re.match(r"[A-Za-z_]", base):
        base = f"{fallback}-{base}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def all_ids(document: Any) -> set[str]:
    """Every element id in the document (ids need only be unique per list; this is stricter)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                found.add(node["id"])
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(document)
    return found


# --- problem paths -------------------------------------------------------------------------------
_TOKEN = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def problem_path(document: dict[str, Any], path: str) -> str:
    """A validation path (`processes.p.variants.v.nodes[3].lane`) in edit-path form
    (`processes/p/variants/v/nodes/check/lane`), resolved against the document."""
    tokens = [(int(m.group(1)) if m.group(1) else m.group(2)) for m in _TOKEN.finditer(path)]
    out: list[str] = []
    node: Any = document
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if isinstance(node, list):
            if isinstance(token, int):
                item = node[token] if 0 <= token < len(node) else None
                out.append(item_key(item, token) if isinstance(item, dict) else f"@{token}")
                node, i = item, i + 1
                continue
            # ids may contain dots: take the longest run of tokens that names an item
            for j in range(len(tokens), i, -1):
                candidate = ".".join(str(t) for t in tokens[i:j])
                match = next(
                    (x for x in node if isinstance(x, dict) and x.get("id") == candidate), None
                )
                if match is not None:
                    out.append(candidate)
                    node, i = match, j
                    break
            else:
                out.append(str(token))
                node, i = None, i + 1
            continue
        out.append(str(token))
        node = node.get(str(token)) if isinstance(node, dict) else None
        i += 1
    return "/".join(out)


# --- what the template gets ----------------------------------------------------------------------
@dataclass
class Cell:
    column: Column
    path: str
    kind: str
    value: Any
    text: str
    input_id: str
    label: str
    choices: Choices = field(default_factory=list)
    problems: list[ShownProblem] = field(default_factory=list)


@dataclass
class Row:
    path: str
    key: str
    name: str
    cells: list[Cell]
    problems: list[ShownProblem] = field(default_factory=list)
    flows: list[dict[str, Any]] = field(default_factory=list)  # activity tables: next steps


@dataclass
class Grid:
    table: Table
    path: str
    rows: list[Row]
    add_cells: list[Cell]
    dom_id: str
    targets: Choices = field(default_factory=list)  # activity tables: possible next steps
    problems: list[ShownProblem] = field(default_factory=list)
    rows_html: str = ""  # the rendered <tr>s (grid_html.rows_html)


def _dom(path: str) -> str:
    return "e-" + re.sub(r"[^A-Za-z0-9_-]", "_", path)


def build_grid(
    case: Case,
    document: dict[str, Any],
    table: Table,
    prefix: str,
    scope: dict[str, Any],
    problems: dict[str, list[ShownProblem]],
) -> Grid:
    """The rows and cells of one table, with problems attached where their path points."""
    path = f"{prefix}/{table.path}".strip("/")
    items = operations.value_at(document, path) or []
    choice_lists = {c.key: c.choices(case, scope) for c in table.columns if c.choices}
    labels = {c.key: str(c.label) for c in table.columns}  # translate each label once per table
    rows = []
    for index, item in enumerate(items):
        key = item_key(item, index)
        item_path = f"{path}/{key}"
        name = str(item.get(table.name_key) or item.get("id") or key)
        cells = []
        for column in table.columns:
            value = get_field(item, column.key)
            if value is None and column.kind in ("number", "integer") and not column.optional:
                value = 0  # stored documents leave out defaults
            cell_path = f"{item_path}/{column.key.replace('.', '/')}"
            choices = choice_lists.get(column.key, [])
            if column.kind == "choice" and value and value not in {v for v, _label in choices}:
                choices = [*choices, (value, f"{value} (?)")]  # a dangling reference stays visible
            cells.append(
                Cell(
                    column, cell_path, column.kind, value, shown(column, value),
                    _dom(cell_path), f"{labels[column.key]} – {name}", choices,
                    problems.get(cell_path, []),
                )
            )  # fmt: skip
        rows.append(Row(item_path, key, name, cells, problems.get(item_path, [])))
    add_cells = [
        Cell(c, "", c.kind, None, "", _dom(f"{path}/new/{c.key}"), str(c.label), choice_lists.get(c.key, []))
        for c in table.columns if c.key in table.add_columns
    ]  # fmt: skip
    return Grid(table, path, rows, add_cells, _dom(path), problems=problems.get(path, []))


def problems_by_path(
    document: dict[str, Any], shown_problems: list[ShownProblem]
) -> dict[str, list[ShownProblem]]:
    out: dict[str, list[ShownProblem]] = {}
    for problem in shown_problems:
        out.setdefault(problem_path(document, problem.path), []).append(problem)
    return out


def column_at(table: Table, key: str) -> Column | None:
    return next((c for c in table.columns if c.key == key), None)


ALL_TABLES = {
    t.key: t
    for t in (
        GOALS, PROBLEMS, EFFECT_GOALS, TARGET_GROUPS, NEEDS, DELIVERABLES, UNITS, ROLES,
        RESOURCES, SYSTEMS, INFORMATION, LANES, ACTIVITIES, PARTICIPANTS, MESSAGES, STATES,
        TRANSITIONS, BENEFITS, COSTS, STAKEHOLDERS, RISKS, SERVICES, CHANGES, EFFECTS,
        PREREQUISITES, ASSUMPTIONS,
    )
}  # fmt: skip
