"""The real consumer: bpmn-js (from npm) opens every exported file without errors or warnings.

Exported are every example case (whole, and each process variant alone) and every model of the
interchange corpora after import.

Runs in the session's headless Chromium (the `chromium` fixture of tests/conftest.py); a screenshot of each diagram is saved under
test-artifacts/ for people to look at. With CI=true a missing browser fails instead of skipping.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.interchange.interchange_helpers import (
    ROOT,
    corpus_files,
    corpus_id,
    example_files,
    nested_lanes_bpmn,
)
from verksam.formats import load_case
from verksam.formats.bpmn import read_bpmn, read_bpmn_bytes, write_bpmn

VIEWER = ROOT / "node_modules" / "bpmn-js" / "dist" / "bpmn-navigated-viewer.production.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "bpmn-js"
IMPORT = """async (xml) => {
  if (window.viewer) { window.viewer.destroy(); }
  window.viewer = new BpmnJS({container: '#canvas'});
  try {
    const result = await window.viewer.importXML(xml);
    window.viewer.get('canvas').zoom('fit-viewport');
    return result.warnings.map(w => w.message);
  } catch (error) {
    return ['error: ' + error.message, ...(error.warnings || []).map(w => w.message)];
  }
}"""


def _require(path: Path, what: str) -> None:
    if not path.exists():
        message = f"{what} is missing at {path}; run tools/install-browser-deps.sh"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def exports() -> list[tuple[str, bytes, bool]]:
    """(name, BPMN, whether to keep a screenshot) for every file bpmn-js must open."""
    out = []
    for path in example_files():
        case = load_case(path, check=False)
        out.append((f"{path.parent.name}-{path.stem}", write_bpmn(case), True))
        for process in case.processes:
            for variant in process.variants:
                data = write_bpmn(case, [process.id], variant.id)
                out.append(
                    (f"{path.parent.name}-{path.stem}-{process.id}-{variant.id}", data, True)
                )
    for path in corpus_files():
        case = read_bpmn(path).case
        out.append((corpus_id(path).replace("/", "__"), write_bpmn(case), False))
    nested = read_bpmn_bytes(nested_lanes_bpmn()).case
    out.append(("nested-lanes", write_bpmn(nested), True))
    return out


@pytest.mark.browser
def test_bpmn_js_imports_every_exported_file_cleanly(chromium: Any) -> None:
    _require(VIEWER, "bpmn-js (npm ci)")
    files = exports()
    assert files, "no examples to export"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: dict[str, list[str]] = {}
    page = chromium.new_page(viewport={"width": 1600, "height": 1000})
    try:
        page.set_content(
            '<html><body style="margin:0"><div id="canvas" style="width:1600px;'
            'height:1000px"></div></body></html>'
        )
        page.add_script_tag(path=str(VIEWER))
        for name, data, keep in files:
            warnings = page.evaluate(IMPORT, data.decode("utf-8"))
            if warnings:
                problems[name] = warnings
            assert page.locator(".djs-shape").count() > 0, name
            if keep:
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    finally:
        page.close()
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
