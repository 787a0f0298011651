"""docs/interchange.md stays true: its commands and options exist, its extension table is complete."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from tests.interchange.interchange_helpers import ROOT, small_case
from verksam.cli import app
from verksam.formats.bpmn import write_bpmn
from verksam.formats.bpmn_xml import VERKSAM

DOC = (ROOT / "docs" / "interchange.md").read_text(encoding="utf-8")


def test_every_documented_command_and_option_exists() -> None:
    commands = re.findall(r"^\$ verksam (\w+) (.*)$", DOC, flags=re.MULTILINE)
    assert {c for c, _ in commands} == {"import", "export"}
    runner = CliRunner()
    for command, rest in commands:
        help_text = runner.invoke(app, [command, "--help"], terminal_width=200).output
        for option in re.findall(r"(--[a-z-]+)", rest.split("#")[0]):
            assert option in help_text, (command, option)


def test_every_extension_element_written_is_documented() -> None:
    data = write_bpmn(small_case()).decode("utf-8")
    written = set(re.findall(r"<verksam:([a-z]+)", data))
    documented = set(re.findall(r"`verksam:([a-z]+)`", DOC))
    assert written and written <= documented
    assert VERKSAM in DOC
