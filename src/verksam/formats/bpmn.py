"""BPMN 2.0 interchange: `read_bpmn` imports a file into a case, `write_bpmn` exports processes.

The reader lives in bpmn_read, the writer in bpmn_write, the diagram positions in bpmn_layout and
the safe XML parsing in bpmn_xml; this module is the one to import from.
"""

from verksam.formats.bpmn_read import BpmnImport, read_bpmn, read_bpmn_bytes
from verksam.formats.bpmn_write import ExportError, write_bpmn
from verksam.formats.bpmn_xml import MAX_BYTES, VERKSAM, InterchangeError, Note

__all__ = [
    "MAX_BYTES",
    "VERKSAM",
    "BpmnImport",
    "ExportError",
    "InterchangeError",
    "Note",
    "read_bpmn",
    "read_bpmn_bytes",
    "write_bpmn",
]
