"""Business process view: processes (EP «process») and their variants' flows.

A process has a goal, a trigger, inputs, outputs and supplying/controlling resources. Its flow lives in
variants (as-is, to-be, alternatives), each a graph of nodes (activities, gateways, events) joined by
flows, with lanes for the roles or units that do the work. Node ids are unique within a variant and
the same activity keeps its id across variants, so variants can be compared.

Times: `touch_minutes` is active work per visit; `waiting_hours` is calendar time the case waits
before the activity starts (queue, post, decisions by others).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from verksam.model.base import Element, Id, Model, NonNegative, Probability

NodeType = Literal[
    "start", "end", "task", "subprocess", "xor", "and", "or", "event-gateway", "event"
]
TaskKind = Literal[
    "task", "user", "manual", "service", "send", "receive", "script", "business-rule", "call"
]
EventDefinition = Literal[
    "none", "message", "timer", "signal", "conditional", "error", "escalation",
    "compensation", "terminate", "link", "cancel", "multiple",
]  # fmt: skip
LaneStage = Literal["citizen", "front-stage", "back-stage", "support"]
VariantKind = Literal["as-is", "to-be", "alternative"]

GATEWAYS: frozenset[str] = frozenset({"xor", "and", "or", "event-gateway"})
ACTIVITIES: frozenset[str] = frozenset({"task", "subprocess"})


class Distribution(Model):
    """A probability distribution of a duration or interval, in minutes.

    kinds and their parameters: fixed (mean); exponential (mean); uniform (min, max);
    triangular (min, mode, max); normal (mean, sd; cut at 0); lognormal (mean, sd of the value
    itself); empirical (values, drawn with equal weight).
    """

    kind: Literal[
        "fixed", "exponential", "uniform", "triangular", "normal", "lognormal", "empirical"
    ]
    mean: NonNegative | None = None
    sd: NonNegative | None = None
    min: NonNegative | None = None
    mode: NonNegative | None = None
    max: NonNegative | None = None
    values: list[NonNegative] = Field(default_factory=list)


class Lane(Element):
    """A swimlane: the role or unit that does the lane's work, and its service-blueprint stage."""

    role: Id | None = None
    unit: Id | None = None
    stage: LaneStage | None = None
    # Nested lanes: the lane this one is drawn inside (a department's lane holding its teams'
    # lanes). Analysis goes by the lanes' roles as before; the diagrams draw the nesting.
    parent: Id | None = None
    # Child elements of the imported BPMN lane the model has no field for (an empty child lane
    # set), as XML, so a BPMN export puts them back.
    bpmn_kept: list[str] = Field(default_factory=list)


class Node(Element):
    """An activity, gateway or event of a variant's flow."""

    type: NodeType = "task"
    task_kind: TaskKind = "task"
    event: EventDefinition = "none"
    lane: Id | None = None
    touch_minutes: NonNegative = 0.0
    waiting_hours: NonNegative = 0.0
    value_adding: bool = False
    duration: Distribution | None = None  # simulation; default: fixed touch_minutes
    reads: list[Id] = Field(default_factory=list)  # information objects
    writes: list[Id] = Field(default_factory=list)  # information objects
    systems: list[Id] = Field(default_factory=list)  # IT systems used
    calls: Id | None = None  # the process a sub-process or call activity runs
    documentation: str = ""
    # Events only: a boundary event sits on the activity `attached_to` and fires while it runs
    # (cancelling it when `interrupting`); `throwing` marks an intermediate event that sends.
    attached_to: Id | None = None
    interrupting: bool = True
    throwing: bool = False
    # An event sub-process: started by its own start event while the process runs, never by a
    # sequence flow (it has none), so it takes no part in the flow's paths.
    triggered_by_event: bool = False
    # Child elements of the imported BPMN element the model has no field for (loop markers, task
    # inputs and outputs, timer expressions...), as XML, so a BPMN export puts them back.
    bpmn_kept: list[str] = Field(default_factory=list)


class Flow(Model):
    """A sequence flow; `probability` is the branch probability out of an XOR/OR split."""

    id: Id | None = None
    source: Id
    target: Id
    probability: Probability | None = None
    condition: str = ""
    name: str = ""
    default: bool = False  # taken when no other outgoing flow's condition holds
    documentation: str = ""


class Annotation(Model):
    """A text annotation, optionally attached to a node."""

    id: Id
    text: str
    attached_to: Id | None = None


class WeeklyPattern(Model):
    """Relative arrival intensity per weekday (Monday first); 0 means no arrivals that day."""

    weights: list[NonNegative] = Field(default_factory=lambda: [1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0])


class Arrivals(Model):
    """How cases arrive in a simulation; by default Poisson from the variant's volume per year."""

    interval: Distribution | None = None  # minutes between arrivals; overrides the volume
    weekly: WeeklyPattern | None = None
    calendar: Id | None = None


class Variant(Element):
    """One version of a process's flow (as-is, to-be, alternative)."""

    kind: VariantKind = "as-is"
    based_on: Id | None = None
    volume_per_year: NonNegative | None = None
    lanes: list[Lane] = Field(default_factory=list)
    nodes: list[Node] = Field(default_factory=list)
    flows: list[Flow] = Field(default_factory=list)
    annotations: list[Annotation] = Field(default_factory=list)
    arrivals: Arrivals | None = None
    # Elements of the imported BPMN process the model has no place for (groups, process inputs
    # and outputs, compensation handlers...), as XML, so a BPMN export puts them back.
    bpmn_kept: list[str] = Field(default_factory=list)

    def node(self, node_id: str) -> Node:
        """The node with this id. Raises KeyError if there is none."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def outgoing(self, node_id: str) -> list[Flow]:
        return [f for f in self.flows if f.source == node_id]

    def incoming(self, node_id: str) -> list[Flow]:
        return [f for f in self.flows if f.target == node_id]


class Process(Element):
    """An EP «process»: goal, trigger, inputs, outputs, supplying and controlling resources."""

    goals: list[Id] = Field(default_factory=list)  # goals it achieves («achieve»)
    goal_text: str = ""
    trigger: str = ""
    inputs: list[Id] = Field(default_factory=list)  # resources or information objects consumed
    outputs: list[Id] = Field(default_factory=list)  # resources or information objects produced
    supplies: list[Id] = Field(default_factory=list)  # «supply» resources
    controls: list[Id] = Field(default_factory=list)  # «control» resources (rules, plans)
    owner: Id | None = None  # a unit or role
    category: str = ""  # kind of process, used to compare across organisations
    variants: list[Variant] = Field(default_factory=list)
    # BPMN: the id of the pool (participant) that showed the process in an imported file, "" when
    # it was a process without a pool; unset, an export draws a pool when the case needs one.
    pool: Id | Literal[""] | None = None

    def variant(self, variant_id: str | None = None) -> Variant:
        """The variant with this id; without an id the first as-is variant (or the first).

        Raises KeyError when the process has no such variant.
        """
        if variant_id is None:
            for variant in self.variants:
                if variant.kind == "as-is":
                    return variant
            if self.variants:
                return self.variants[0]
            raise KeyError(f"process {self.id!r} has no variants")
        for variant in self.variants:
            if variant.id == variant_id:
                return variant
        raise KeyError(variant_id)


class MessageFlow(Model):
    """A message between two processes (pools), from a node of one to a node of another."""

    id: Id
    name: str = ""
    source_process: Id
    source: Id | None = None  # node id; None means the pool itself
    target_process: Id
    target: Id | None = None


class WorkingHours(Model):
    """Opening hours on one weekday (0 = Monday).

    An `end` of "00:00" or "24:00" is midnight at the end of the day, so "00:00"–"24:00" is a
    day round the clock (on-call, 24/7 e-services, care).
    """

    weekday: int = Field(ge=0, le=6)
    start: dt.time
    end: dt.time

    @field_validator("end", mode="before")
    @classmethod
    def _midnight(cls, value: object) -> object:
        if isinstance(value, str) and value.strip() in ("24:00", "24:00:00"):
            return dt.time(0)
        return value

    @property
    def closes_at_midnight(self) -> bool:
        return self.end == dt.time(0)

    @field_validator("start", "end")
    @classmethod
    def _local_time(cls, value: dt.time) -> dt.time:
        # Opening hours are local wall-clock times; an offset (or a bare number of seconds, which
        # pydantic reads as UTC) cannot be compared with them.
        if value.tzinfo is not None:
            raise ValueError("write opening hours as a local time such as '08:00', without a zone")
        return value


class Calendar(Element):
    """Working calendar: weekly hours, minus public holidays of `holidays` (SE/NO) and closed days."""

    hours: list[WorkingHours] = Field(default_factory=list)
    holidays: Literal["SE", "NO"] | None = None
    closed: list[dt.date] = Field(default_factory=list)
