"""SVG output: a laid-out diagram as a standalone, accessible SVG document (edges with their
markers, lanes, decorations, nodes, legend). Symbols are drawn by `symbols`, colours come from
`palette`, and the sheet around the content is laid out by `sheet`.

Output is deterministic: numbers are rounded to 0.1 px and written without locale, elements come
out in geometry order, and only the markers in use are defined (in a fixed order).
"""

from __future__ import annotations

import hashlib

from verksam.diagrams.geometry import Decoration, Diagram, EdgeGeom, LaneGeom
from verksam.diagrams.palette import TONES
from verksam.diagrams.symbols import escape, node_symbol, num, quoteattr, svg_points, svg_text
from verksam.diagrams.text import FONT_FAMILY

_MARKERS: dict[str, str] = {
    "arrow": '<path d="M0 0L10 5L0 10z" fill="{c}"/>',
    "open": '<path d="M0 0L10 5L0 10" fill="none" stroke="{c}" stroke-width="1.5"/>',
    "triangle": '<path d="M0 0L10 5L0 10z" fill="#ffffff" stroke="{c}" stroke-width="1.2"/>',
    "diamond": '<path d="M0 5L6 0L12 5L6 10z" fill="#ffffff" stroke="{c}" stroke-width="1.2"/>',
    "diamond-filled": '<path d="M0 5L6 0L12 5L6 10z" fill="{c}"/>',
    "dot": '<circle cx="5" cy="5" r="3.5" fill="{c}"/>',
}


def marker_size(width: float) -> float:
    """Marker length in px: 9 for normal lines, growing with thick (weighted) lines."""
    return max(9.0, round(2.6 * width * 2) / 2)


def _marker_id(uid: str, kind: str, tone: str, width: float) -> str:
    return f"{uid}-{kind}-{tone}-{num(marker_size(width))}"


def _marker_defs(uid: str, used: list[tuple[str, str, float]]) -> str:
    out = []
    for kind, tone, size in used:
        colour = TONES.get(tone, TONES["edge"])
        w = 12 if kind.startswith("diamond") else 10
        # The polyline is shortened by the marker's length and the marker starts where the line
        # stops (refX 0), so the tip lands on the node outline and no thick line end pokes out.
        ref = 5 if kind == "dot" else 0
        length = size * (1.2 if kind.startswith("diamond") else 1.0)
        out.append(
            f'<marker id="{uid}-{kind}-{tone}-{num(size)}" viewBox="0 0 {w} 10" refX="{ref}" '
            f'refY="5" markerWidth="{num(length)}" markerHeight="{num(size)}" '
            f'markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
            f"{_MARKERS[kind].format(c=colour)}</marker>"
        )
    return "".join(out)


def _pull_back(a: tuple[float, float], b: tuple[float, float], by: float) -> tuple[float, float]:
    """Point b moved towards a by `by` (at most the segment length less half a pixel)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = (dx * dx + dy * dy) ** 0.5
    if length < 1e-9:
        return b
    step = min(by, max(0.0, length - 0.5))
    return (b[0] - dx / length * step, b[1] - dy / length * step)


def _edge(e: EdgeGeom, uid: str) -> list[str]:
    colour = TONES.get(e.tone, TONES["edge"])
    attrs = f'fill="none" stroke="{colour}" stroke-width="{num(e.width)}"'
    if e.dashed:
        attrs += ' stroke-dasharray="6 4"'
    pts = list(e.points)
    size = marker_size(e.width)
    if e.start != "none":
        attrs += f' marker-start="url(#{_marker_id(uid, e.start, e.tone, e.width)})"'
        if e.start != "dot" and len(pts) >= 2:
            pts[0] = _pull_back(
                pts[1], pts[0], size * (1.2 if e.start.startswith("diamond") else 1)
            )
    if e.end != "none":
        attrs += f' marker-end="url(#{_marker_id(uid, e.end, e.tone, e.width)})"'
        if e.end != "dot" and len(pts) >= 2:
            pts[-1] = _pull_back(
                pts[-2], pts[-1], size * (1.2 if e.end.startswith("diamond") else 1)
            )
    out = [f'<polyline points="{svg_points(pts)}" {attrs} stroke-linejoin="round"/>']
    for t in [*([e.label] if e.label else []), *e.extra_labels]:
        out.append(
            f'<rect x="{num(t.rect.x - 2)}" y="{num(t.rect.y)}" width="{num(t.rect.w + 4)}" '
            f'height="{num(t.rect.h)}" fill="#ffffff" fill-opacity="0.85"/>'
        )
        out.append(svg_text(t))
    return out


def _decoration(d: Decoration) -> str:
    if d.kind == "rect" and d.rect is not None:
        fill = TONES.get(d.fill, d.fill) if d.fill != "none" else "none"
        stroke = TONES.get(d.stroke, d.stroke) if d.stroke != "none" else "none"
        dash = ' stroke-dasharray="6 4"' if d.dashed else ""
        return (
            f'<rect x="{num(d.rect.x)}" y="{num(d.rect.y)}" width="{num(d.rect.w)}" '
            f'height="{num(d.rect.h)}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{num(d.width)}"{dash}/>'
        )
    if d.kind == "line":
        stroke = TONES.get(d.stroke, d.stroke)
        dash = ' stroke-dasharray="8 4"' if d.dashed else ""
        return (
            f'<polyline points="{svg_points(d.points)}" fill="none" stroke="{stroke}" '
            f'stroke-width="{num(d.width)}"{dash}/>'
        )
    if d.kind == "text" and d.text is not None:
        return svg_text(d.text)
    return ""


def _lane(lane: LaneGeom, index: int) -> list[str]:
    b, h = lane.box, lane.header
    band = TONES["band"] if index % 2 == 0 else TONES["band2"]
    return [
        f'<rect x="{num(b.x)}" y="{num(b.y)}" width="{num(b.w)}" height="{num(b.h)}" '
        f'fill="{band}" stroke="{TONES["lane"]}" stroke-width="1"/>',
        f'<rect x="{num(h.x)}" y="{num(h.y)}" width="{num(h.w)}" height="{num(h.h)}" '
        f'fill="{TONES["header"]}" stroke="{TONES["lane"]}" stroke-width="1"/>',
        svg_text(lane.label),
    ]


def to_svg(diagram: Diagram) -> str:
    """The diagram as a standalone, accessible SVG document.

    Element ids carry a prefix derived from the diagram itself, so several diagrams can be inlined
    in one HTML page without clashing, and the output stays deterministic.
    """
    uid = (
        "v"
        + hashlib.sha1(
            f"{diagram.view}\n{diagram.title}\n{diagram.subtitle}\n{len(diagram.nodes)}".encode(),
            usedforsecurity=False,
        ).hexdigest()[:8]
    )
    parts: list[str] = []
    used_set: set[tuple[str, str, float]] = {
        (m, e.tone, marker_size(e.width))
        for e in diagram.edges
        for m in (e.start, e.end)
        if m != "none"
    }
    used = sorted(used_set)
    w, h = diagram.width, diagram.height
    parts.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{num(w)}" height="{num(h)}" '
        f'viewBox="0 0 {num(w)} {num(h)}" role="img" aria-labelledby="{uid}-title {uid}-desc" '
        f"font-family={quoteattr(FONT_FAMILY + ', Verdana, sans-serif')} "
        f"data-view={quoteattr(diagram.view)}>"
    )
    parts.append(
        f'<title id="{uid}-title">{escape(diagram.title)} — {escape(diagram.subtitle)}</title>'
    )
    parts.append(f'<desc id="{uid}-desc">{escape(diagram.description)}</desc>')
    if used:
        parts.append(f"<defs>{_marker_defs(uid, used)}</defs>")
    parts.append(f'<rect width="{num(w)}" height="{num(h)}" fill="#ffffff"/>')
    parts.extend(svg_text(t) for t in diagram.header)
    parts.append('<g class="decorations">')
    parts.extend(_decoration(d) for d in diagram.decorations)
    parts.append("</g>")
    if diagram.lanes:
        parts.append('<g class="lanes">')
        for i, lane in enumerate(diagram.lanes):
            parts.extend(_lane(lane, i))
        parts.append("</g>")
    if diagram.overlays:
        parts.append('<g class="overlays">')
        parts.extend(_decoration(d) for d in diagram.overlays)
        parts.append("</g>")
    parts.append('<g class="edges">')
    for e in diagram.edges:
        parts.append(
            f"<g data-source={quoteattr(e.source)} data-target={quoteattr(e.target)} "
            f"data-kind={quoteattr(e.kind)}>"
        )
        parts.extend(_edge(e, uid))
        parts.append("</g>")
    parts.append("</g>")
    parts.append('<g class="nodes">')
    for node in diagram.nodes:
        parts.append(f"<g data-id={quoteattr(node.id)} data-kind={quoteattr(node.kind)}>")
        if node.title:
            parts.append(f"<title>{escape(node.title)}</title>")
        parts.extend(node_symbol(node))
        parts.extend(svg_text(t) for t in node.texts)
        parts.append("</g>")
    parts.append("</g>")
    if diagram.legend_box is not None:
        lb = diagram.legend_box
        parts.append(
            f'<g class="legend"><rect x="{num(lb.x)}" y="{num(lb.y)}" width="{num(lb.w)}" '
            f'height="{num(lb.h)}" fill="#ffffff" stroke="{TONES["rule"]}" stroke-width="1"/>'
        )
        for node in diagram.legend_nodes:
            parts.extend(node_symbol(node))
        parts.extend(svg_text(t) for t in diagram.legend_texts)
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(p for p in parts if p) + "\n"
