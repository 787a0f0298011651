"""SVG output: the palette, the symbols, text blocks, markers and the sheet (title, case, legend).

Output is deterministic: numbers are rounded to 0.1 px and written without locale, elements come
out in geometry order, and only the markers in use are defined (in a fixed order).
"""

from __future__ import annotations

import hashlib
from xml.sax.saxutils import escape, quoteattr

from verksam.diagrams.geometry import (
    Decoration,
    Diagram,
    EdgeGeom,
    LaneGeom,
    LegendItem,
    NodeGeom,
    Rect,
    TextBlock,
)
from verksam.diagrams.text import FONT_FAMILY, block_size, line_height, text_width, wrap

# Fill and stroke per element family. Fills are light and text is near-black, so every label has
# a contrast ratio above 8:1 (tests/diagrams/test_palette.py); strokes exceed 4.5:1 on white.
PALETTE: dict[str, tuple[str, str]] = {
    "task": ("#e3eefa", "#2f5f8f"),
    "subprocess": ("#e3eefa", "#2f5f8f"),
    "gateway": ("#fff2cc", "#7a5700"),
    "start": ("#e3f4e6", "#2e7d32"),
    "end": ("#fbe3e3", "#a32020"),
    "event": ("#f1ecfa", "#5b3f99"),
    "vision": ("#eceffa", "#34448a"),
    "goal": ("#e4f2e4", "#2e6b35"),
    "goal-quant": ("#d4ecd6", "#1f5a27"),
    "problem": ("#fdebe9", "#a8322d"),
    "process": ("#dbe9f7", "#1f4e79"),
    "people": ("#f3e8f7", "#6f3d82"),
    "physical": ("#ececec", "#505050"),
    "information": ("#fff4d4", "#7a5700"),
    "abstract": ("#e3f4f4", "#246363"),
    "system": ("#e8eaf0", "#3e4a61"),
    "concept": ("#f5f0e6", "#6b5228"),
    "state": ("#e3eefa", "#2f5f8f"),
    "terminal": ("#1b1b1b", "#1b1b1b"),
    "effect-goal": ("#e4f2e4", "#2e6b35"),
    "target-group": ("#f3e8f7", "#6f3d82"),
    "need": ("#fff4d4", "#7a5700"),
    "deliverable": ("#e3eefa", "#2f5f8f"),
    "change": ("#e3eefa", "#2f5f8f"),
    "effect": ("#fff4d4", "#7a5700"),
    "benefit": ("#e4f2e4", "#2e6b35"),
    "dis-benefit": ("#fdebe9", "#a8322d"),
    "prerequisite": ("#ececec", "#505050"),
    "unit": ("#e3eefa", "#2f5f8f"),
    "unit-external": ("#ececec", "#505050"),
    "unit-citizen": ("#f3e8f7", "#6f3d82"),
    "positive": ("#e3f4e6", "#2e7d32"),
    "neutral": ("#ececec", "#505050"),
    "negative": ("#fdebe9", "#a8322d"),
    "lifeline": ("#e3eefa", "#2f5f8f"),
    "marker": ("#ffffff", "#3a3a3a"),
    "activity-map": ("#e3eefa", "#2f5f8f"),
    "plain": ("#ffffff", "#3a3a3a"),
}
# Discovered process maps shade boxes by count (blue) or mean duration (orange), light to mid, so
# the darkest still gives near-black text a contrast above 8:1.
_FREQ_SHADES = ["#f1f6fc", "#dde9f7", "#c6dbf1", "#adcbea", "#94bbe3"]
_PERF_SHADES = ["#fdf3ec", "#fbe3d2", "#f8cfb3", "#f4b994", "#f0a477"]
PALETTE.update({f"map-f{i}": (shade, "#2f5f8f") for i, shade in enumerate(_FREQ_SHADES)})
PALETTE.update({f"map-p{i}": (shade, "#8a3b12") for i, shade in enumerate(_PERF_SHADES)})

TONES: dict[str, str] = {
    "text": "#1b1b1b",
    "muted": "#3d3d3d",
    "edge": "#3a3a3a",
    "back": "#b03d00",
    "slow": "#a32020",  # rework loops: dark orange, 5.3:1 on white
    "achieve": "#2e6b35",
    "blocks": "#a8322d",
    "message": "#34448a",
    "rule": "#7a7a7a",
    "lane": "#9aa5b1",
    "header": "#eef1f4",
    "band": "#f7f9fb",
    "band2": "#ffffff",
    "quad1": "#f6f9fd",
    "quad2": "#fbf8f1",
    "quad3": "#f6faf6",
    "quad4": "#faf6fa",
    "white": "#ffffff",
}

MARGIN = 24.0
TITLE_SIZE = 18.0
SUBTITLE_SIZE = 12.0
LEGEND_SIZE = 11.0


def num(v: float) -> str:
    """A coordinate as text: 0.1 px precision, no trailing zeros, no negative zero."""
    r = round(v * 10) / 10
    if r == 0:
        return "0"
    s = f"{r:.1f}"
    return s[:-2] if s.endswith(".0") else s


def fill_of(key: str) -> str:
    return PALETTE.get(key, PALETTE["plain"])[0]


def stroke_of(key: str) -> str:
    return PALETTE.get(key, PALETTE["plain"])[1]


def text_block(
    lines: list[str],
    x: float,
    y: float,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    anchor: str = "middle",
    tone: str = "text",
) -> TextBlock:
    """A text block with its measured rectangle; `x` is the anchor, `y` the top."""
    w, h = block_size(lines, size, bold=bold)
    left = x - w / 2 if anchor == "middle" else x - w if anchor == "end" else x
    return TextBlock(
        lines,
        x,
        y,
        size,
        bold,
        italic,
        "middle" if anchor == "middle" else "end" if anchor == "end" else "start",
        tone,
        Rect(left, y, w, h),
    )


# --------------------------------------------------------------------------- drawing


def _text(t: TextBlock) -> str:
    if not t.lines:
        return ""
    lh = line_height(t.size)
    # Centre the font's ascent+descent (1.164 em for DejaVu Sans) in each line box.
    first = t.y + (lh - 1.164 * t.size) / 2 + 0.928 * t.size
    attrs = f'x="{num(t.x)}" y="{num(first)}" font-size="{num(t.size)}"'
    if t.anchor != "start":
        attrs += f' text-anchor="{t.anchor}"'
    if t.bold:
        attrs += ' font-weight="bold"'
    if t.italic:
        attrs += ' font-style="italic"'
    colour = TONES.get(t.tone, TONES["text"])
    if colour != TONES["text"]:
        attrs += f' fill="{colour}"'
    if len(t.lines) == 1:
        return f"<text {attrs}>{escape(t.lines[0])}</text>"
    spans = "".join(
        f'<tspan x="{num(t.x)}"{"" if i == 0 else f" dy={chr(34)}{num(lh)}{chr(34)}"}>'
        f"{escape(line)}</tspan>"
        for i, line in enumerate(t.lines)
    )
    return f"<text {attrs}>{spans}</text>"


def _poly(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{num(x)},{num(y)}" for x, y in points)


def _symbol(node: NodeGeom) -> list[str]:
    """SVG elements of a node's symbol (without its texts)."""
    s = node.shape
    fill, stroke = fill_of(node.fill), stroke_of(node.fill)
    dash = ' stroke-dasharray="6 3"' if node.dashed else ""
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}'
    x, y, w, h, r, b = s.x, s.y, s.w, s.h, s.right, s.bottom
    cx, cy = s.cx, s.cy
    sym = node.symbol
    out: list[str] = []
    if sym in ("box", "class", "lifeline", "marker"):
        out.append(
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" rx="2" {paint}/>'
        )
        for key in ("y1", "y2"):
            if key in node.extra:
                ly = node.extra[key]
                out.append(
                    f'<line x1="{num(x)}" y1="{num(ly)}" x2="{num(r)}" y2="{num(ly)}" '
                    f'stroke="{stroke}" stroke-width="1"/>'
                )
    elif sym in ("round", "state"):
        rx = 10 if sym == "round" else min(16.0, h / 2)
        out.append(
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" '
            f'rx="{num(rx)}" {paint}/>'
        )
        if node.kind == "subprocess":
            mx, my = cx, b - 9
            out.append(
                f'<rect x="{num(mx - 6)}" y="{num(my - 6)}" width="12" height="12" '
                f'fill="none" stroke="{stroke}" stroke-width="1"/>'
                f'<path d="M{num(mx - 4)} {num(my)}h8M{num(mx)} {num(my - 4)}v8" '
                f'stroke="{stroke}" stroke-width="1.2"/>'
            )
    elif sym == "stadium":
        out.append(
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" '
            f'rx="{num(h / 2)}" {paint}/>'
        )
    elif sym.startswith("diamond"):
        pts = [(cx, y), (r, cy), (cx, b), (x, cy)]
        out.append(f'<polygon points="{_poly(pts)}" {paint}/>')
        k = w * 0.18
        ink = f'stroke="{stroke}" stroke-width="3" stroke-linecap="round" fill="none"'
        if sym == "diamond-x":
            out.append(
                f'<path d="M{num(cx - k)} {num(cy - k)}L{num(cx + k)} {num(cy + k)}'
                f'M{num(cx + k)} {num(cy - k)}L{num(cx - k)} {num(cy + k)}" {ink}/>'
            )
        elif sym == "diamond-plus":
            k2 = k * 1.3
            out.append(
                f'<path d="M{num(cx - k2)} {num(cy)}H{num(cx + k2)}M{num(cx)} {num(cy - k2)}'
                f'V{num(cy + k2)}" {ink}/>'
            )
        elif sym == "diamond-o":
            out.append(
                f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(k * 1.2)}" fill="none" '
                f'stroke="{stroke}" stroke-width="2.5"/>'
            )
        elif sym == "diamond-e":
            out.append(
                f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(k * 1.5)}" fill="none" '
                f'stroke="{stroke}" stroke-width="1"/>'
            )
    elif sym in ("circle", "circle-bold", "circle-double"):
        rad = min(w, h) / 2
        width = "4" if sym == "circle-bold" else "1.5"
        out.append(
            f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(rad - 1)}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{width}"{dash}/>'
        )
        if sym == "circle-double":
            out.append(
                f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(rad - 4)}" fill="none" '
                f'stroke="{stroke}" stroke-width="1.2"/>'
            )
    elif sym == "dot":
        out.append(
            f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(min(w, h) / 2)}" fill="#1b1b1b"/>'
        )
    elif sym == "bullseye":
        rad = min(w, h) / 2
        out.append(
            f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(rad - 1)}" fill="#ffffff" '
            f'stroke="#1b1b1b" stroke-width="1.5"/>'
            f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(rad - 5)}" fill="#1b1b1b"/>'
        )
    elif sym == "note":
        f = min(14.0, h / 3)
        pts = [(x, y), (r - f, y), (r, y + f), (r, b), (x, b)]
        out.append(f'<polygon points="{_poly(pts)}" {paint}/>')
        out.append(
            f'<path d="M{num(r - f)} {num(y)}V{num(y + f)}H{num(r)}" fill="none" '
            f'stroke="{stroke}" stroke-width="1"/>'
        )
    elif sym == "process":
        d = min(28.0, h / 2)
        pts = [(x, y), (r - d, y), (r, cy), (r - d, b), (x, b), (x + d, cy)]
        out.append(f'<polygon points="{_poly(pts)}" {paint}/>')
    elif sym == "document":
        wave = min(8.0, h / 6)
        out.append(
            f'<path d="M{num(x)} {num(y)}H{num(r)}V{num(b - wave)}'
            f"C{num(r - w / 4)} {num(b - 2.5 * wave)} {num(x + w / 4)} {num(b + wave)} "
            f'{num(x)} {num(b - wave)}Z" {paint}/>'
        )
    elif sym == "cylinder":
        e = min(8.0, h / 5)
        out.append(
            f'<path d="M{num(x)} {num(y + e)}A{num(w / 2)} {num(e)} 0 0 1 {num(r)} {num(y + e)}'
            f'V{num(b - e)}A{num(w / 2)} {num(e)} 0 0 1 {num(x)} {num(b - e)}Z" {paint}/>'
            f'<path d="M{num(x)} {num(y + e)}A{num(w / 2)} {num(e)} 0 0 0 {num(r)} {num(y + e)}" '
            f'fill="none" stroke="{stroke}" stroke-width="1.2"/>'
        )
    elif sym == "hexagon":
        d = min(14.0, h / 2)
        pts = [(x + d, y), (r - d, y), (r, cy), (r - d, b), (x + d, b), (x, cy)]
        out.append(f'<polygon points="{_poly(pts)}" {paint}/>')
    elif sym == "parallelogram":
        d = min(12.0, h / 3)
        pts = [(x + d, y), (r, y), (r - d, b), (x, b)]
        out.append(f'<polygon points="{_poly(pts)}" {paint}/>')
    elif sym == "octagon":
        d = min(10.0, h / 3)
        pts = [
            (x + d, y),
            (r - d, y),
            (r, y + d),
            (r, b - d),
            (r - d, b),
            (x + d, b),
            (x, b - d),
            (x, y + d),
        ]
        out.append(f'<polygon points="{_poly(pts)}" {paint}/>')
    elif sym == "triangle":
        pts = [(cx, y), (r, b), (x, b)]
        out.append(f'<polygon points="{_poly(pts)}" {paint}/>')
    elif sym == "line":
        tone = TONES.get(node.fill, TONES["edge"])
        out.append(
            f'<line x1="{num(x)}" y1="{num(cy)}" x2="{num(r)}" y2="{num(cy)}" stroke="{tone}" '
            f'stroke-width="{num(node.extra.get("width", 2.0))}"{dash}/>'
        )
    else:
        out.append(f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" {paint}/>')
    if "icon" in node.extra:
        out.append(_icon(node))
    for key in node.extra:
        if key.startswith("ev-"):
            mark = _event_mark(key[3:], cx, cy, min(w, h) / 2, stroke)
            if "throw" in node.extra:  # a throwing event's icon is filled
                mark = mark.replace('fill="none"', f'fill="{stroke}"', 1)
            out.append(mark)
    return out


def _event_mark(kind: str, cx: float, cy: float, r: float, stroke: str) -> str:
    """The BPMN event definition inside an event circle."""
    k = r * 0.5
    ink = f'fill="none" stroke="{stroke}" stroke-width="1.2"'
    if kind == "message":
        return (
            f'<rect x="{num(cx - k)}" y="{num(cy - k * 0.7)}" width="{num(2 * k)}" '
            f'height="{num(1.4 * k)}" {ink}/><path d="M{num(cx - k)} {num(cy - k * 0.7)}'
            f'L{num(cx)} {num(cy + k * 0.1)}L{num(cx + k)} {num(cy - k * 0.7)}" {ink}/>'
        )
    if kind == "timer":
        return (
            f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(k * 1.1)}" {ink}/>'
            f'<path d="M{num(cx)} {num(cy - k * 0.8)}V{num(cy)}H{num(cx + k * 0.6)}" {ink}/>'
        )
    if kind == "signal":
        pts = [(cx, cy - k), (cx + k, cy + k * 0.7), (cx - k, cy + k * 0.7)]
        return f'<polygon points="{_poly(pts)}" {ink}/>'
    if kind == "terminate":
        return f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(k * 1.1)}" fill="{stroke}"/>'
    if kind == "error":
        pts = [(cx - k, cy + k), (cx - k * 0.4, cy - k), (cx + k * 0.2, cy + k * 0.2),
               (cx + k, cy - k)]  # fmt: skip
        return f'<polyline points="{_poly(pts)}" {ink}/>'
    if kind == "escalation":
        pts = [(cx - k * 0.7, cy + k), (cx, cy - k), (cx + k * 0.7, cy + k), (cx, cy + k * 0.2)]
        return f'<polygon points="{_poly(pts)}" {ink}/>'
    if kind == "conditional":
        return (
            f'<rect x="{num(cx - k * 0.7)}" y="{num(cy - k)}" width="{num(1.4 * k)}" '
            f'height="{num(2 * k)}" {ink}/><path d="M{num(cx - k * 0.45)} {num(cy - k * 0.5)}'
            f"h{num(0.9 * k)}M{num(cx - k * 0.45)} {num(cy)}h{num(0.9 * k)}"
            f'M{num(cx - k * 0.45)} {num(cy + k * 0.5)}h{num(0.9 * k)}" {ink}/>'
        )
    return ""


def _icon(node: NodeGeom) -> str:
    """A small stick figure in the top-left corner of «people» resources and roles."""
    x = node.shape.x + 9
    y = node.shape.y + 6
    stroke = stroke_of(node.fill)
    return (
        f'<g fill="none" stroke="{stroke}" stroke-width="1.2">'
        f'<circle cx="{num(x)}" cy="{num(y + 3)}" r="3"/>'
        f'<path d="M{num(x)} {num(y + 6)}V{num(y + 13)}M{num(x - 4)} {num(y + 9)}H{num(x + 4)}'
        f"M{num(x)} {num(y + 13)}L{num(x - 3.5)} {num(y + 18)}M{num(x)} {num(y + 13)}"
        f'L{num(x + 3.5)} {num(y + 18)}"/></g>'
    )


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
    out = [f'<polyline points="{_poly(pts)}" {attrs} stroke-linejoin="round"/>']
    for t in [*([e.label] if e.label else []), *e.extra_labels]:
        out.append(
            f'<rect x="{num(t.rect.x - 2)}" y="{num(t.rect.y)}" width="{num(t.rect.w + 4)}" '
            f'height="{num(t.rect.h)}" fill="#ffffff" fill-opacity="0.85"/>'
        )
        out.append(_text(t))
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
            f'<polyline points="{_poly(d.points)}" fill="none" stroke="{stroke}" '
            f'stroke-width="{num(d.width)}"{dash}/>'
        )
    if d.kind == "text" and d.text is not None:
        return _text(d.text)
    return ""


def _lane(lane: LaneGeom, index: int) -> list[str]:
    b, h = lane.box, lane.header
    band = TONES["band"] if index % 2 == 0 else TONES["band2"]
    return [
        f'<rect x="{num(b.x)}" y="{num(b.y)}" width="{num(b.w)}" height="{num(b.h)}" '
        f'fill="{band}" stroke="{TONES["lane"]}" stroke-width="1"/>',
        f'<rect x="{num(h.x)}" y="{num(h.y)}" width="{num(h.w)}" height="{num(h.h)}" '
        f'fill="{TONES["header"]}" stroke="{TONES["lane"]}" stroke-width="1"/>',
        _text(lane.label),
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
    parts.extend(_text(t) for t in diagram.header)
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
        parts.extend(_symbol(node))
        parts.extend(_text(t) for t in node.texts)
        parts.append("</g>")
    parts.append("</g>")
    if diagram.legend_box is not None:
        lb = diagram.legend_box
        parts.append(
            f'<g class="legend"><rect x="{num(lb.x)}" y="{num(lb.y)}" width="{num(lb.w)}" '
            f'height="{num(lb.h)}" fill="#ffffff" stroke="{TONES["rule"]}" stroke-width="1"/>'
        )
        for node in diagram.legend_nodes:
            parts.extend(_symbol(node))
        parts.extend(_text(t) for t in diagram.legend_texts)
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(p for p in parts if p) + "\n"


# --------------------------------------------------------------------------- the sheet


def finish(
    diagram: Diagram, content_w: float, content_h: float, *, legend_title: str = "Legend"
) -> Diagram:
    """Put the content (drawn from the origin) on a sheet with the title, case name and legend.

    Moves every node, edge, lane and decoration so the returned geometry is absolute.
    """
    title = text_block([diagram.title], MARGIN, MARGIN, TITLE_SIZE, bold=True, anchor="start")
    sub_lines = wrap(diagram.subtitle, max(400.0, content_w), SUBTITLE_SIZE) or [""]
    subtitle = text_block(
        sub_lines, MARGIN, title.rect.bottom + 2, SUBTITLE_SIZE, anchor="start", tone="muted"
    )
    top = subtitle.rect.bottom + 16
    dx, dy = MARGIN, top
    diagram.nodes = [n.shifted(dx, dy) for n in diagram.nodes]
    diagram.edges = [e.shifted(dx, dy) for e in diagram.edges]
    diagram.lanes = [lane.shifted(dx, dy) for lane in diagram.lanes]
    diagram.decorations = [d.shifted(dx, dy) for d in diagram.decorations]
    diagram.overlays = [d.shifted(dx, dy) for d in diagram.overlays]
    diagram.content = Rect(dx, dy, content_w, content_h)
    width = max(content_w, title.rect.w, subtitle.rect.w) + 2 * MARGIN
    height = top + content_h + MARGIN
    if diagram.legend:
        box, nodes, texts = _legend(
            diagram.legend, MARGIN, height, width - 2 * MARGIN, legend_title
        )
        diagram.legend_box, diagram.legend_nodes, diagram.legend_texts = box, nodes, texts
        width = max(width, box.right + MARGIN)
        height = box.bottom + MARGIN
    diagram.header = [title, subtitle]
    diagram.width, diagram.height = width, height
    return diagram


def _legend(
    items: list[LegendItem], x0: float, y0: float, max_w: float, heading: str
) -> tuple[Rect, list[NodeGeom], list[TextBlock]]:
    pad, sym_w, sym_h, gap = 10.0, 30.0, 20.0, 18.0
    texts = [text_block([heading], x0 + pad, y0 + pad, LEGEND_SIZE, bold=True, anchor="start")]
    row_y = texts[0].rect.bottom + 6
    x = x0 + pad
    nodes: list[NodeGeom] = []
    right = texts[0].rect.right
    for item in items:
        tw = text_width(item.label, LEGEND_SIZE)
        need = sym_w + 6 + tw
        if x > x0 + pad and x + need > x0 + max(max_w, 300.0) - pad:
            x = x0 + pad
            row_y += sym_h + 8
        shape = Rect(x, row_y, sym_w, sym_h)
        if item.symbol.startswith("diamond") or item.symbol in (
            "circle",
            "circle-bold",
            "circle-double",
            "dot",
            "bullseye",
        ):
            shape = Rect(x + (sym_w - sym_h) / 2, row_y, sym_h, sym_h)
        if item.symbol.startswith("edge"):
            width = float(item.symbol[4:]) if item.symbol[4:] else 2.0
            nodes.append(
                NodeGeom("legend", "edge", "line", shape, shape, fill=item.tone, dashed=item.dashed)
            )
            nodes[-1].extra["width"] = width
        else:
            nodes.append(
                NodeGeom(
                    "legend",
                    "legend",
                    item.symbol,
                    shape,
                    shape,
                    fill=item.fill,
                    dashed=item.dashed,
                )
            )
            if item.symbol == "people":
                nodes[-1].symbol = "box"
                nodes[-1].extra["icon"] = 1.0
        label = text_block(
            [item.label],
            x + sym_w + 6,
            row_y + (sym_h - line_height(LEGEND_SIZE)) / 2,
            LEGEND_SIZE,
            anchor="start",
        )
        texts.append(label)
        right = max(right, label.rect.right)
        x += need + gap
    box = Rect(x0, y0, right - x0 + pad, row_y + sym_h + pad - y0)
    return box, nodes, texts
