"""The Python example in docs/benefits.md runs as written."""

from __future__ import annotations

import re


def test_docs_example_runs(examples, tmp_path, monkeypatch):
    text = (examples.parent / "docs" / "benefits.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    monkeypatch.chdir(tmp_path)  # the example writes si.xlsx into the working folder
    namespace: dict[str, object] = {}
    for block in blocks:
        code = block.replace('"examples/', f'"{examples}/')
        exec(compile(code, "docs/benefits.md", "exec"), namespace)
    assert (tmp_path / "si.xlsx").is_file()
