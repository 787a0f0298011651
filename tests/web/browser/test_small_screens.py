"""At 320 CSS px (WCAG 2.1 reflow, 1.4.10) the main pages do not scroll sideways, the header's
links are reached through the menu button, and axe-core finds nothing serious."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browser.conftest import describe
from tests.web.browser.test_case_browser import _storuman

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CASE = "/o/storuman/cases/storuman-elevtransport"
PAGES = [
    "/",
    "/o/storuman/cases/",
    f"{CASE}/",
    f"{CASE}/views/vision/",
    f"{CASE}/views/processes/",
    f"{CASE}/views/benefits/",
    f"{CASE}/analysis/",
    f"{CASE}/benefits-report/",
    f"{CASE}/history/",
    "/courses/",
    "/library/",
]


# the outermost elements reaching past the screen's right edge, to say what is too wide
WIDEST = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > 321 && !e.closest('.diagram-viewport')
                 && e.parentElement.getBoundingClientRect().right <= 321
                 && getComputedStyle(e.parentElement).overflowX === 'visible')
    .slice(0, 4).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.')
                      + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')"""


def test_main_pages_reflow_at_320_px_with_the_menu_behind_a_button(
    live_server: Any, new_page: Any, sign_in: Any, axe: Any, shot: Any
) -> None:
    _storuman()
    page = new_page(width=320, height=640, locale="sv-SE")
    sign_in(page, "storuman-editor")
    too_wide = []
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("() => document.scrollingElement.scrollWidth")
        if width > 320:
            culprits = page.evaluate(WIDEST)
            too_wide.append(f"{path}: {width} px ({culprits})")
    assert not too_wide, "pages wider than the 320 px screen:\n" + "\n".join(too_wide)

    page.goto(f"{live_server.url}{CASE}/views/processes/")
    menu = page.get_by_role("button", name="Meny")
    cases = page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Ärenden")
    assert menu.get_attribute("aria-expanded") == "false" and not cases.is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true" and cases.is_visible()
    shot(page, "cases/small-screen-menu")
    violations = axe(page)
    assert not violations, describe(violations)
    cases.click()
    page.wait_for_url("**/o/storuman/cases/")
