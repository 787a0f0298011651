"""Small server-rendered SVG charts (bars, a tornado, a cumulative curve) for figures the core has
computed. Presentation only: every number drawn comes in ready-made; each chart also has a table
with the same numbers on its page (the text alternative)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
FONT = 'font-family="DejaVu Sans, Verdana, sans-serif" font-size="12"'
BAR = "#0b4f8a"
LOW = "#a4161a"
HIGH = "#1d6b33"
TEXT = "#1a1a1a"
GRID = "#c4c9cf"


def fmt(value: float, decimals: int = 1) -> str:
    """A number in the current language's format (1 234,5 in sv/nb)."""
    rounded = round(value, decimals) + 0.0  # + 0.0: a change of -0.0004 reads 0,0, not -0,0
    return str(number_format(rounded, decimal_pos=decimals, use_l10n=True,
                             force_grouping=True))  # fmt: skip


def _svg(height: int, title: str, body: list[str]) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" {FONT}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def bars(title: str, rows: Sequence[tuple[str, float]], unit: str = "", *,
         maximum: float | None = None, decimals: int = 1) -> SafeString:  # fmt: skip
    """Horizontal bars, one per (label, value)."""
    label_w, row_h = 220, 26
    top = 10
    height = top + row_h * max(len(rows), 1) + 10
    scale_max = maximum if maximum is not None else max((v for _l, v in rows), default=0.0)
    scale_max = scale_max or 1.0
    span = WIDTH - label_w - 90
    body = []
    for i, (label, value) in enumerate(rows):
        y = top + i * row_h
        w = max(0.0, span * min(value, scale_max) / scale_max)
        short = label if len(label) <= 32 else label[:31] + "…"
        body.append(
            f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end" fill="{TEXT}">{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y + 5}" width="{w:.1f}" height="{row_h - 10}" fill="{BAR}"/>'
            f'<text x="{label_w + w + 5:.1f}" y="{y + 17}" fill="{TEXT}">{escape(fmt(value, decimals))}{escape(unit)}</text>'
        )  # fmt: skip
    return _svg(height, title, body)


def curve(
    title: str, points: Sequence[tuple[float, float]], x_label: str, y_label: str
) -> SafeString:
    """A cumulative curve: (x, share 0–1) points, e.g. hours against the share of cases done."""
    left, right, top, bottom = 60, 20, 15, 45
    height = 300
    w, h = WIDTH - left - right, height - top - bottom
    x_max = max((x for x, _s in points), default=1.0) or 1.0
    body = [f'<rect x="{left}" y="{top}" width="{w}" height="{h}" fill="none" stroke="{GRID}"/>']
    for share in (0.25, 0.5, 0.75, 1.0):
        y = top + h * (1 - share)
        body.append(f'<line x1="{left}" x2="{left + w}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{round(share * 100)} %</text>')  # fmt: skip
    for i in range(5):
        x_value = x_max * i / 4
        x = left + w * i / 4
        body.append(
            f'<text x="{x:.1f}" y="{top + h + 16}" text-anchor="middle">{escape(fmt(x_value, 0))}</text>'
        )
    path = " ".join(
        f"{'M' if i == 0 else 'L'}{left + w * x / x_max:.1f},{top + h * (1 - s):.1f}"
        for i, (x, s) in enumerate(points)
    )
    body.append(f'<path d="{path}" fill="none" stroke="{BAR}" stroke-width="2.5"/>')
    body.append(
        f'<text x="{left + w / 2}" y="{height - 8}" text-anchor="middle">{escape(x_label)}</text>'
    )
    body.append(f'<text x="14" y="{top + h / 2}" transform="rotate(-90 14 {top + h / 2})" text-anchor="middle">{escape(y_label)}</text>')  # fmt: skip
    return _svg(height, title, body)


def tornado(title: str, base: float, rows: Sequence[tuple[str, float, float]]) -> SafeString:
    """Sensitivity tornado: per (label, result when the input is low, when high) around a base."""
    label_w, row_h, top = 250, 28, 28
    height = top + row_h * max(len(rows), 1) + 14
    values = [base] + [v for _l, lo, hi in rows for v in (lo, hi)]
    lo_all, hi_all = min(values), max(values)
    span = (hi_all - lo_all) or 1.0
    plot = WIDTH - label_w - 20

    def x(value: float) -> float:
        return label_w + plot * (value - lo_all) / span

    body = [
        f'<line x1="{x(base):.1f}" x2="{x(base):.1f}" y1="{top - 8}" y2="{height - 6}" stroke="{TEXT}"/>',
        f'<text x="{x(base):.1f}" y="{top - 12}" text-anchor="middle">{escape(fmt(base, 0))}</text>',
    ]
    for i, (label, low, high) in enumerate(rows):
        y = top + i * row_h
        short = label if len(label) <= 38 else label[:37] + "…"
        body.append(
            f'<text x="{label_w - 6}" y="{y + 18}" text-anchor="end">{escape(short)}</text>'
        )
        for value, colour in ((low, LOW), (high, HIGH)):
            a, b = sorted((x(base), x(value)))
            body.append(f'<rect x="{a:.1f}" y="{y + 6}" width="{max(b - a, 1):.1f}" height="{row_h - 12}" fill="{colour}"/>')  # fmt: skip
    return _svg(height, title, body)
