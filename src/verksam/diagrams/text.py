"""Text measurement with the real DejaVu Sans metrics (shipped by matplotlib) and word wrapping.

Widths come from the font's advance widths (no kerning, as SVG renderers apply little of it at these
sizes), so a wrapped label measured here fits the box it is drawn in. Wrapping never drops text: a
word longer than the line is split between characters with a hyphen.
"""

from __future__ import annotations

import functools
import importlib.util
import json
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
    # Find the package without importing it: importing matplotlib takes most of a second.
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("matplotlib (which ships DejaVu Sans) is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"
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


def _cache_file(font: Path) -> Path:
    stat = font.stat()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "verksam"
    return base / f"{font.stem}-{stat.st_size}-{int(stat.st_mtime)}.widths.json"


@functools.cache
def _metrics(bold: bool) -> _Metrics:
    """Advance widths of every character the font maps, read with fontTools once and then kept in
    a small JSON cache (per font file size and date) so later processes start fast."""
    font_path = font_dir() / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    cache = _cache_file(font_path)
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        return _Metrics(
            {int(k): float(v) for k, v in data["widths"].items()}, float(data["default"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        pass
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_path), lazy=True)
    units = float(font["head"].unitsPerEm)
    hmtx = font["hmtx"]
    widths = {code: hmtx[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    default = hmtx[".notdef"][0] / units
    font.close()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"widths": widths, "default": default}), encoding="utf-8")
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home only costs the re-read next time
    return _Metrics(widths, default)


@functools.lru_cache(maxsize=1 << 16)
def _em_width(text: str, bold: bool) -> float:
    metrics = _metrics(bold)
    widths, default = metrics.widths, metrics.default
    return sum(widths.get(ord(ch), default) for ch in text)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The advance width of `text` in pixels at font size `size`."""
    return _em_width(text, bold) * size


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
    # Kept: a diagram drawn again after an edit wraps the same labels again.
    return list(_wrapped(text, width, size, bold))


@functools.lru_cache(maxsize=1 << 14)
def _wrapped(text: str, width: float, size: float, bold: bool) -> tuple[str, ...]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            continue
        # Widths add up (no kerning), so a line's width is its words' plus its spaces'.
        space = text_width(" ", size, bold=bold)
        current = ""
        current_w = 0.0
        for word in words:
            word_w = text_width(word, size, bold=bold)
            if current and current_w + space + word_w <= width + 1e-9:
                current += " " + word
                current_w += space + word_w
                continue
            if not current and word_w <= width + 1e-9:
                current, current_w = word, word_w
                continue
            if current:
                lines.append(current)
            if word_w <= width + 1e-9:
                current, current_w = word, word_w
            else:
                *full, current = _split_word(word, width, size, bold)
                lines.extend(full)
                current_w = text_width(current, size, bold=bold)
        if current:
            lines.append(current)
    return tuple(lines)


def block_size(lines: list[str], size: float, *, bold: bool = False) -> tuple[float, float]:
    """Width and height in pixels of lines set at `size`."""
    if not lines:
        return 0.0, 0.0
    return max(text_width(line, size, bold=bold) for line in lines), len(lines) * line_height(size)
