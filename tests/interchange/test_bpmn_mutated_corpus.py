"""Property: an import never yields a broken case. Corpus files are mutated at random (elements
dropped, references pointed at other elements or at nothing, ids removed); every mutated file either
is refused with an InterchangeError naming the place, or imports to a case whose references all
resolve, that exports to BPMN and imports again.

What the flow of a mutated file says (a task nothing reaches, a dead end) is the file's content and
is shown to the user as a problem; broken references are what an import must never produce.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.interchange.interchange_helpers import SHARED, corpus_files
from verksam.formats.bpmn import InterchangeError, read_bpmn_bytes, write_bpmn
from verksam.model import errors, validate

B = "http://www.omg.org/spec/BPMN/20100524/MODEL"
REFS = ("sourceRef", "targetRef", "attachedToRef", "dataObjectRef", "dataStoreRef", "processRef",
        "calledElement", "default", "messageRef")  # fmt: skip
TEXT_REFS = ("flowNodeRef", "sourceRef", "targetRef", "incoming", "outgoing")
# Problems of the flow's content (a file may be drawn that way); every other error is a defect.
CONTENT = {"no-start", "no-end", "start-has-incoming", "end-has-outgoing", "unreachable",
           "no-path-to-end", "dead-end", "probabilities-missing", "probabilities-partial",
           "probabilities-sum", "no-lane"}  # fmt: skip
FILES = corpus_files()


def _mutate(data: bytes, moves: list[tuple[int, int, int]]) -> bytes:
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    for kind, which, target in moves:
        elements = [e for e in root.iter(f"{{{B}}}*") if e is not root]
        if not elements:
            break
        element = elements[which % len(elements)]
        ids = [str(v) for v in root.xpath("//@id")] + ["ghost"]
        new = ids[target % len(ids)]
        if kind == 0 and element.getparent() is not None:
            element.getparent().remove(element)
        elif kind == 1:
            attrs = [a for a in REFS if a in element.attrib] or ["sourceRef"]
            element.set(attrs[target % len(attrs)], new)
        elif kind == 2:
            refs = [e for e in root.iter(*(f"{{{B}}}{t}" for t in TEXT_REFS))]
            if refs:
                refs[which % len(refs)].text = new
        elif kind == 3 and "id" in element.attrib:
            del element.attrib["id"]
    return etree.tostring(root)


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is absent")
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0, max_value=max(len(FILES) - 1, 0)),
    moves=st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 10_000), st.integers(0, 10_000)),
        min_size=1, max_size=4,
    ),
)  # fmt: skip
def test_a_mutated_file_is_refused_or_imports_to_a_sound_case(
    index: int, moves: list[tuple[int, int, int]]
) -> None:
    path: Path = FILES[index]
    data = _mutate(path.read_bytes(), moves)
    try:
        result = read_bpmn_bytes(data, path.name)
    except InterchangeError as exc:
        assert exc.file == path.name  # refused, naming the file (and the place when there is one)
        return
    problems = [p for p in errors(validate(result.case)) if p.code not in CONTENT]
    assert problems == [], [str(p) for p in problems]
    exported = write_bpmn(result.case)
    assert len(read_bpmn_bytes(exported).case.processes) == len(result.case.processes)
