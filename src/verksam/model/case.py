"""The case: one document holding every view of one development case of an organisation."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field, field_validator

from verksam.model.base import Element, Id, Model
from verksam.model.behaviour import Behaviour
from verksam.model.benefits import Benefits
from verksam.model.effects import EffectMap
from verksam.model.evaluation import Evaluation
from verksam.model.process import Calendar, MessageFlow, Process
from verksam.model.services import ServiceDeclaration
from verksam.model.settings import Settings
from verksam.model.structure import Role, Structure, Unit
from verksam.model.vision import Vision

FORMAT_VERSION = 1


class BpmnCollaboration(Model):
    """A further collaboration of an imported BPMN file: its id, its pools and its artifacts."""

    id: Id
    pools: list[Id] = Field(default_factory=list)  # the `pool` of the processes it shows
    kept: list[str] = Field(default_factory=list)  # groups, annotations, associations as XML


class BpmnKept(Model):
    """What an imported BPMN file held outside its processes that the model has no place for.

    Kept as XML so a BPMN export puts it back: definitions of messages, signals, errors and item
    types, imports, categories, resources and global tasks, and the collaboration's groups,
    annotations and associations. A file with several collaborations (one diagram each) keeps
    the first here and the others in `collaborations`.
    """

    definitions: list[str] = Field(default_factory=list)
    collaboration: list[str] = Field(default_factory=list)
    collaboration_id: Id | None = None
    collaborations: list[BpmnCollaboration] = Field(default_factory=list)


class Case(Model):
    """A case file's content. Every view is optional; references between views are by id."""

    verksam: int = Field(default=FORMAT_VERSION, ge=1)
    id: Id
    name: str
    organisation: str = ""
    description: str = ""
    tags: list[str] = Field(default_factory=list)
    illustrative: str = ""  # what in the case is made up for illustration
    settings: Settings = Field(default_factory=Settings)
    vision: Vision | None = None
    effect_map: EffectMap | None = None
    structure: Structure | None = None
    processes: list[Process] = Field(default_factory=list)
    message_flows: list[MessageFlow] = Field(default_factory=list)
    calendars: list[Calendar] = Field(default_factory=list)
    behaviour: Behaviour | None = None
    benefits: Benefits | None = None
    services: list[ServiceDeclaration] = Field(default_factory=list)
    evaluation: Evaluation | None = None
    bpmn_kept: BpmnKept | None = None

    @field_validator("verksam")
    @classmethod
    def _known_version(cls, value: int) -> int:
        # A newer file may hold fields this version would drop on saving: refuse, don't guess.
        if value > FORMAT_VERSION:
            raise ValueError(
                f"the file is in case-file format {value}; this Verksam reads format "
                f"{FORMAT_VERSION} and older — update Verksam to open it"
            )
        return value

    def process(self, process_id: str) -> Process:
        """The process with this id. Raises KeyError if there is none."""
        for process in self.processes:
            if process.id == process_id:
                return process
        raise KeyError(process_id)

    def role(self, role_id: str) -> Role | None:
        for role in self.structure.roles if self.structure else []:
            if role.id == role_id:
                return role
        return None

    def unit(self, unit_id: str) -> Unit | None:
        for unit in self.structure.units if self.structure else []:
            if unit.id == unit_id:
                return unit
        return None

    def elements(self) -> Iterator[tuple[str, Element]]:
        """Every case-level element with its kind, in file order (variant contents excluded)."""
        groups: list[tuple[str, list[Element]]] = []
        if self.vision:
            groups += [
                ("goal", list(self.vision.goals)),
                ("problem", list(self.vision.problems)),
                ("concept", list(self.vision.concepts)),
                ("association", list(self.vision.associations)),
            ]
        if self.effect_map:
            em = self.effect_map
            groups += [
                ("effect_goal", list(em.effect_goals)),
                ("target_group", list(em.target_groups)),
                ("need", list(em.needs)),
                ("deliverable", list(em.deliverables)),
            ]
        if self.structure:
            st = self.structure
            groups += [
                ("unit", list(st.units)),
                ("role", list(st.roles)),
                ("resource", list(st.resources)),
                ("system", list(st.systems)),
                ("information", list(st.information)),
            ]
        groups += [("process", list(self.processes)), ("calendar", list(self.calendars))]
        if self.behaviour:
            groups += [
                ("sequence", list(self.behaviour.sequences)),
                ("state_machine", list(self.behaviour.state_machines)),
            ]
        if self.benefits:
            b = self.benefits
            groups += [
                ("assumption", list(b.assumptions)),
                ("benefit", list(b.benefits)),
                ("cost", list(b.costs)),
                ("stakeholder", list(b.stakeholders)),
                ("prerequisite", list(b.prerequisites)),
                ("risk", list(b.risks)),
                ("change", list(b.changes)),
                ("effect", list(b.effects)),
                ("alternative", list(b.alternatives)),
            ]
        groups.append(("service", list(self.services)))
        if self.evaluation:
            ev = self.evaluation
            groups += [
                ("criterion", list(ev.criteria)),
                ("requirement", list(ev.requirements)),
                ("candidate", list(ev.candidates)),
            ]
        for kind, items in groups:
            for item in items:
                yield kind, item

    def ids(self) -> dict[str, str]:
        """Case-level element id → kind."""
        return {element.id: kind for kind, element in self.elements()}
