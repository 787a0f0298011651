"""The colours of the diagrams: fill and stroke per element family, and the named tones of lines
and text.
"""

from __future__ import annotations

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


def fill_of(key: str) -> str:
    return PALETTE.get(key, PALETTE["plain"])[0]


def stroke_of(key: str) -> str:
    return PALETTE.get(key, PALETTE["plain"])[1]
