"""Text measurement with the real DejaVu Sans metrics (shipped by matplotlib) and word wrapping.

Widths come from the font's advance widths (no kerning, as SVG renderers apply little of it at these
sizes), so a wrapped label measured here fits the box it is drawn in. Wrapping never drops text: a
word longer than the line is split between characters with a hyphen.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

FONT_FAMILY = "DejaVu Sans"
LINE_GAP = 1.25  # line height as a multiple of the font size


@functools.cache
def font_dir() -> Path:
    """The folder of matplotlib's bundled DejaVu fonts.

    Raises FileNotFoundError when matplotlib or its font files are missing.
    """
    import matplotlib

    path = Path(os.path.dirname(matplotlib.__file__)) / "mpl-data" / "fonts" / "ttf"
    if not (path / "DejaVuSans.ttf").is_file():
        raise FileNotFoundError(f"DejaVu Sans not found in {path}")
    return path


def font_files() -> list[str]:
    """The regular and bold DejaVu Sans files, for rasterisers that must not guess fonts."""
    return [str(font_dir() / "DejaVuSans.ttf"), str(font_dir() / "DejaVuSans-Bold.ttf")]


@dataclass(frozen=True, slots=True)
class _Metrics:
    widths: dict[int, float]  # code point → advance in ems
    default: float  # advance of a character the font lacks (its .notdef glyph)


@functools.cache
def _metrics(bold: bool) -> _Metrics:
    from fontTools.ttLib import TTFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    font = TTFont(str(font_dir() / name), lazy=True)
    units = float(font["head"].unitsPerEm)
    hmtx = font["hmtx"]
    widths = {code: hmtx[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    default = hmtx[".notdef"][0] / units
    font.close()
    return _Metrics(widths, default)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The advance width of `text` in pixels at font size `size`."""
    metrics = _metrics(bold)
    widths, default = metrics.widths, metrics.default
    return sum(widths.get(ord(ch), default) for ch in text) * size


def line_height(size: float) -> float:
    return size * LINE_GAP


def _split_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """Split a word that is wider than `width` into pieces that fit, each but the last hyphenated."""
    pieces: list[str] = []
    rest = word
    while text_width(rest, size, bold=bold) > width and len(rest) > 1:
        cut = 1
        while cut < len(rest) - 1 and text_width(rest[: cut + 1] + "-", size, bold=bold) <= width:
            cut += 1
        pieces.append(rest[:cut] + "-")
        rest = rest[cut:]
    pieces.append(rest)
    return pieces


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """Greedy word wrap of `text` into lines no wider than `width` pixels.

    Explicit newlines are kept. Every character of the input (except collapsed white space) is in
    the result; a single word wider than `width` is split with hyphens rather than cut.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            continue
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, size, bold=bold) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            if text_width(word, size, bold=bold) <= width:
                current = word
            else:
                *full, current = _split_word(word, width, size, bold)
                lines.extend(full)
        if current:
            lines.append(current)
    return lines


def block_size(lines: list[str], size: float, *, bold: bool = False) -> tuple[float, float]:
    """Width and height in pixels of lines set at `size`."""
    if not lines:
        return 0.0, 0.0
    return max(text_width(line, size, bold=bold) for line in lines), len(lines) * line_height(size)
