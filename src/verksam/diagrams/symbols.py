"""SVG fragments of node symbols (boxes, events, gateways, documents...) and text blocks, with
coordinates written deterministically (0.1 px, no locale).
"""

from __future__ import annotations

from functools import lru_cache
from xml.sax import saxutils

from verksam.diagrams.geometry import NodeGeom, TextBlock
from verksam.diagrams.palette import TONES, fill_of, stroke_of
from verksam.diagrams.text import line_height

# A diagram repeats its names, ids and coordinates, and is drawn again after every edit.
escape = lru_cache(maxsize=1 << 14)(saxutils.escape)
quoteattr = lru_cache(maxsize=1 << 14)(saxutils.quoteattr)


@lru_cache(maxsize=1 << 16)  # a diagram repeats its coordinates, and is drawn again after edits
def num(v: float) -> str:
    """A coordinate as text: 0.1 px precision, no trailing zeros, no negative zero."""
    tenths = round(v * 10)
    if tenths % 10 == 0:  # a whole number (0 too, never "-0")
        return str(tenths // 10)
    return f"{tenths / 10:.1f}"


def svg_text(t: TextBlock) -> str:
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


def svg_points(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{num(x)},{num(y)}" for x, y in points)


def node_symbol(node: NodeGeom) -> list[str]:
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
        out.append(f'<polygon points="{svg_points(pts)}" {paint}/>')
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
        out.append(f'<polygon points="{svg_points(pts)}" {paint}/>')
        out.append(
            f'<path d="M{num(r - f)} {num(y)}V{num(y + f)}H{num(r)}" fill="none" '
            f'stroke="{stroke}" stroke-width="1"/>'
        )
    elif sym == "process":
        d = min(28.0, h / 2)
        pts = [(x, y), (r - d, y), (r, cy), (r - d, b), (x, b), (x + d, cy)]
        out.append(f'<polygon points="{svg_points(pts)}" {paint}/>')
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
        out.append(f'<polygon points="{svg_points(pts)}" {paint}/>')
    elif sym == "parallelogram":
        d = min(12.0, h / 3)
        pts = [(x + d, y), (r, y), (r - d, b), (x, b)]
        out.append(f'<polygon points="{svg_points(pts)}" {paint}/>')
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
        out.append(f'<polygon points="{svg_points(pts)}" {paint}/>')
    elif sym == "triangle":
        pts = [(cx, y), (r, b), (x, b)]
        out.append(f'<polygon points="{svg_points(pts)}" {paint}/>')
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
        return f'<polygon points="{svg_points(pts)}" {ink}/>'
    if kind == "terminate":
        return f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(k * 1.1)}" fill="{stroke}"/>'
    if kind == "error":
        pts = [(cx - k, cy + k), (cx - k * 0.4, cy - k), (cx + k * 0.2, cy + k * 0.2),
               (cx + k, cy - k)]  # fmt: skip
        return f'<polyline points="{svg_points(pts)}" {ink}/>'
    if kind == "escalation":
        pts = [(cx - k * 0.7, cy + k), (cx, cy - k), (cx + k * 0.7, cy + k), (cx, cy + k * 0.2)]
        return f'<polygon points="{svg_points(pts)}" {ink}/>'
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
