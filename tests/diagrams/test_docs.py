"""The single-picture commands in docs/diagrams.md run and write what they say."""

from __future__ import annotations

import shlex
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verksam.cli import app

ROOT = Path(__file__).resolve().parent.parent.parent
DOC = ROOT / "docs" / "diagrams.md"
COMMANDS = [
    line.strip()
    for line in DOC.read_text(encoding="utf-8").splitlines()
    if line.startswith("verksam render examples/") and "--all" not in line
]


def test_the_doc_lists_commands() -> None:
    assert len(COMMANDS) >= 10


@pytest.mark.parametrize("command", COMMANDS)
def test_doc_command_writes_its_picture(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = shlex.split(command)[1:]
    out = Path(args[args.index("-o") + 1])
    args[args.index("-o") + 1] = str(tmp_path / out.name)
    args[1] = str(ROOT / args[1])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    written = tmp_path / out.name
    if written.suffix == ".png":
        assert written.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        assert ET.parse(written).getroot().get("role") == "img"


def test_render_all_writes_one_file_per_view(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "render",
            str(ROOT / "tests/diagrams/fixtures/bygglov.yaml"),
            "--all",
            "-o",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    names = {p.stem.split("-")[0] for p in tmp_path.glob("*.svg")}
    assert names == {
        "goals",
        "concepts",
        "effects",
        "structure",
        "process",
        "swimlane",
        "blueprint",
        "assembly",
        "sequence",
        "states",
        "benefits",
        "stakeholders",
    }


def test_bad_view_and_unknown_variant_exit_non_zero_with_a_message(tmp_path: Path) -> None:
    case = str(ROOT / "tests/diagrams/fixtures/bygglov.yaml")
    result = CliRunner().invoke(
        app, ["render", case, "--view", "gantt", "-o", str(tmp_path / "x.svg")]
    )
    assert result.exit_code == 1 and "unknown view" in result.output
    result = CliRunner().invoke(
        app,
        ["render", case, "--view", "swimlane", "--variant", "ghost", "-o", str(tmp_path / "x.svg")],
    )
    assert result.exit_code == 1 and "ghost" in result.output
    assert not (tmp_path / "x.svg").exists()


def test_broken_case_file_is_reported_not_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nname: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(bad), "--view", "goals"])
    assert result.exit_code == 1
    assert "bad.yaml" in result.output and "Traceback" not in result.output


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    case = str(ROOT / "tests/diagrams/fixtures/bygglov.yaml")
    result = CliRunner().invoke(
        app, ["render", case, "--view", "goals", "-o", str(blocker / "x.svg")]
    )
    assert result.exit_code == 1
    assert "cannot write" in result.output and "Traceback" not in result.output


def test_huge_sheets_are_scaled_down_in_png() -> None:
    import struct

    from verksam.diagrams.png import MAX_PIXELS, to_png

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="10000" '
        'viewBox="0 0 20000 10000"><rect width="20000" height="10000" fill="#ccc"/></svg>'
    )
    png = to_png(svg)
    width, height = struct.unpack(">II", png[16:24])
    assert width * height <= MAX_PIXELS * 1.01
    assert abs(width / height - 2) < 0.01  # same aspect ratio
