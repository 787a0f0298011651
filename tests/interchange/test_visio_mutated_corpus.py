"""Property: a Visio import never yields a broken case. The corpus drawings are mutated at random
(shapes and Connect rows dropped, connector ends glued to other shapes, shapes moved across the
page); every mutated drawing either is refused with an InterchangeError naming the file, or
imports to a case whose references all resolve, that exports to BPMN.

What the flow of a mutated drawing says (a step nothing reaches, a dead end) is the drawing's
content and is shown to the user as a problem; broken references are what an import must never
produce.
"""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.interchange.interchange_helpers import SHARED
from verksam.formats.bpmn import write_bpmn
from verksam.formats.bpmn_xml import InterchangeError
from verksam.formats.visio import read_visio_bytes
from verksam.model import errors, validate

V = "http://schemas.microsoft.com/office/visio/2012/main"
CONTENT = {"no-start", "no-end", "start-has-incoming", "end-has-outgoing", "unreachable",
           "no-path-to-end", "dead-end", "probabilities-missing", "probabilities-partial",
           "probabilities-sum", "probabilities-rest", "no-lane"}  # fmt: skip
FILES = sorted(
    p for p in (SHARED / "visio").glob("*.vsdx")
    if p.name.startswith(("bpmn-miwg", "aspose", "groupdocs", "vsdx_test4", "vsdx_test5"))
)  # fmt: skip


def _mutate_page(data: bytes, moves: list[tuple[int, int, int]]) -> bytes:
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    for kind, which, other in moves:
        shapes = list(root.iter(f"{{{V}}}Shape"))
        connects = list(root.iter(f"{{{V}}}Connect"))
        if kind == 0 and shapes:  # drop a shape (with what it holds)
            shape = shapes[which % len(shapes)]
            shape.getparent().remove(shape)
        elif kind == 1 and connects:  # drop a recorded connection
            connect = connects[which % len(connects)]
            connect.getparent().remove(connect)
        elif kind == 2 and connects and shapes:  # glue an end to another shape
            target = shapes[other % len(shapes)].get("ID", "")
            connects[which % len(connects)].set("ToSheet", target)
        elif kind == 3 and shapes:  # move a shape somewhere else on the page
            for cell in shapes[which % len(shapes)].iterchildren(f"{{{V}}}Cell"):
                if cell.get("N") in ("PinX", "PinY", "BeginX", "EndY"):
                    cell.set("V", str((other % 40) / 2))
    return etree.tostring(root)


def _mutate(path_index: int, moves: list[tuple[int, int, int]]) -> tuple[str, bytes]:
    path = FILES[path_index % len(FILES)]
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("visio/pages/page") and info.filename.endswith(".xml"):
                data = _mutate_page(data, moves)
            target.writestr(info.filename, data)
    return path.name, out.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0, max_value=100),
    moves=st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 500), st.integers(0, 500)),
        min_size=1, max_size=6,
    ),
)  # fmt: skip
def test_a_mutated_drawing_is_refused_or_imports_to_a_case_without_broken_references(
    index: int, moves: list[tuple[int, int, int]]
) -> None:
    name, data = _mutate(index, moves)
    try:
        case = read_visio_bytes(data, name).case
    except InterchangeError as exc:
        assert name in str(exc)
        return
    problems = [p for p in errors(validate(case)) if p.code not in CONTENT]
    assert problems == [], [str(p) for p in problems]
    write_bpmn(case)
