"""Server-side diagrams from verksam.diagrams: inline SVG (failures reported, not raised) and files."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from verksam.model import Case
from verksam.web.cases.pages import Diagram
from verksam.web.jobs.limits import oversized, too_many_activities


@dataclass(frozen=True)
class Drawn:
    diagram: Diagram
    svg: SafeString | None
    error: str = ""


def draw(case: Case, diagram: Diagram) -> Drawn:
    """The diagram's SVG (our own renderer's output, so it is safe to inline), or why there is none."""
    if (count := oversized(case, diagram.id, diagram.variant)) is not None:
        return Drawn(diagram, None, too_many_activities(count))
    try:
        from verksam.diagrams import render
    except ImportError:
        return Drawn(diagram, None, _("Diagrams are not available in this installation."))
    try:
        svg = render(case, diagram.view, id=diagram.id, variant=diagram.variant)
    except (KeyError, ValueError, NotImplementedError) as exc:
        return Drawn(diagram, None, _("This diagram cannot be drawn: %(error)s") % {"error": exc})
    # Inline in HTML: drop the XML declaration a standalone SVG file starts with.
    if svg.startswith("<?xml"):
        svg = svg.split("?>", 1)[1].lstrip()
    return Drawn(diagram, mark_safe(svg))


def picture_response(svg: str, name: str, fmt: str) -> HttpResponse:
    """A diagram as a file to download: the SVG itself, or a PNG rasterised by resvg at 1:1."""
    if fmt == "png":
        from verksam.diagrams.png import to_png

        response = HttpResponse(to_png(svg), content_type="image/png")
    else:
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
