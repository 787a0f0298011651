"""Geometry checks shared by the diagram tests: overlaps, label fit, edges through boxes, lanes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from verksam.diagrams.geometry import Diagram, Rect

EPS = 0.5


def segment_hits(a: tuple[float, float], b: tuple[float, float], r: Rect) -> bool:
    """True when the segment a–b passes through the interior of r (Liang–Barsky clipping)."""
    x0, y0 = a
    dx, dy = b[0] - x0, b[1] - y0
    lo, hi = 0.0, 1.0
    for p, q in (
        (-dx, x0 - (r.x + EPS)),
        (dx, (r.right - EPS) - x0),
        (-dy, y0 - (r.y + EPS)),
        (dy, (r.bottom - EPS) - y0),
    ):
        if abs(p) < 1e-12:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
        if lo > hi:
            return False
    return hi - lo > 1e-9


def problems(d: Diagram) -> list[str]:
    """Every geometry rule the diagram breaks, as readable lines (empty when all is well)."""
    out: list[str] = []
    boxes = sorted(d.nodes, key=lambda n: n.box.x)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if b.box.x >= a.box.right:
                break
            if a.box.overlaps(b.box):
                out.append(f"boxes overlap: {a.id} {a.box} and {b.id} {b.box}")
    for n in d.nodes:
        for t in n.texts:
            if not n.box.contains(t.rect, eps=0.6):
                out.append(f"label of {n.id} {t.lines!r} {t.rect} leaves its box {n.box}")
    for e in d.edges:
        if len(e.points) < 2:
            out.append(f"edge {e.source}→{e.target} has fewer than two points")
            continue
        ends = {e.source, e.target}
        for n in d.nodes:
            if n.id in ends:
                continue
            box = n.box
            xs = [p[0] for p in e.points]
            ys = [p[1] for p in e.points]
            if max(xs) < box.x or min(xs) > box.right or max(ys) < box.y or min(ys) > box.bottom:
                continue
            for p, q in zip(e.points, e.points[1:], strict=False):
                if segment_hits(p, q, box):
                    out.append(f"edge {e.source}→{e.target} crosses {n.id} at {p}–{q}")
                    break
        for t in [*([e.label] if e.label else []), *e.extra_labels]:
            for n in d.nodes:
                if n.box.overlaps(t.rect, eps=0.6):
                    out.append(f"label {t.lines!r} of {e.source}→{e.target} overlaps {n.id}")
    lanes = {lane.id: lane for lane in d.lanes}
    for n in d.nodes:
        if n.lane is not None and n.lane in lanes:
            lane = lanes[n.lane]
            if not lane.box.contains(n.box):
                out.append(f"{n.id} {n.box} is outside its lane {n.lane} {lane.box}")
            if lane.header.overlaps(n.box):
                out.append(f"{n.id} overlaps the header of lane {n.lane}")
    sheet = Rect(0, 0, d.width, d.height)
    for n in d.nodes:
        if not sheet.contains(n.box):
            out.append(f"{n.id} {n.box} is off the sheet {sheet}")
    for lane in d.lanes:
        if not lane.header.contains(lane.label.rect, eps=0.6):
            out.append(f"lane label {lane.label.lines!r} leaves its header")
    return out


def well_formed(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    return root
