"""Import → export keeps every BPMN element: counted by kind, per corpus file, against the source.

The counts come from tests/interchange/bpmn_counts.py (plain XML counting, independent of the
importer). Where an export still differs, KNOWN says by how much and why; a file that gets better
fails here too, so the table is kept honest. The export validates against the OMG schemas and
export → import → export gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.interchange.bpmn_counts import bpmn_counts, differences
from tests.interchange.interchange_helpers import corpus_files, corpus_id, schema_errors
from verksam.formats.bpmn import read_bpmn, read_bpmn_bytes, write_bpmn

_NO_TARGET = (
    "the source's dataInputAssociation has no targetRef, which the schema requires (the source does "
    "not validate): the association is kept and given the activity's property (a new one) as target"
)
_NO_OUTPUT_TARGET = (
    "a dataOutputAssociation without targetRef (the source does not validate; there is nothing it "
    "writes to) is left out"
)
_DANGLING = (
    "references to elements the file does not have, in attributes the schema requires (an export "
    "with them would not validate): those elements are left out and listed"
)
# file → (kind → (in the source, in the export)), and the reason.
KNOWN: dict[str, tuple[dict[str, tuple[int, int]], str]] = {
    "bpmn-miwg/vendor/Bizagi_Modeler_2.8.0.8/B.1.0-roundtrip.bpmn": (
        {"dataOutputAssociation": (1, 0), "property": (0, 1), "targetRef": (0, 1)},
        _NO_TARGET + "; " + _NO_OUTPUT_TARGET,
    ),
    "bpmn-miwg/vendor/Bonita_BPM_7.2.3/C.2.0-roundtrip.bpmn": (
        {"dataOutputAssociation": (1, 0), "property": (0, 1), "targetRef": (0, 1)},
        _NO_TARGET + "; " + _NO_OUTPUT_TARGET,
    ),
    "bpmn-miwg/vendor/Camunda_Eclipse_Plugin_3.0.0/B.1.0-export.bpmn": (
        {"property": (0, 1), "targetRef": (1, 2)},
        _NO_TARGET,
    ),
    "bpmn-miwg/vendor/Cardanit_prev._BeePMN_4.9.1/C.6.0-export.bpmn": (
        {"property": (0, 1), "targetRef": (1, 2)},
        _NO_TARGET,
    ),
    "bpmn-miwg/vendor/SAP_Signavio_Process_Manager_19.9.0/B.1.0-export.bpmn": (
        {"sequenceFlow": (23, 21)},
        "two sequence flows whose sourceRef names an element the file does not have; " + _DANGLING,
    ),
    "pm4py/more_models/ch7_CreditAppSimulation.bpmn": (
        {"association": (3, 2)},
        "an association without the sourceRef the schema requires; " + _DANGLING,
    ),
}


@pytest.mark.parametrize("path", corpus_files(), ids=corpus_id)
def test_round_trip_keeps_every_bpmn_element_by_kind(
    path: Path, shared_data: Path, bpmn_schema: etree.XMLSchema
) -> None:
    del shared_data
    exported = write_bpmn(read_bpmn(path).case)
    expected = KNOWN.get(corpus_id(path), ({}, ""))[0]
    assert differences(bpmn_counts(path.read_bytes()), bpmn_counts(exported)) == expected
    assert schema_errors(bpmn_schema, exported) == []
    again = write_bpmn(read_bpmn_bytes(exported).case)
    assert again == exported


def test_every_known_difference_is_a_corpus_file(shared_data: Path) -> None:
    del shared_data
    assert set(KNOWN) <= {corpus_id(p) for p in corpus_files()}
