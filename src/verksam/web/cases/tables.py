"""The editable tables of the view pages: which list of the case document each one edits, and
its columns (the field each cell changes, the kind of text it takes, the choices it offers).

A *table* edits one list of the case document (`structure/roles`, `processes/P/variants/V/nodes`);
its *columns* say which field each cell changes and how the text typed is turned into a value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from verksam.model import Case
from verksam.web.cases.choices import (
    Choices,
    benefit_list,
    effect_goals,
    elements,
    fixed,
    goals,
    information,
    lanes,
    needs,
    participants,
    problems,
    process_nodes,
    processes,
    roles,
    states,
    systems,
    target_groups,
    units,
)


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
# The baseline's date makes it the first point of the indicator's chart.
BASELINE_DATE = Column("baseline_date", _("Baseline date"), "date")
# Empty: the indicator's direction follows from its baseline (or first value) and target.
DIRECTION = Column(
    "direction", _("Which way is better"), "choice", fixed("higher-is-better", "lower-is-better")
)

GOALS = Table(
    "goals", _("Goals"), "vision/goals",
    (NAME, Column("parent", _("Part of"), "choice", elements(goals)),
     Column("level", _("Level"), "choice", fixed("overarching", "operational", "sub"), False),
     Column("kind", _("Kind"), "choice", fixed("qualitative", "quantitative"), False),
     Column("indicator", _("Indicator")), Column("unit", _("Unit")),
     Column("baseline", _("Baseline"), "number"), BASELINE_DATE, Column("target", _("Target"), "number"),
     Column("deadline", _("Deadline"), "date"), DIRECTION),
    _("Add goal"), add_columns=("parent",),
)  # fmt: skip
PROBLEMS = Table(
    "problems", _("Problems that block goals"), "vision/problems",
    (NAME, Column("blocks", _("Blocks goals"), "refs", elements(goals)),
     Column("causes", _("Caused by"), "refs", elements(problems)), DESCRIPTION),
    _("Add problem"),
)  # fmt: skip
EFFECT_GOALS = Table(
    "effect-goals", _("Effect goals"), "effect_map/effect_goals",
    (NAME, Column("indicator", _("Indicator")), Column("unit", _("Unit")),
     Column("baseline", _("Baseline"), "number"), BASELINE_DATE, Column("target", _("Target"), "number"),
     Column("deadline", _("Deadline"), "date"), DIRECTION,
     Column("goal", _("Serves goal"), "choice", elements(goals))),
    _("Add effect goal"),
)  # fmt: skip
TARGET_GROUPS = Table(
    "target-groups", _("Target groups"), "effect_map/target_groups",
    (NAME, Column("effect_goals", _("Effect goals"), "refs", elements(effect_goals)), DESCRIPTION),
    _("Add target group"),
)  # fmt: skip
NEEDS = Table(
    "needs", _("Needs and behaviour changes"), "effect_map/needs",
    (NAME, Column("target_group", _("Target group"), "choice", elements(target_groups), False),
     Column("measure", _("Measured by"))),
    _("Add need"), add_columns=("target_group",),
)  # fmt: skip
DELIVERABLES = Table(
    "deliverables", _("Deliverables"), "effect_map/deliverables",
    (NAME, Column("needs", _("Meets needs"), "refs", elements(needs)), DESCRIPTION),
    _("Add deliverable"),
)  # fmt: skip
UNITS = Table(
    "units", _("Organisation units"), "structure/units",
    (NAME, Column("parent", _("Part of"), "choice", elements(units)),
     Column("kind", _("Kind"), "choice", fixed("internal", "external", "citizen"), False), DESCRIPTION),
    _("Add unit"),
)  # fmt: skip
ROLES = Table(
    "roles", _("Roles"), "structure/roles",
    (NAME, Column("unit", _("Unit"), "choice", elements(units)),
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
    (NAME, Column("vendor", _("Vendor")), Column("owner", _("Owner"), "choice", elements(units)), DESCRIPTION),
    _("Add IT system"),
)  # fmt: skip
INFORMATION = Table(
    "information", _("Information objects"), "structure/information",
    (NAME, Column("kind", _("Kind"), "choice", fixed("document", "record", "data-store", "message"), False),
     Column("system", _("Kept in"), "choice", elements(systems)),
     Column("personal_data", _("Personal data"), "bool")),
    _("Add information object"),
)  # fmt: skip
LANES = Table(
    "lanes", _("Lanes"), "lanes",
    (NAME, Column("role", _("Role"), "choice", elements(roles)), Column("unit", _("Unit"), "choice", elements(units)),
     Column("parent", _("Part of"), "choice", elements(lanes))),
    _("Add lane"), add_columns=("role",),
)  # fmt: skip
ACTIVITIES = Table(
    "activities", _("Activities"), "nodes",
    (NAME,
     Column("type", _("Type"), "choice", fixed("task", "subprocess", "xor", "and", "or", "start", "end", "event"), False),
     Column("lane", _("Lane"), "choice", elements(lanes)),
     Column("touch_minutes", _("Touch time"), "number", optional=False, unit=_("min")),
     Column("waiting_hours", _("Waiting time"), "number", optional=False, unit=_("h")),
     Column("value_adding", _("Value-adding"), "bool")),
    _("Add activity"), defaults={"type": "task"}, add_columns=("lane",),
)  # fmt: skip
PARTICIPANTS = Table(
    "participants", _("Participants"), "participants",
    (NAME, Column("ref", _("Unit or role"), "choice",
                  lambda case, scope: elements(units)(case, scope) + elements(roles)(case, scope))),
    _("Add participant"),
)  # fmt: skip
MESSAGES = Table(
    "messages", _("Messages (in order)"), "messages",
    (Column("label", _("Message")),
     Column("source", _("From"), "choice", elements(participants), False),
     Column("target", _("To"), "choice", elements(participants), False),
     Column("handover", _("Hands over")),
     Column("information", _("Information object"), "choice", elements(information)),
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
     Column("source", _("From"), "choice", elements(states), False),
     Column("target", _("To"), "choice", elements(states), False),
     Column("guard", _("Condition")), Column("action", _("Action"))),
    _("Add transition"), add_columns=("source", "target"), name_key="event",
)  # fmt: skip
BENEFITS = Table(
    "benefits", _("Benefits"), "benefits/benefits",
    (NAME,
     Column("category", _("Category"), "choice", fixed("cash-releasing", "reallocation", "other-public", "non-monetised"), False),
     Column("owner", _("Owner")), Column("indicator", _("Indicator")), Column("unit", _("Unit")),
     Column("baseline", _("Baseline"), "number"), BASELINE_DATE, Column("target", _("Target"), "number"), DIRECTION,
     Column("amount_per_year", _("Amount per year"), "number"),
     Column("start_year", _("From year (0 = base year)"), "integer", optional=False),
     Column("status", _("Status"), "choice", fixed("planned", "in-progress", "realised", "partly-realised", "not-realised", "cancelled"), False),
     Column("goals", _("Goals"), "refs", elements(goals)),
     Column("effects", _("From effects"), "refs", elements(benefit_list("effects")))),
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
    (NAME, Column("changes", _("Caused by changes"), "refs", elements(benefit_list("changes"))), DESCRIPTION),
    _("Add effect"),
)  # fmt: skip
PREREQUISITES = Table(
    "prerequisites", _("Prerequisites"), "benefits/prerequisites",
    (NAME, Column("owner", _("Owner")), Column("due", _("Due"), "date"),
     Column("status", _("Status"), "choice", fixed("not-started", "in-progress", "met", "not-met"), False),
     Column("benefits", _("For benefits"), "refs", elements(benefit_list("benefits")))),
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
     Column("process", _("Process"), "choice", elements(processes)), Column("owner", _("Owner")),
     Column("promise.limit", _("Limit"), "number"),
     Column("promise.unit", _("Limit in"), "choice", fixed("working-days", "calendar-days", "hours"), False),
     Column("promise.target_share", _("Share to meet it (0–1)"), "number"),
     Column("promise.start", _("Clock starts at"), "choice", elements(process_nodes)),
     Column("promise.end", _("Clock stops at"), "choice", elements(process_nodes))),
    _("Add service declaration"),
)  # fmt: skip


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


# Single elements edited as a form of fields (the "record" of a page), by key.
RECORDS: dict[str, tuple[Column, ...]] = {
    "vision": (Column("statement", _("Vision statement"), "longtext"),),
    "process": (
        NAME,
        Column("trigger", _("Trigger event")),
        Column("goal_text", _("Goal of the process"), "longtext"),
    ),
    "variant": (
        NAME,
        Column("kind", _("Kind"), "choice",
                       fixed("as-is", "to-be", "alternative"), False),
        Column("volume_per_year", _("Cases per year"), "number"),
    ),
    "initiative": (Column("initiative", _("Initiative"), "longtext"),),
}  # fmt: skip

PROCESSES = Table("processes", _("Processes"), "processes", (NAME,), _("Add process"))
SEQUENCES = Table(
    "sequences",
    _("Sequence diagrams"),
    "behaviour/sequences",
    (NAME,),
    _("Add sequence diagram"),
)
MACHINES = Table("machines", _("State machines"), "behaviour/state_machines", (NAME,), _("Add state machine"))  # fmt: skip
TABLES = {
    **ALL_TABLES,
    "processes": PROCESSES,
    "sequences": SEQUENCES,
    "machines": MACHINES,
}
