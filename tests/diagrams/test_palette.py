"""The palette keeps the contrast docs/diagrams.md promises (WCAG 2 contrast ratios)."""

from __future__ import annotations

from verksam.diagrams.palette import PALETTE, TONES


def _luminance(colour: str) -> float:
    h = colour.lstrip("#")
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


FILLS = {key: fill for key, (fill, _) in PALETTE.items() if key != "terminal"}  # solid black dots


def test_text_on_every_fill_is_above_8_to_1_and_secondary_text_above_4_5() -> None:
    for key, fill in FILLS.items():
        assert contrast(fill, TONES["text"]) > 8, key
        assert contrast(fill, TONES["muted"]) > 4.5, key


def test_outlines_and_edges_stand_out_on_white() -> None:
    for key, (_, stroke) in PALETTE.items():
        assert contrast(stroke, "#ffffff") > 4.5, key
    for tone in ("edge", "back", "slow", "achieve", "blocks", "message", "text", "muted"):
        assert contrast(TONES[tone], "#ffffff") > 4.5, tone
