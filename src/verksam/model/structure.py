"""Business structure view: units, roles with staffing and cost, resources, IT systems, information.

`fte`: "årsverk / årsarbetare", full-time equivalents employed in a role.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from verksam.model.base import Element, Id, Model

ResourceKind = Literal["people", "physical", "information", "abstract"]


class Unit(Element):
    """An organisation unit (department, office, or an external party such as a supplier)."""

    parent: Id | None = None
    kind: Literal["internal", "external", "citizen"] = "internal"


class Role(Element):
    """A role performed in a unit, with staffing and cost per hour."""

    unit: Id | None = None
    fte: float | None = Field(default=None, ge=0)
    cost_per_hour: float | None = Field(default=None, ge=0)
    capacity: int | None = Field(default=None, ge=0)  # people available at once (simulation)
    calendar: Id | None = None
    external: bool = False


class Resource(Element):
    """An Eriksson–Penker resource of one of the four kinds."""

    kind: ResourceKind = "physical"


class ItSystem(Element):
    owner: Id | None = None  # a unit
    vendor: str = ""


class InformationObject(Element):
    system: Id | None = None  # where it is kept
    kind: Literal["document", "record", "data-store", "message"] = "record"
    personal_data: bool = False


class Structure(Model):
    units: list[Unit] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    resources: list[Resource] = Field(default_factory=list)
    systems: list[ItSystem] = Field(default_factory=list)
    information: list[InformationObject] = Field(default_factory=list)
