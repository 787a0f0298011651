"""docs/evaluation.md names every key `verksam evaluate --json` prints (and no key it does not)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from verksam.cli import app

DOC = Path(__file__).resolve().parents[2] / "docs" / "evaluation.md"


def test_the_documented_json_keys_are_the_printed_ones(examples: Path) -> None:
    result = CliRunner().invoke(
        app, ["evaluate", str(examples / "storuman" / "case.yaml"), "--json"]
    )
    data = json.loads(result.stdout)
    section = DOC.read_text(encoding="utf-8").split("`--json` keys:", 1)[1].split("\n\n", 1)[0]
    documented = set(re.findall(r"`?\b([a-z_]+)\b", section.replace("`", " ")))
    printed = set(data) | set(data["candidates"][0]) | set(data["requirements"][0])
    printed |= set(data["sensitivity"][0])
    assert printed - documented == set()
