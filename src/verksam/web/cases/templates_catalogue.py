"""What a new case can start from: blank, the starter case, or a copy of an example case."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from verksam.formats import CaseFileError, load_case
from verksam.model import Case, Settings
from verksam.model.commands import starter_case
from verksam.model.settings import LANGUAGE


def examples_dir() -> Path:
    return Path(settings.REPO_ROOT) / "examples"


def example_files() -> list[Path]:
    return sorted(examples_dir().glob("*/case.yaml"))


def template_choices() -> list[tuple[str, str]]:
    choices = [("blank", _("A blank case")), ("starter", _("A small starter case (one process)"))]
    for path in example_files():
        choices.append(
            (
                f"example:{path.parent.name}",
                _("A copy of the example “%(name)s”") % {"name": path.parent.name},
            )
        )
    return choices


def build(template: str, name: str, slug: str, country: str) -> Case:
    """The case a template makes. Raises CaseFileError when an example file is broken."""
    if template == "starter":
        case = starter_case(name, country, LANGUAGE.get(country, "en"))
        return case.model_copy(update={"id": slug})
    if template.startswith("example:"):
        folder = template.split(":", 1)[1]
        path = examples_dir() / folder / "case.yaml"
        if path not in example_files():
            raise CaseFileError([])
        example = load_case(path, check=False)
        return example.model_copy(update={"id": slug, "name": name})
    return Case(id=slug, name=name, settings=Settings.model_validate({"country": country}))
