"""The Python example in docs/analysis.md runs as written (from the repository root)."""

from __future__ import annotations

import re

import pytest


def test_docs_example_runs(examples, monkeypatch):
    text = (examples.parent / "docs" / "analysis.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    monkeypatch.chdir(examples.parent)
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "docs/analysis.md", "exec"), namespace)
    m = namespace["m"]
    assert m.variant_id == "to-be"  # type: ignore[attr-defined]
    difference = (
        namespace["compare_variants"](  # type: ignore[operator]
            namespace["case"], "henvendelse", "as-is", "to-be"
        )
        .figure("fte.total")
        .difference
    )
    assert difference == pytest.approx(-20.5, abs=0.05)
