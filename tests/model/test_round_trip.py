"""Saving a case and reading it back gives the same case, in YAML and in JSON, for the examples and
for generated cases that touch every field."""

from __future__ import annotations

from pathlib import Path

import pytest
from case_strategies import CASE_DATA
from hypothesis import HealthCheck, given, settings

from verksam.formats.casefile import dump_case, load_case, loads_case, save_case
from verksam.model import Case

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*/*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_survives_yaml_and_json(path: Path):
    case = load_case(path)
    assert loads_case(dump_case(case, "yaml"), "yaml") == case
    assert loads_case(dump_case(case, "json"), "json") == case


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_saving_twice_gives_the_same_text(path: Path, tmp_path: Path):
    case = load_case(path)
    for suffix in (".yaml", ".json"):
        first = tmp_path / f"first{suffix}"
        second = tmp_path / f"second{suffix}"
        save_case(case, first)
        save_case(load_case(first), second)
        assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
        assert not list(tmp_path.glob("*.tmp"))


def test_saved_yaml_keeps_what_the_author_wrote():
    """Defaults are left out, the rest keeps file order: a short, diffable file."""
    case = Case.model_validate(
        {"id": "a", "name": "Bodø", "settings": {"country": "NO"}, "tags": ["NO", "ja"]}
    )
    assert dump_case(case) == (
        "verksam: 1\nid: a\nname: Bodø\ntags:\n- 'NO'\n- ja\nsettings:\n  country: 'NO'\n"
    )


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CASE_DATA)
def test_generated_case_survives_yaml(data):
    case = Case.model_validate(data)
    assert loads_case(dump_case(case, "yaml"), "yaml", check=False) == case


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CASE_DATA)
def test_generated_case_survives_json(data):
    case = Case.model_validate(data)
    assert loads_case(dump_case(case, "json"), "json", check=False) == case
