"""Discovered process maps: well-formed, deterministic, weighted, and never through a box."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.diagrams.checks import problems
from verksam.diagrams import MapEdge, MapNode, process_map_diagram, render_process_map
from verksam.diagrams.process_map import format_count, format_duration

NODES = [
    MapNode("start", "Start", 100, kind="start"),
    MapNode("reg", "Registrera ärende", 100, 3600),
    MapNode("bed", "Bedöm ansökan", 120, 7200),
    MapNode("kompl", "Begär komplettering", 20, 600),
    MapNode("beslut", "Fatta beslut", 100, 1800),
    MapNode("end", "Slut", 100, kind="end"),
]
EDGES = [
    MapEdge("start", "reg", 100),
    MapEdge("reg", "bed", 100, 18000, 9000),
    MapEdge("bed", "kompl", 20, 86400),
    MapEdge("kompl", "bed", 20, 3 * 86400),
    MapEdge("bed", "beslut", 100, 7200),
    MapEdge("beslut", "beslut", 5, 100),
    MapEdge("beslut", "end", 100),
]


@pytest.mark.parametrize("mode", ["frequency", "performance"])
def test_map_is_well_formed_accessible_svg(mode: str) -> None:
    svg = render_process_map(NODES, EDGES, mode=mode, title="Bygglov")  # type: ignore[arg-type]
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title") is not None and root.find(f"{ns}desc") is not None
    assert "Bedöm ansökan" in svg


def test_map_renders_identically_twice() -> None:
    assert render_process_map(NODES, EDGES) == render_process_map(NODES, EDGES)


def test_thicker_edges_for_more_frequent_paths() -> None:
    d = process_map_diagram(NODES, EDGES)
    width = {(e.source, e.target): e.width for e in d.edges}
    assert width[("reg", "bed")] > width[("bed", "kompl")] > width[("beslut", "beslut")]


def test_frequency_labels_show_counts_and_performance_labels_times() -> None:
    freq = render_process_map(NODES, EDGES, mode="frequency")
    perf = render_process_map(NODES, EDGES, mode="performance")
    assert ">120<" in freq
    assert "3.0 d" in perf and "5.0 h" in perf


def test_loop_back_is_drawn_against_the_flow_with_its_own_style() -> None:
    d = process_map_diagram(NODES, EDGES)
    back = [e for e in d.edges if e.kind.endswith("-back")]
    assert [(e.source, e.target) for e in back] == [("kompl", "bed")]
    assert back[0].dashed and back[0].tone == "back"
    forward = next(e for e in d.edges if (e.source, e.target) == ("bed", "kompl"))
    assert not forward.dashed


def test_unknown_edge_end_is_rejected_with_its_name() -> None:
    with pytest.raises(ValueError, match="ghost"):
        render_process_map(NODES, [MapEdge("reg", "ghost", 1)])


def test_empty_map_renders() -> None:
    ET.fromstring(render_process_map([], [], title="Empty"))


def test_number_formats() -> None:
    assert format_count(1234567) == "1\u202f234\u202f567"
    assert format_duration(45) == "45 s"
    assert format_duration(90) == "1.5 min"
    assert format_duration(5400) == "1.5 h"
    assert format_duration(2 * 86400) == "2.0 d"


def test_map_geometry_rules_hold() -> None:
    for mode in ("frequency", "performance"):
        assert problems(process_map_diagram(NODES, EDGES, mode=mode)) == []  # type: ignore[arg-type]
