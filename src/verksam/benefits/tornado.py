"""Sensitivity of the NPV: a tornado of the key inputs each set ±X %, and the break-even value
of the most uncertain input."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from verksam.analysis import AnalysisError, analyze
from verksam.benefits.figures import case_cash_flow, monetised, section_of
from verksam.benefits.formula import formula_key, names_in
from verksam.model.case import Case
from verksam.model.process import Process

DEFAULT_SENSITIVITY = 0.2  # ±20 % for the tornado
INPUT_LABELS = {
    "volume": {
        "en": "{process}: cases per year",
        "nb": "{process}: saker i året",
        "sv": "{process}: ärenden per år",
    },
    "touch": {
        "en": "{variant}: minutes of work per case",
        "nb": "{variant}: minutter arbeid per sak",
        "sv": "{variant}: minuters arbete per ärende",
    },
    "investment": {
        "en": "investment costs",
        "nb": "investeringskostnader",
        "sv": "investeringskostnader",
    },
    "running": {"en": "running costs", "nb": "driftskostnader", "sv": "driftskostnader"},
}


@dataclass
class SensitivityItem:
    """NPV with one input set low (−X %) and high (+X %), the others at their values, and the
    value of the input at which the NPV would be 0 (None when no value from 0 to 20× reaches it)."""

    key: str
    label: str
    base_value: float | None
    npv_low: float
    npv_high: float
    swing: float
    break_even_factor: float | None
    break_even_value: float | None


@dataclass
class BreakEven:
    """The value of one input at which the NPV is 0 (None when no value in range reaches it)."""

    key: str
    label: str
    reason: str  # why this input: its stated uncertainty, or the widest swing
    base_value: float | None
    factor: float | None
    value: float | None


@dataclass
class Sensitivity:
    percent: float
    base_npv: float
    items: list[SensitivityItem]
    break_even: BreakEven | None


Scaler = Callable[[Case, float], None]


def _inputs(case: Case) -> list[tuple[str, str, float | None, float | None, Scaler]]:
    """Key inputs of the NPV: (key, label, base value, stated uncertainty, scale in place)."""
    section = section_of(case)
    counted = [b for b in section.benefits if b.in_total and monetised(b)]
    used: set[str] = set()
    processes: list[tuple[str, str, str]] = []
    for b in counted:
        if b.formula:
            used |= names_in(b.formula, b.id)
        d = b.derived_from
        if d is not None:
            if d.value_per_fte:
                used.add(d.value_per_fte)
            if d.value_formula:
                used |= names_in(d.value_formula, b.id)
            if (d.process, d.baseline, d.target) not in processes:
                processes.append((d.process, d.baseline, d.target))
    items: list[tuple[str, str, float | None, float | None, Scaler]] = []
    lang = case.settings.effective_language

    for a in section.assumptions:
        if a.id in used or formula_key(a.id) in used:

            def scale_assumption(c: Case, f: float, aid: str = a.id) -> None:
                for x in section_of(c).assumptions:
                    if x.id == aid:
                        x.value = x.value * f

            items.append((f"assumption:{a.id}", a.label, a.value, a.uncertainty, scale_assumption))
    seen_processes: set[str] = set()
    seen_variants: set[tuple[str, str]] = set()
    for pid, base, target in processes:
        try:
            process = case.process(pid)
        except KeyError:
            continue

        def scale_volume(c: Case, f: float, pid: str = pid) -> None:
            for v in _own_process(c, pid).variants:
                if v.volume_per_year is not None:
                    v.volume_per_year = v.volume_per_year * f

        volume = next((v.volume_per_year for v in process.variants if v.id == base), None)
        if pid not in seen_processes:
            seen_processes.add(pid)
            items.append(
                (
                    f"volume:{pid}",
                    _label("volume", lang, process=process.label),
                    volume,
                    None,
                    scale_volume,
                )
            )
        for vid in dict.fromkeys((base, target)):
            if (pid, vid) in seen_variants:
                continue
            seen_variants.add((pid, vid))

            def scale_touch(c: Case, f: float, pid: str = pid, vid: str = vid) -> None:
                for n in _own_process(c, pid, vid).variant(vid).nodes:
                    n.touch_minutes = n.touch_minutes * f

            label = next((v.label for v in process.variants if v.id == vid), vid)
            try:
                minutes: float | None = analyze(case, pid, vid).touch_hours * 60
            except AnalysisError:
                minutes = None
            items.append(
                (
                    f"touch:{pid}:{vid}",
                    _label("touch", lang, variant=label),
                    minutes,
                    None,
                    scale_touch,
                )
            )
    for kind in ("investment", "running"):
        total = sum(c.amount for c in section.costs if c.kind == kind and c.in_total)
        if total <= 0:
            continue

        def scale_costs(c: Case, f: float, kind: str = kind) -> None:
            for cost in section_of(c).costs:
                if cost.kind == kind:
                    cost.amount = cost.amount * f

        items.append((f"costs:{kind}", _label(kind, lang), total, None, scale_costs))
    return items


def _label(key: str, language: str, **params: str) -> str:
    templates = INPUT_LABELS[key]
    return (templates.get(language) or templates["en"]).format(**params)


def _npv_with(case: Case, scaler: Scaler, factor: float) -> float:
    # Copy only what scalers change (assumptions, costs; a process when a scaler asks for it).
    section = section_of(case)
    own_section = section.model_copy(
        update={
            "assumptions": [a.model_copy() for a in section.assumptions],
            "costs": [c.model_copy() for c in section.costs],
        }
    )
    copy = case.model_copy(update={"benefits": own_section, "processes": list(case.processes)})
    scaler(copy, factor)
    return case_cash_flow(copy).npv


def _own_process(c: Case, pid: str, nodes_of: str | None = None) -> Process:
    """Give `c` (a copy sharing its processes) its own copy of process `pid`: its variants, and
    the nodes of variant `nodes_of`. Returns the copy."""
    index = next(i for i, p in enumerate(c.processes) if p.id == pid)
    process = c.processes[index]
    variants = [
        v.model_copy(update={"nodes": [n.model_copy() for n in v.nodes]})
        if v.id == nodes_of
        else v.model_copy()
        for v in process.variants
    ]
    own = process.model_copy(update={"variants": variants})
    c.processes[index] = own
    return own


def sensitivity(case: Case, percent: float = DEFAULT_SENSITIVITY) -> Sensitivity:
    """Tornado of the NPV (each key input ±`percent`) and the break-even of the most uncertain input.

    The most uncertain input is the assumption with the largest stated `uncertainty`; when no
    assumption states one, the input with the widest swing.
    """
    base = case_cash_flow(case).npv
    inputs = _inputs(case)
    items: list[SensitivityItem] = []
    for key, label, value, _, scaler in inputs:
        low = _npv_with(case, scaler, 1 - percent)
        high = _npv_with(case, scaler, 1 + percent)
        factor = _break_even_factor(case, scaler, base)
        items.append(
            SensitivityItem(
                key,
                label,
                value,
                low,
                high,
                abs(high - low),
                factor,
                value * factor if value is not None and factor is not None else None,
            )
        )
    items.sort(key=lambda i: -i.swing)
    # Most uncertain: the stated uncertainty that moves the NPV most; else the widest swing.
    stated: list[tuple[float, str, float]] = []
    for key, _, _, u, scaler in inputs:
        if u is not None and u > 0:
            impact = abs(_npv_with(case, scaler, 1 + u) - _npv_with(case, scaler, max(1 - u, 0.0)))
            stated.append((impact, key, u))
    chosen: str | None = None
    reason = ""
    if stated:
        impact, chosen, u = max(stated)
        reason = f"its stated uncertainty (±{u:.0%}) moves the NPV most ({impact:,.0f})"
    elif items and items[0].swing > 0:
        chosen = items[0].key
        reason = "widest swing in the tornado"
    break_even = None
    if chosen is not None:
        item = next(i for i in items if i.key == chosen)
        break_even = BreakEven(
            item.key,
            item.label,
            reason,
            item.base_value,
            item.break_even_factor,
            item.break_even_value,
        )
    return Sensitivity(percent, base, items, break_even)


def _break_even_factor(case: Case, scaler: Scaler, base: float) -> float | None:
    """The factor on the input that makes NPV = 0, searched in [0, 20]."""
    lo, hi = 0.0, 1.0
    f_lo, f_hi = _npv_with(case, scaler, lo), base
    if f_lo * f_hi > 0:
        lo, f_lo = 1.0, base
        hi = 20.0
        f_hi = _npv_with(case, scaler, hi)
        if f_lo * f_hi > 0:
            return None
    # NPV is linear in most inputs: try the straight line first, then bisect.
    if f_hi != f_lo:
        guess = lo - f_lo * (hi - lo) / (f_hi - f_lo)
        if abs(_npv_with(case, scaler, guess)) <= 1e-6 * max(1.0, abs(base)):
            return guess
    for _ in range(80):
        mid = (lo + hi) / 2
        f_mid = _npv_with(case, scaler, mid)
        if f_mid == 0 or hi - lo < 1e-10:
            return mid
        if (f_mid > 0) == (f_lo > 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return (lo + hi) / 2
