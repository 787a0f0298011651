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

_DATA = (
    "data associations are rebuilt from the activities' reads and writes (one reference per "
    "information object and process, through a property placeholder), so the file's own data "
    "references, data states and task data inputs are not reproduced one for one"
)
_REPAIRED = "references to elements that do not exist were left out on import"
# file → (kind → (in the source, in the export)), and the reason.
KNOWN: dict[str, tuple[dict[str, tuple[int, int]], str]] = {
    "bpmn-miwg/reference/B.1.0.bpmn": ({"property": (0, 1), "sourceRef": (2, 1)}, _DATA),
    "bpmn-miwg/reference/C.4.0.bpmn": (
        {"collaboration": (4, 1), "property": (0, 4), "sourceRef": (12, 8)},
        "the four collaborations (one per pool) become one; " + _DATA,
    ),
    "bpmn-miwg/reference/C.5.0.bpmn": (
        {
            "dataObjectReference": (6, 2),
            "dataState": (6, 0),
            "dataStoreReference": (3, 2),
            "property": (0, 11),
            "sourceRef": (25, 12),
        },
        _DATA,
    ),
    "bpmn-miwg/reference/C.6.0.bpmn": (
        {
            "dataInputAssociation": (1, 0),
            "dataOutputAssociation": (1, 0),
            "sourceRef": (2, 0),
            "targetRef": (2, 0),
        },
        _DATA,
    ),
    "bpmn-miwg/reference/C.8.0.bpmn": (
        {
            "dataInputAssociation": (3, 0),
            "dataOutputAssociation": (3, 1),
            "sourceRef": (6, 0),
            "targetRef": (6, 1),
        },
        _DATA,
    ),
    "bpmn-miwg/vendor/ARIS_10.2025.07/B.1.0-export.bpmn": (
        {"property": (0, 1), "sourceRef": (2, 1)},
        _DATA,
    ),
    "bpmn-miwg/vendor/ARIS_10.2025.07/C.6.0-export.bpmn": (
        {
            "dataInputAssociation": (1, 0),
            "dataOutputAssociation": (1, 0),
            "sourceRef": (2, 0),
            "targetRef": (2, 0),
        },
        _DATA,
    ),
    "bpmn-miwg/vendor/Bizagi_Modeler_2.8.0.8/B.1.0-roundtrip.bpmn": (
        {
            "childLaneSet": (2, 0),
            "dataInputAssociation": (1, 0),
            "dataObject": (1, 0),
            "dataObjectReference": (1, 0),
            "dataOutputAssociation": (1, 0),
            "dataState": (1, 0),
            "dataStoreReference": (1, 0),
            "laneSet": (2, 1),
        },
        "nested lanes are exported flat; " + _REPAIRED + " (a data store reference); " + _DATA,
    ),
    "bpmn-miwg/vendor/Bonita_BPM_7.2.3/C.2.0-roundtrip.bpmn": (
        {"dataInputAssociation": (1, 0), "dataOutputAssociation": (1, 0)},
        _DATA,
    ),
    "bpmn-miwg/vendor/Camunda_Eclipse_Plugin_3.0.0/B.1.0-export.bpmn": (
        {"property": (0, 1), "targetRef": (1, 2)},
        _DATA,
    ),
    "bpmn-miwg/vendor/Cardanit_prev._BeePMN_4.9.1/C.6.0-export.bpmn": (
        {
            "dataInputAssociation": (1, 0),
            "dataOutputAssociation": (1, 0),
            "sourceRef": (1, 0),
            "targetRef": (1, 0),
        },
        _DATA,
    ),
    "bpmn-miwg/vendor/OMNITRACKER_BPMN_12.3/C.9.1-export.bpmn": (
        {"documentation": (5, 1)},
        "documentation of elements the model keeps without one (message flows, lanes' pools)",
    ),
    "bpmn-miwg/vendor/SAP_Signavio_Process_Manager_19.9.0/B.1.0-export.bpmn": (
        {"sequenceFlow": (23, 21), "sourceRef": (2, 0)},
        _REPAIRED + "; " + _DATA,
    ),
    "bpmn-miwg/vendor/SAP_Signavio_Process_Manager_19.9.0/C.4.0-export.1.bpmn": (
        {"dataInput": (0, 1), "dataInputRefs": (0, 1), "inputSet": (0, 1), "sourceRef": (2, 1)},
        _DATA,
    ),
    "bpmn-miwg/vendor/SAP_Signavio_Process_Manager_19.9.0/C.4.0-export.2.bpmn": (
        {
            "dataOutput": (0, 1),
            "dataOutputRefs": (0, 1),
            "outputSet": (0, 1),
            "property": (0, 2),
            "sourceRef": (5, 3),
        },
        _DATA,
    ),
    "bpmn-miwg/vendor/SAP_Signavio_Process_Manager_19.9.0/C.4.0-export.3.bpmn": (
        {
            "dataOutput": (0, 1),
            "dataOutputRefs": (0, 1),
            "outputSet": (0, 1),
            "property": (0, 1),
            "sourceRef": (3, 2),
        },
        _DATA,
    ),
    "bpmn-miwg/vendor/SAP_Signavio_Process_Manager_19.9.0/C.4.0-export.4.bpmn": (
        {"dataOutput": (0, 1), "dataOutputRefs": (0, 1), "outputSet": (0, 1), "property": (0, 1)},
        _DATA,
    ),
    "bpmn-miwg/vendor/Trisotech_Workflow_Modeler_12.6.3/C.5.0-export.bpmn": (
        {
            "dataObjectReference": (6, 2),
            "dataState": (6, 0),
            "dataStoreReference": (3, 2),
            "property": (0, 11),
            "sourceRef": (25, 12),
        },
        _DATA,
    ),
    "bpmn-miwg/vendor/Visual_Paradigm_11.1/B.1.0-roundtrip.bpmn": (
        {"property": (0, 1), "sourceRef": (2, 1)},
        _DATA,
    ),
    "bpmn-miwg/vendor/bpmn.io_Camunda_Modeler_18.6.1/B.1.0-export.bpmn": (
        {"dataStore": (0, 1)},
        "a data store reference without a data store gets one",
    ),
    "bpmn-miwg/vendor/bpmn.io_Camunda_Modeler_18.6.1/C.4.0-export.bpmn": (
        {
            "childLaneSet": (1, 0),
            "dataInput": (0, 1),
            "dataInputRefs": (0, 1),
            "dataStore": (0, 1),
            "inputSet": (0, 1),
        },
        "nested lanes are exported flat; a data store reference without a data store gets one; "
        + _DATA,
    ),
    "pm4py/more_models/ch7_CreditAppSimulation.bpmn": ({"association": (3, 2)}, _REPAIRED),
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
