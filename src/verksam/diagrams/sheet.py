"""The sheet around a diagram's content: measured text blocks, the title and case name above,
the legend below; `finish` moves the content into place so the geometry is absolute.
"""

from __future__ import annotations

from verksam.diagrams.geometry import Diagram, LegendItem, NodeGeom, Rect, TextBlock
from verksam.diagrams.text import block_size, line_height, text_width, wrap

MARGIN = 24.0
TITLE_SIZE = 18.0
SUBTITLE_SIZE = 12.0
LEGEND_SIZE = 11.0


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
