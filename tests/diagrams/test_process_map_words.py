"""A discovered process map speaks the case's language: legend, start and end, description and
durations with a decimal comma (it was English on Swedish and Norwegian pages)."""

from __future__ import annotations

import pytest

from verksam.diagrams import MapEdge, MapNode, render_process_map

NODES = [
    MapNode("s", "Start", 4, kind="start"),
    MapNode("a", "Registrera", 4, mean_seconds=5400),
    MapNode("b", "Besluta", 4, mean_seconds=90),
    MapNode("e", "End", 4, kind="end"),
]
EDGES = [
    MapEdge("s", "a", 4),
    MapEdge("a", "b", 4, mean_seconds=4500),
    MapEdge("b", "a", 1),
    MapEdge("b", "e", 4),
]


@pytest.mark.parametrize(
    ("lang", "words", "english"),
    [
        ("sv", ["Teckenförklaring", "sällsynt väg", "Slut (4)", "aktivitet (medeltid)", "1,5 h", "Upptäckt processkarta"],
         ["rare path", "End (", ">activity", "1.5 h", "Discovered", ">Legend<"]),
        ("nb", ["Tegnforklaring", "sjelden vei", "Slutt (4)", "Oppdaget prosesskart", "tregeste firedel"],
         ["rare path", "End (", "Discovered", "slowest", ">Legend<"]),
    ],
)  # fmt: skip
def test_the_map_speaks_the_given_language(lang: str, words: list[str], english: list[str]) -> None:
    svg = render_process_map(NODES, EDGES, mode="performance", title="Karta", lang=lang)
    for text in words:
        assert text in svg, text
    for text in english:
        assert text not in svg, text


def test_without_a_language_the_map_is_english_as_before() -> None:
    svg = render_process_map(NODES, EDGES, title="Map")
    assert "rare path" in svg and "End (4)" in svg
