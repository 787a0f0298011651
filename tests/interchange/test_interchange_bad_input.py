"""Bad interchange files get a clear error naming the place, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from verksam.cli import app
from verksam.formats.archimate import read_archimate
from verksam.formats.bpmn import MAX_BYTES, InterchangeError, read_bpmn

B = "http://www.omg.org/spec/BPMN/20100524/MODEL"
LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<definitions xmlns="{B}"><process id="p" name="&lol3;"/></definitions>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<definitions xmlns="{B}"><process id="p" name="&secret;"/></definitions>
"""


def write(tmp_path: Path, text: str, name: str = "in.bpmn") -> Path:
    path = tmp_path / name
    path.write_text(text.replace("{B}", B), encoding="utf-8")
    return path


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    path = write(
        tmp_path, f'<definitions xmlns="{B}">\n<process id="p">\n<task id="t">\n</process>'
    )
    with pytest.raises(InterchangeError) as info:
        read_bpmn(path)
    assert info.value.line == 4
    assert "malformed XML" in str(info.value) and str(path) in str(info.value)


@pytest.mark.parametrize("text", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_entity_declarations_are_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(InterchangeError, match="DOCTYPE and entity declarations are not allowed"):
        read_bpmn(write(tmp_path, text))


def test_a_200_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.bpmn"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: takes no disk space
    assert path.stat().st_size > MAX_BYTES
    with pytest.raises(InterchangeError, match=r"the file is 200 MiB; the limit is 50 MiB"):
        read_bpmn(path)


def test_dangling_references_are_left_out_and_named_or_refused_when_strict(tmp_path: Path) -> None:
    text = (f'<definitions xmlns="{B}">\n<process id="p">\n<startEvent id="s"/>\n'
            '<sequenceFlow id="flow-9" sourceRef="s" targetRef="ghost"/>\n</process>\n'
            "</definitions>")  # fmt: skip
    with pytest.raises(InterchangeError) as info:
        read_bpmn(write(tmp_path, text), strict=True)
    assert info.value.element == "flow-9"
    assert "'ghost'" in str(info.value) and ":4:" in str(info.value)
    lenient = read_bpmn(write(tmp_path, text))
    assert lenient.case.processes[0].variants[0].flows == []
    assert [(n.element, n.kept) for n in lenient.notes] == [("flow-9", False)]
    assert "left out" in lenient.notes[0].reason and "'ghost'" in lenient.notes[0].reason


def test_a_lane_listing_a_missing_node_is_left_out_or_refused_when_strict(tmp_path: Path) -> None:
    text = (f'<definitions xmlns="{B}"><process id="p"><laneSet id="ls"><lane id="L">'
            "<flowNodeRef>nothing</flowNodeRef></lane></laneSet></process></definitions>")  # fmt: skip
    with pytest.raises(InterchangeError, match="lane 'L' lists flow node 'nothing'"):
        read_bpmn(write(tmp_path, text), strict=True)
    assert "left out" in read_bpmn(write(tmp_path, text)).notes[0].reason


def test_a_file_of_another_kind_is_named(tmp_path: Path) -> None:
    with pytest.raises(InterchangeError, match=r"not a BPMN 2\.0 file"):
        read_bpmn(write(tmp_path, "<svg xmlns='http://www.w3.org/2000/svg'/>"))
    with pytest.raises(InterchangeError, match="not an ArchiMate exchange file"):
        read_archimate(write(tmp_path, f'<definitions xmlns="{B}"/>', "model.xml"))


def test_a_relationship_to_nothing_names_it(tmp_path: Path) -> None:
    text = ('<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">'
            '<name>m</name><elements><element identifier="a" xsi:type="BusinessActor"><name>A'
            '</name></element></elements><relationships><relationship identifier="r1" '
            'source="a" target="b" xsi:type="Assignment"/></relationships></model>')  # fmt: skip
    with pytest.raises(InterchangeError, match="relationship 'r1' refers to 'b'"):
        read_archimate(write(tmp_path, text, "model.xml"))


@pytest.mark.parametrize("text", [LAUGHS, "<definitions"], ids=["bomb", "truncated"])
def test_the_command_writes_nothing_for_a_bad_file(tmp_path: Path, text: str) -> None:
    source = write(tmp_path, text)
    target = tmp_path / "case.yaml"
    result = CliRunner().invoke(app, ["import", str(source), "-o", str(target)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_export_of_an_unknown_process_writes_nothing(tmp_path: Path) -> None:
    runner = CliRunner()
    case = tmp_path / "case.yaml"
    assert runner.invoke(app, ["new", "Test", "-o", str(case)]).exit_code == 0
    out = tmp_path / "out.bpmn"
    result = runner.invoke(
        app, ["export", str(case), "--format", "bpmn", "--process", "x", "-o", str(out)]
    )
    assert result.exit_code == 1
    assert "no process 'x'" in result.output
    assert not out.exists()
