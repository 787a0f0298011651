"""The diagram viewer: any server-drawn diagram at 1:1 with zoom, pan, fit, full screen and downloads.

Usage (see docs/web.md): ``{% load diagram_viewer %}`` then ``{% case_diagram_viewer drawing %}``
for a case diagram (``drawing`` from ``verksam.web.cases.diagrams.draw``, or a ``Diagram`` for a
lazily loaded one), or ``{% diagram_viewer title svg=... svg_url=... png_url=... %}`` for any other.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.text import slugify

from verksam.web.cases.diagrams import Drawn
from verksam.web.cases.pages import Diagram

register = template.Library()

_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')


def native_size(svg: str) -> tuple[float, float] | None:
    """Width and height in CSS pixels that our renderer wrote on the root <svg>, if any."""
    found = _SIZE.search(svg[:2000])
    return (float(found.group(1)), float(found.group(2))) if found else None


@register.inclusion_tag("cases/_diagram_viewer.html")
def diagram_viewer(
    title: str,
    *,
    svg: str = "",
    src: str = "",
    svg_url: str = "",
    png_url: str = "",
    note: str = "",
    key: str = "",
    error: str = "",
) -> dict[str, Any]:
    """One diagram in the viewer.

    ``svg`` is inline SVG markup (already safe), ``src`` the URL of an SVG to load lazily as an
    image; ``svg_url``/``png_url`` offer the downloads; ``note`` follows the title in the text
    alternative (where the same content is listed); ``key`` keeps the zoom of a diagram when the
    page part around it is redrawn (defaults to the title).
    """
    size = native_size(svg) if svg else None
    dom_id = "diagram-" + (slugify(key or title) or "view")
    return {
        "title": title,
        "svg": svg,
        "src": src,
        "svg_url": svg_url,
        "png_url": png_url,
        "note": note,
        "error": error,
        "dom_id": dom_id,
        "width": size[0] if size else None,
        "height": size[1] if size else None,
    }


def _query(diagram: Diagram) -> str:
    params = {"view": diagram.view, "id": diagram.id, "variant": diagram.variant}
    return urlencode({k: v for k, v in params.items() if v})


@register.inclusion_tag("cases/_diagram_viewer.html", takes_context=True)
def case_diagram_viewer(
    context: template.Context,
    drawing: Drawn | Diagram,
    note: str = "",
    downloads: bool = True,
    key: str = "",
) -> dict[str, Any]:
    """A diagram of the page's case (``organisation`` and ``case`` from the context) in the viewer.

    A ``Drawn`` is shown inline; a ``Diagram`` is loaded lazily from ``cases:diagram``.
    """
    diagram = drawing.diagram if isinstance(drawing, Drawn) else drawing
    urls = {"org": context["organisation"].slug, "case": context["case"].slug}
    query = _query(diagram)
    svg_url = f"{reverse('cases:diagram', kwargs=urls)}?{query}"
    png_url = f"{reverse('cases:diagram_png', kwargs=urls)}?{query}"
    key = key or "-".join(x for x in (diagram.view, diagram.id, diagram.variant) if x)
    if isinstance(drawing, Drawn):
        return diagram_viewer(
            diagram.title,
            svg=drawing.svg or "",
            svg_url=svg_url if downloads else "",
            png_url=png_url if downloads else "",
            note=note,
            key=key,
            error=drawing.error,
        )
    revision = getattr(context["case"], "revision", "")
    return diagram_viewer(
        diagram.title,
        src=f"{svg_url}&revision={revision}",
        svg_url=svg_url if downloads else "",
        png_url=png_url if downloads else "",
        note=note,
        key=key,
    )
