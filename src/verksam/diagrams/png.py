"""PNG pictures of our SVG diagrams, rasterised by resvg with the fonts the layout measured."""

from __future__ import annotations

import re

MAX_PIXELS = 48_000_000  # about 190 MB of RGBA: a huge diagram is scaled down to fit


def to_png(svg: str) -> bytes:
    """Rasterise an SVG with resvg, using the same DejaVu Sans files the layout measured.

    Sheets larger than MAX_PIXELS are scaled down so a 1,000-activity swimlane cannot exhaust
    memory.

    Raises
    ------
    ValueError
        When resvg cannot render the SVG.
    """
    import resvg_py

    from verksam.diagrams.text import font_files

    size = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', svg)
    zoom = 1.0
    if size:
        pixels = float(size.group(1)) * float(size.group(2))
        if pixels > MAX_PIXELS:
            zoom = (MAX_PIXELS / pixels) ** 0.5
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg,
            font_files=font_files(),
            skip_system_fonts=True,
            background="#ffffff",
            zoom=zoom,
        )
    )
