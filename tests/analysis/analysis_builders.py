"""Small hand-computable process variants for the analysis tests."""

from __future__ import annotations

from typing import Any

from verksam.model import Case, Flow, Lane, Node, Process, Role, Settings, Structure, Unit, Variant


def build_case(
    nodes: list[dict[str, Any]],
    flows: list[tuple[str, str] | tuple[str, str, float]],
    *,
    volume: float | None = 1000,
    country: str = "NO",
    hours_per_fte: float | None = None,
    variants: list[Variant] | None = None,
) -> Case:
    """A case with two roles in two units (clerk 600/h in front, expert 900/h in back)."""
    flow_models = [
        Flow(source=f[0], target=f[1], probability=f[2] if len(f) == 3 else None) for f in flows
    ]
    variant = Variant(
        id="as-is",
        kind="as-is",
        volume_per_year=volume,
        lanes=[
            Lane(id="front", role="clerk"),
            Lane(id="back", role="expert"),
            Lane(id="citizen", unit="public"),
        ],
        nodes=[Node(**n) for n in nodes],
        flows=flow_models,
    )
    return Case(
        id="test",
        name="Test",
        settings=Settings.model_validate({"country": country, "hours_per_fte": hours_per_fte}),
        structure=Structure(
            units=[
                Unit(id="front-office"),
                Unit(id="back-office"),
                Unit(id="public", kind="citizen"),
            ],
            roles=[
                Role(id="clerk", unit="front-office", cost_per_hour=600),
                Role(id="expert", unit="back-office", cost_per_hour=900),
            ],
        ),
        processes=[Process(id="p", variants=[variant, *(variants or [])])],
    )


def task(node_id: str, minutes: float = 0, lane: str = "front", **extra: Any) -> dict[str, Any]:
    return {"id": node_id, "type": "task", "touch_minutes": minutes, "lane": lane, **extra}


def gate(node_id: str, kind: str = "xor") -> dict[str, Any]:
    return {"id": node_id, "type": kind}


START = {"id": "start", "type": "start"}
END = {"id": "end", "type": "end"}
