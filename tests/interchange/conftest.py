"""Fixtures of the interchange tests: the OMG BPMN 2.0 and Open Group ArchiMate schemas."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.interchange.interchange_helpers import SHARED


@pytest.fixture(scope="session")
def bpmn_schema() -> etree.XMLSchema:
    """The OMG BPMN 2.0 schemas as shipped in the SpiffWorkflow wheel (a test-only dependency)."""
    spiff = pytest.importorskip("SpiffWorkflow")
    path = Path(spiff.__file__).parent / "bpmn" / "parser" / "schema" / "BPMN20.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


class _LocalXmlXsd(etree.Resolver):
    """Points the ArchiMate schemas' import of xml.xsd at the local copy (no network)."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def resolve(self, url: str | None, pubid: str | None, context: object) -> object:
        if url and url.endswith("xml.xsd"):
            return self.resolve_filename(str(self.folder / "xml.xsd"), context)
        return None


@pytest.fixture(scope="session")
def archimate_schema() -> etree.XMLSchema:
    folder = SHARED / "archimate" / "xsd"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (a user's clone without the shared test data)")
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalXmlXsd(folder))
    return etree.XMLSchema(etree.parse(str(folder / "archimate3_Diagram.xsd"), parser))
