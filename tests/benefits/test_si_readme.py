"""The commands in examples/si/README.md run as written, and its worked figures match the case."""

from __future__ import annotations

import re
import shlex

import pytest
from typer.testing import CliRunner

from verksam.analysis import analyze
from verksam.cli import app
from verksam.formats.casefile import load_case


def readme(examples):
    return (examples / "si" / "README.md").read_text(encoding="utf-8")


def test_readme_commands_run(examples, tmp_path, monkeypatch):
    monkeypatch.chdir(examples.parent)
    block = re.search(r"```sh\n(.*?)```", readme(examples), re.S)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) >= 4
    for command in commands:
        args = shlex.split(command)[1:]
        args = [str(tmp_path / a) if a.endswith(".xlsx") else a for a in args]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, (command, result.output)


def test_readme_minutes_per_case_match_the_analysis(examples):
    text = readme(examples).replace("\u00a0", " ")
    case = load_case(examples / "si" / "case.yaml")
    for variant, label in (("as-is", "nå"), ("to-be", "ønsket")):
        minutes = analyze(case, "henvendelse", variant).touch_hours * 60
        shown = re.search(rf"- {label}: .*?= \*\*([\d,]+) min\*\*", text, re.S)
        assert shown is not None, label
        assert float(shown.group(1).replace(",", ".")) == pytest.approx(minutes, abs=0.005)
