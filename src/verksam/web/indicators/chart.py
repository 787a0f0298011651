"""An indicator drawn as a server-side SVG line chart: the measured values over time, the target as
a dashed line, in the current language's number and date format. The page beside it shows the same
values as a table (the text alternative)."""

from __future__ import annotations

import math
from html import escape

from django.utils import translation
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from verksam.web.indicators.series import Indicator
from verksam.web.workbench.charts import FONT, GRID, TEXT, fmt

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 80, 110, 20, 40
LINE = "#0b4f8a"
TARGET = "#1d6b33"


def decimals(values: list[float]) -> int:
    return 0 if all(abs(v) >= 100 or float(v).is_integer() for v in values) else 1


def scale(low: float, high: float) -> tuple[float, float, float, int]:
    """Grid lines at a round step (1, 2, 2.5 or 5 times a power of ten) covering low..high: the
    first and last line, the step and the decimals the step needs, so that no two lines are
    labelled alike (0.9–1.1 in steps of 0.05 shown with one decimal read "1,0 1,0 1,1 1,1")."""
    raw = (high - low) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    places = next(p for p in range(8) if abs(round(step, p) - step) < step * 1e-6)
    return math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step, step, places


def line_chart(indicator: Indicator, title: str, language: str = "") -> SafeString:
    """The chart in `language` (the case's: its labels, numbers and dates), else the current one."""
    if language:
        with translation.override(language):
            return line_chart(indicator, title)
    points = indicator.points
    values = [p.value for p in points] + (
        [indicator.target] if indicator.target is not None else []
    )
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    # a flat series of whole numbers (cases per month) gets whole numbers around it
    whole = all(float(v).is_integer() for v in values)
    pad = (high - low) * 0.1 or max(abs(high) * 0.1, 1.0 if whole else 0.0) or 1.0
    # no grid line below zero for a series that never goes there (a share, a count)
    bottom = low - pad if low - pad >= 0 or low < 0 else 0.0
    low, high, step, grid_places = scale(bottom, high + pad)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    first = points[0].date.toordinal() if points else 0
    span = (points[-1].date.toordinal() - first) if len(points) > 1 else 1
    places = decimals(values)  # of the values and the target; the grid has its own

    def x(ordinal: int) -> float:
        return LEFT + (plot_w * (ordinal - first) / span if len(points) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h * (high - value) / (high - low)

    body: list[str] = []
    for i in range(round((high - low) / step) + 1):  # horizontal grid with the value of each line
        value = low + step * i
        body.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="{GRID}"/>')  # fmt: skip
        body.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{escape(fmt(value, grid_places))}</text>')  # fmt: skip
    if indicator.target is not None:
        ty = y(indicator.target)
        label = _("Target %(value)s") % {"value": fmt(indicator.target, places)}
        body.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>')  # fmt: skip
        body.append(f'<text x="{LEFT + plot_w + 6}" y="{ty + 4:.1f}" fill="{TARGET}">{escape(label)}</text>')  # fmt: skip
    coords = [(x(p.date.toordinal()), y(p.value)) for p in points]
    if len(coords) > 1:
        path = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)
        body.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    for (cx, cy), point in zip(coords, points, strict=True):
        body.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{LINE}"/>')
        body.append(f'<text x="{cx:.1f}" y="{cy - 8:.1f}" text-anchor="middle" fill="{TEXT}">{escape(fmt(point.value, places))}</text>')  # fmt: skip
        body.append(f'<text x="{cx:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">{escape(date_format(point.date, "SHORT_DATE_FORMAT"))}</text>')  # fmt: skip
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-label="{escape(title)}" lang="{translation.get_language()}" {FONT}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )
