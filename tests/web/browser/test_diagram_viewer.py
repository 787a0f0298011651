"""In headless Chromium: diagrams open at 1:1 (the Storuman as-is swimlane, about 4,600 px wide, is
not shrunk to the page), zoom with buttons and keys, "fit" shrinks a large diagram but never
enlarges a small one, full screen fills the window, and the PNG download is a picture of the
diagram at its own size."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

from tests.web.browser.test_case_browser import _check, _storuman

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SWIMLANE = "#diagram-swimlane-elevtransport-as-is"


def _widths(page: Any, figure: str) -> tuple[float, float, float]:
    """The SVG's own width, its rendered width and the viewport's width, in CSS pixels."""
    return page.evaluate(
        """(sel) => {
            const f = document.querySelector(sel), svg = f.querySelector('svg');
            return [parseFloat(svg.getAttribute('width')), svg.getBoundingClientRect().width,
                    f.querySelector('.diagram-viewport').getBoundingClientRect().width];
        }""",
        figure,
    )


def _rendered_after(page: Any, figure: str, before: float) -> float:
    page.wait_for_function(
        """([sel, before]) => Math.abs(document.querySelector(sel + ' svg')
               .getBoundingClientRect().width - before) > 1""",
        arg=[figure, before],
    )
    return _widths(page, figure)[1]


def test_the_storuman_swimlane_opens_at_actual_size_and_zooms_fits_and_fills_the_screen(
    live_server: Any, new_page: Any, sign_in: Any, axe: Any, shot: Any
) -> None:
    _storuman()
    page = new_page(width=1400, height=1400)  # a tall workshop screen: room for every lane
    actions = 0
    sign_in(page, "storuman-editor")
    actions += 3  # two fills and a click
    page.goto(f"{live_server.url}/o/storuman/cases/storuman-elevtransport/views/processes/")
    actions += 1
    page.wait_for_selector(f"{SWIMLANE}.is-ready")

    own, rendered, viewport = _widths(page, SWIMLANE)
    assert own > 4000, "the as-is swimlane is the wide one"
    assert abs(rendered - own) < 1, f"opens at 1:1: {rendered} px drawn for {own} px"
    assert viewport < own
    lanes_visible = page.evaluate(
        """(sel) => { const f = document.querySelector(sel);
            return f.querySelector('.diagram-viewport').getBoundingClientRect().height
                 >= parseFloat(f.querySelector('svg').getAttribute('height')); }""",
        SWIMLANE,
    )
    assert lanes_visible, "the viewport is as tall as the swimlane: no lane is cut off"
    _check(page, axe, shot, "diagram-viewer-processes")

    figure = page.locator(SWIMLANE)
    figure.get_by_role("button", name="Zoom in").click()
    actions += 1
    zoomed = _rendered_after(page, SWIMLANE, rendered)
    assert zoomed == pytest.approx(own * 1.25, rel=0.01)
    figure.get_by_role("button", name="Zoom out").click()
    figure.get_by_role("button", name="Zoom out").click()
    actions += 2
    smaller = _rendered_after(page, SWIMLANE, zoomed)
    assert smaller == pytest.approx(own / 1.25, rel=0.01)
    assert figure.locator(".diagram-zoom-level").text_content() == "80%"

    figure.get_by_role("button", name="Fit to window").click()
    actions += 1
    fitted = _rendered_after(page, SWIMLANE, smaller)
    assert fitted <= viewport + 1 and fitted > viewport * 0.9, "fit uses the viewport's width"

    # keys on the focused diagram: 0 is 1:1 again, + and - zoom
    page.locator(f"{SWIMLANE} .diagram-viewport").focus()
    page.keyboard.press("0")
    actions += 2
    assert _rendered_after(page, SWIMLANE, fitted) == pytest.approx(own, abs=1)
    page.keyboard.press("+")
    actions += 1
    assert _rendered_after(page, SWIMLANE, own) == pytest.approx(own * 1.25, rel=0.01)
    page.keyboard.press("-")
    actions += 1
    assert _rendered_after(page, SWIMLANE, own * 1.25) == pytest.approx(own, abs=1)

    figure.get_by_role("button", name="Full screen").click()
    actions += 1
    page.wait_for_function(
        f"() => document.querySelector('{SWIMLANE}').classList.contains('is-fullscreen')"
    )
    box = figure.bounding_box()
    assert box["width"] >= 1399 and box["height"] >= 1399, "full screen fills the window"
    assert figure.get_by_role("button", name="Full screen").get_attribute("aria-pressed") == "true"
    shot(page, "cases/diagram-viewer-full-screen")
    page.keyboard.press("Escape")
    actions += 1
    page.wait_for_function(
        f"() => !document.querySelector('{SWIMLANE}').classList.contains('is-fullscreen')"
    )

    with page.expect_download() as download:
        figure.get_by_role("link", name="Download as PNG").click()
    actions += 1
    data = Path(download.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, _height = struct.unpack(">II", data[16:24])
    assert abs(width - own) <= 1, f"the PNG is the diagram at 1:1 ({width} px for {own} px)"
    print(
        f"\ndiagram viewer: {actions} browser actions (sign-in, open, zoom, fit, keys, full screen, PNG)"
    )


def test_fit_never_enlarges_a_small_diagram(live_server: Any, new_page: Any, sign_in: Any) -> None:
    _storuman()
    page = new_page(width=1400, height=1200)
    sign_in(page, "storuman-editor")
    page.goto(f"{live_server.url}/o/storuman/cases/storuman-elevtransport/views/vision/")
    page.wait_for_selector(".diagram-viewer.is-ready svg")
    figure = page.locator(".diagram-viewer", has=page.locator("svg")).first
    selector = "#" + figure.get_attribute("id")
    own, rendered, viewport = _widths(page, selector)
    assert own < viewport, "the goal tree is narrower than the page"
    assert abs(rendered - own) < 1
    figure.get_by_role("button", name="Zoom out").click()
    smaller = _rendered_after(page, selector, rendered)
    figure.get_by_role("button", name="Fit to window").click()
    fitted = _rendered_after(page, selector, smaller)
    assert fitted == pytest.approx(own, abs=1), "fit stops at 1:1"
