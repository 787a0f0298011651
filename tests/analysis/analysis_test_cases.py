"""A small case file with an as-is and a to-be variant for the command tests."""

from __future__ import annotations

from pathlib import Path

import yaml

CASE = {
    "id": "cli-case",
    "name": "CLI case",
    "settings": {"country": "NO"},
    "structure": {
        "units": [{"id": "office"}],
        "roles": [{"id": "clerk", "name": "Clerk", "unit": "office", "cost_per_hour": 500}],
    },
    "processes": [
        {
            "id": "p",
            "variants": [
                {
                    "id": "as-is",
                    "kind": "as-is",
                    "volume_per_year": 1000,
                    "lanes": [{"id": "clerk", "role": "clerk"}],
                    "nodes": [
                        {"id": "start", "type": "start"},
                        {"id": "a", "lane": "clerk", "touch_minutes": 60, "waiting_hours": 8},
                        {"id": "b", "lane": "clerk", "touch_minutes": 30},
                        {"id": "end", "type": "end"},
                    ],
                    "flows": [
                        {"source": "start", "target": "a"},
                        {"source": "a", "target": "b"},
                        {"source": "b", "target": "end"},
                    ],
                },
                {
                    "id": "to-be",
                    "kind": "to-be",
                    "volume_per_year": 1000,
                    "lanes": [{"id": "clerk", "role": "clerk"}],
                    "nodes": [
                        {"id": "start", "type": "start"},
                        {"id": "b", "lane": "clerk", "touch_minutes": 30},
                        {"id": "end", "type": "end"},
                    ],
                    "flows": [
                        {"source": "start", "target": "b"},
                        {"source": "b", "target": "end"},
                    ],
                },
            ],
        }
    ],
}


def write_case(folder: Path) -> Path:
    path = folder / "case.yaml"
    path.write_text(yaml.safe_dump(CASE, allow_unicode=True), encoding="utf-8")
    return path
