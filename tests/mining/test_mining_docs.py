"""The Python examples in docs/mining.md run, and the JSON keys it documents are the ones printed."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from verksam.cli import app

DOC = Path(__file__).resolve().parents[2] / "docs" / "mining.md"


def test_python_examples_run():
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), {})


def test_documented_json_keys_are_printed(tmp_path: Path):
    log = tmp_path / "log.csv"
    log.write_text(
        "case,activity,timestamp,resource\n1,a,2024-01-01 08:00,x\n1,b,2024-01-01 09:00,y\n",
        encoding="utf-8",
    )
    data = json.loads(CliRunner().invoke(app, ["mine", str(log), "--json"]).output)
    section = DOC.read_text(encoding="utf-8").split("## JSON output", 1)[1].split("\n## ", 1)[0]
    documented = set()
    for cell in re.findall(r"^\| ([^|]+) \|", section, re.M):
        documented.update(re.findall(r"`([a-z_]+)`", cell))
    documented -= {"conformance", "services", "key"}
    assert documented <= set(data), documented - set(data)
    assert set(data) <= documented | {"conformance", "services"}, set(data) - documented
