"""Business behaviour view: sequence diagrams between units and state machines of business objects."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from verksam.model.base import Element, Id, Model


class Message(Model):
    """One interaction: `source` hands `handover` (what is passed) to `target`."""

    id: Id
    source: Id  # participant id
    target: Id
    label: str = ""
    handover: str = ""
    information: Id | None = None  # the information object handed over
    kind: Literal["sync", "async", "reply"] = "async"


class Participant(Model):
    """A lifeline: a unit or a role of the structure (or an outside party named here)."""

    id: Id
    ref: Id | None = None
    name: str = ""


class Sequence(Element):
    process: Id | None = None
    participants: list[Participant] = Field(default_factory=list)
    messages: list[Message] = Field(default_factory=list)


class State(Model):
    id: Id
    name: str = ""
    kind: Literal["initial", "normal", "final"] = "normal"
    description: str = ""


class Transition(Model):
    id: Id | None = None
    source: Id
    target: Id
    event: str = ""
    guard: str = ""
    action: str = ""


class StateMachine(Element):
    """The life cycle of a business object (an information object or a concept)."""

    object: Id | None = None
    states: list[State] = Field(default_factory=list)
    transitions: list[Transition] = Field(default_factory=list)


class Behaviour(Model):
    sequences: list[Sequence] = Field(default_factory=list)
    state_machines: list[StateMachine] = Field(default_factory=list)
