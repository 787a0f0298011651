"""Whatever a file holds, loading it either gives a case or raises CaseFileError whose problems are
one line each: never another exception, never a traceback for the user."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import yaml
from case_strategies import CASE_DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verksam.formats.casefile import CaseFileError, json_schema, load_case, loads_case, parse_case

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "storuman" / "case.yaml"
# VERKSAM_FUZZ_EXAMPLES=5000 pytest tests/model/test_loader_fuzz.py runs a deeper campaign.
FUZZ = settings(
    max_examples=int(os.environ.get("VERKSAM_FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def field_names(schema: Any, out: set[str]) -> set[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                out.update(value)
            field_names(value, out)
    elif isinstance(schema, list):
        for item in schema:
            field_names(item, out)
    return out


KEYS = sorted(field_names(json_schema(), set()))
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["as-is", "start", "xor", "NO", "08:00", "2014-04-15", "-1", "1e999"])
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), children, max_size=5)
    ),
    max_leaves=30,
)


def loads_cleanly(text: str, fmt: str = "yaml") -> None:
    case, problems = parse_case(text, fmt, name="f")  # type: ignore[arg-type]
    assert case is not None or problems
    for problem in problems:
        assert "\n" not in str(problem)
        assert str(problem).startswith("f")
    try:
        loads_case(text, fmt)  # type: ignore[arg-type]
    except CaseFileError as exc:
        assert exc.problems


@FUZZ
@given(st.text())
def test_any_text_as_yaml(text):
    loads_cleanly(text)


@FUZZ
@given(st.text())
def test_any_text_as_json(text):
    loads_cleanly(text, "json")


@FUZZ
@given(st.binary())
def test_any_bytes_in_a_file(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "case.yaml"
    path.write_bytes(data)
    try:
        load_case(path)
    except CaseFileError as exc:
        assert all("\n" not in str(p) for p in exc.problems)


@FUZZ
@given(VALUES)
def test_any_yaml_structure(value):
    loads_cleanly(yaml.safe_dump(value, allow_unicode=True))


@FUZZ
@given(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=6))
def test_any_structure_under_case_keys(extra):
    loads_cleanly(yaml.safe_dump({"id": "a", "name": "b", **extra}, allow_unicode=True))
    loads_cleanly(json.dumps({"id": "a", "name": "b", **extra}, default=str), "json")


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += paths(value, (*prefix, i))
    return out


BASE = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
BASE_PATHS = [p for p in paths(BASE) if p]


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(BASE_PATHS), VALUES | st.just(...)), max_size=4))
def test_mutated_example(mutations):
    """Real cases with values swapped or keys deleted reach deep into validation and references."""
    data = json.loads(json.dumps(BASE, default=str))
    for path, value in mutations:
        parent: Any = data
        for part in path[:-1]:
            try:
                parent = parent[part]
            except (KeyError, IndexError, TypeError):
                break
        else:
            key = path[-1]
            try:
                if value is ...:
                    del parent[key]
                else:
                    parent[key] = value
            except (KeyError, IndexError, TypeError):
                pass
    loads_cleanly(json.dumps(data), "json")  # JSON: fast to write and read, same validation


@FUZZ
@given(CASE_DATA)
def test_generated_case_validates_without_crashing(data):
    """Dangling references, cycles and odd graphs give problems, not exceptions."""
    loads_cleanly(yaml.safe_dump(json.loads(json.dumps(data, default=str)), allow_unicode=True))
