"""In headless Chromium, in Swedish: a Visio drawing (the BPMN MIWG collaboration C.1.0, two pools)
is uploaded on the import page; the case shows a process per pool, the report says in Swedish what
was read by a guess (by shape text and page, no ids), and the processes page draws both swimlanes.
The browser actions of the task are counted."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.web.browser.test_case_browser import _check, _storuman

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DRAWING = "bpmn-miwg_itp-commerce_C.1.0.vsdx"


def test_a_visio_drawing_is_uploaded_and_its_pools_and_report_are_shown(
    live_server: Any, new_page: Any, sign_in: Any, axe: Any, shot: Any, shared_data: Path
) -> None:
    _storuman()
    page = new_page(width=1500, height=1100, locale="sv-SE")
    actions = 0
    sign_in(page, "storuman-editor")
    actions += 3  # two fills and a click
    page.goto(f"{live_server.url}/o/storuman/cases/")
    actions += 1
    page.get_by_role("link", name="Importera en ärendefil").click()
    actions += 1
    page.wait_for_load_state()
    page.set_input_files("#id_file", str(shared_data / "visio" / DRAWING))
    actions += 1  # choosing the file
    page.get_by_role("button", name="Importera", exact=True).click()
    actions += 1
    page.wait_for_load_state()

    body = page.locator("main").inner_text()
    assert "importerades" in body  # the case was made
    # The report, in Swedish, names shapes by their text and page.
    assert (
        "så de importerades som vanliga händelser – kontrollera dem: starthändelse ”Invoice received” "
        "på sidan ”Collaboration C.1.0”"
    ) in body
    assert "De här grindarna importerades som händelsebaserade" in body
    for english in ("shape", "Not imported", "marker", "gateway"):
        assert english not in body, f"English on a Swedish page: {english!r}"
    _check(page, axe, shot, "visio-import-report")

    page.get_by_role("link", name="Processer", exact=True).first.click()
    actions += 1
    page.wait_for_selector("#diagram-swimlane-team-assistant-as-is.is-ready")
    # The other pool's process, from the page's list of processes.
    page.get_by_role("link", name=re.compile(r"^BPMN MIWG Test Case C\.1\.0")).first.click()
    actions += 1
    page.wait_for_selector("#diagram-swimlane-bpmn-miwg-test-case-c-1-0-as-is.is-ready")
    lanes = (
        page.locator("#diagram-swimlane-bpmn-miwg-test-case-c-1-0-as-is svg").text_content() or ""
    )
    assert all(name in lanes for name in ("Team Assistant", "Approver", "Accountant"))
    _check(page, axe, shot, "visio-import-processes")
    print(
        f"\nVisio import: {actions} browser actions (sign-in, import page, file, import, processes)"
    )
