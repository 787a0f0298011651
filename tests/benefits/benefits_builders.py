"""Small benefits cases whose figures can be computed by hand."""

from __future__ import annotations

from typing import Any

from verksam.model import Case


def money_case(
    *,
    benefits: list[dict[str, Any]] | None = None,
    costs: list[dict[str, Any]] | None = None,
    assumptions: list[dict[str, Any]] | None = None,
    rate: float = 0.04,
    years: int = 5,
    extra: dict[str, Any] | None = None,
) -> Case:
    """A NO case with a 5-year period at 4 % and one process: 60 min (as-is) → 20 min (to-be)."""
    data: dict[str, Any] = {
        "id": "money",
        "name": "Money",
        "settings": {
            "country": "NO",
            "discount_rate": rate,
            "analysis_years": years,
            "start_year": 2030,
        },
        "structure": {
            "units": [{"id": "office"}],
            "roles": [
                {"id": "clerk", "unit": "office", "cost_per_hour": 500},
                {"id": "lawyer", "unit": "office", "cost_per_hour": 1000},
            ],
        },
        "processes": [
            {
                "id": "p",
                "variants": [
                    {
                        "id": "as-is",
                        "volume_per_year": 3390,
                        "lanes": [
                            {"id": "clerk", "role": "clerk"},
                            {"id": "lawyer", "role": "lawyer"},
                        ],
                        "nodes": [
                            {"id": "start", "type": "start"},
                            {"id": "handle", "lane": "clerk", "touch_minutes": 60},
                            {"id": "check", "lane": "lawyer", "touch_minutes": 30},
                            {"id": "letter", "lane": "clerk", "touch_minutes": 0},
                            {"id": "end", "type": "end"},
                        ],
                        "flows": [
                            {"source": "start", "target": "handle"},
                            {"source": "handle", "target": "check"},
                            {"source": "check", "target": "letter"},
                            {"source": "letter", "target": "end"},
                        ],
                    },
                    {
                        "id": "to-be",
                        "kind": "to-be",
                        "volume_per_year": 3390,
                        "lanes": [
                            {"id": "clerk", "role": "clerk"},
                            {"id": "lawyer", "role": "lawyer"},
                        ],
                        "nodes": [
                            {"id": "start", "type": "start"},
                            {"id": "handle", "lane": "clerk", "touch_minutes": 20},
                            {"id": "check", "lane": "lawyer", "touch_minutes": 30},
                            {"id": "digital", "type": "xor"},
                            {"id": "letter", "lane": "clerk", "touch_minutes": 0},
                            {"id": "end", "type": "end"},
                        ],
                        "flows": [
                            {"source": "start", "target": "handle"},
                            {"source": "handle", "target": "check"},
                            {"source": "check", "target": "digital"},
                            {"source": "digital", "target": "letter", "probability": 0.25},
                            {"source": "digital", "target": "end", "probability": 0.75},
                            {"source": "letter", "target": "end"},
                        ],
                    },
                ],
            }
        ],
        "benefits": {
            "assumptions": assumptions or [],
            "benefits": benefits or [],
            "costs": costs or [],
            **(extra or {}),
        },
    }
    return Case.model_validate(data)
