"""Edit operations on case documents: paths by id, element paths for conflicts, and diffs."""

from __future__ import annotations

import copy

import pytest
from django.utils import translation

from verksam.model.commands import starter_case
from verksam.web.cases import operations
from verksam.web.cases.operations import OperationError

NODES = "processes/process/variants/as-is/nodes"


@pytest.fixture
def document() -> dict:
    return operations.document_of(starter_case("Intake"))


def test_change_addresses_list_items_by_id_and_records_the_old_value(document: dict) -> None:
    new, recorded, touched = operations.apply(
        document, {"op": "change", "path": f"{NODES}/handle/name", "value": "Decide"}
    )
    assert operations.value_at(new, f"{NODES}/handle/name") == "Decide"
    assert recorded["old"] == operations.value_at(document, f"{NODES}/handle/name")
    assert touched == f"{NODES}/handle"
    assert operations.value_at(document, f"{NODES}/handle/name") != "Decide"  # input untouched


@pytest.mark.parametrize(
    "operation",
    [
        {"op": "change", "path": f"{NODES}/handle/touch_minutes", "value": 12},
        {"op": "add", "path": f"{NODES}", "value": {"id": "new", "name": "New step"}},
        {"op": "add", "path": "structure/units", "value": {"id": "it", "name": "IT"}},
        {"op": "add", "path": "processes/process/variants/as-is/flows",
         "value": {"source": "handle", "target": "handle"}, "position": 0},
        {"op": "remove", "path": "processes/process/variants/as-is/flows/@0"},
        {"op": "change", "path": "name", "value": "Renamed"},
    ],
)  # fmt: skip
def test_an_operation_leaves_the_document_it_was_given_as_it_was(
    document: dict, operation: dict
) -> None:
    """Only the containers on the path are copied; whatever is shared stays unchanged."""
    before = copy.deepcopy(document)
    new, _recorded, _touched = operations.apply(document, operation)
    assert document == before
    assert new != before


def test_add_then_remove_an_element(document: dict) -> None:
    unit = {"id": "it", "name": "IT"}
    added, _, touched = operations.apply(
        document, {"op": "add", "path": "structure/units", "value": unit}
    )
    assert touched == "structure/units/it"
    assert operations.value_at(added, "structure/units/it") == unit
    removed, recorded, _ = operations.apply(added, {"op": "remove", "path": "structure/units/it"})
    assert operations.value_at(removed, "structure/units/it") is None
    assert recorded["old"] == unit


def test_add_creates_a_missing_view(document: dict) -> None:
    goal = {"id": "g1", "name": "Faster answers"}
    new, _, _ = operations.apply(document, {"op": "add", "path": "vision/goals", "value": goal})
    assert new["vision"]["goals"] == [goal]


def test_adding_a_duplicate_id_is_refused(document: dict) -> None:
    with translation.override("en"), pytest.raises(OperationError, match="already one"):
        operations.apply(document, {"op": "add", "path": NODES, "value": {"id": "handle"}})


def test_a_change_that_breaks_the_case_model_is_refused_in_words(document: dict) -> None:
    name = operations.value_at(document, f"{NODES}/handle/name")
    with translation.override("en"), pytest.raises(OperationError) as refused:
        operations.apply(
            document, {"op": "change", "path": f"{NODES}/handle/touch_minutes", "value": -5}
        )
    assert f"step “{name}” › touch time: must be at least 0" in str(refused.value)
    assert "touch_minutes" not in str(refused.value)


def test_unknown_paths_and_operations_are_refused(document: dict) -> None:
    with translation.override("en"), pytest.raises(OperationError, match="no longer") as gone:
        operations.apply(document, {"op": "change", "path": f"{NODES}/nope/name", "value": "x"})
    assert gone.value.path == f"{NODES}/nope/name"  # for programs; people read the words
    with translation.override("en"), pytest.raises(OperationError, match="Unknown operation"):
        operations.apply(document, {"op": "rename", "path": "name"})


def test_positional_items_touch_the_whole_list(document: dict) -> None:
    flows = "processes/process/variants/as-is/flows"
    assert operations.element_path(f"{flows}/@0/probability", document) == flows
    new, _, touched = operations.apply(
        document, {"op": "change", "path": f"{flows}/@0/name", "value": "go"}
    )
    assert touched == flows
    assert new["processes"][0]["variants"][0]["flows"][0]["name"] == "go"


def test_element_paths_overlap_only_for_the_same_element() -> None:
    assert operations.overlaps(f"{NODES}/a", f"{NODES}/a")
    assert operations.overlaps("processes/process", f"{NODES}/a")
    assert not operations.overlaps(f"{NODES}/a", f"{NODES}/b")
    assert operations.overlaps("", "name")


def test_diff_matches_elements_by_id(document: dict) -> None:
    new, _, _ = operations.apply(
        document, {"op": "change", "path": f"{NODES}/handle/name", "value": "Decide"}
    )
    new, _, _ = operations.apply(
        new, {"op": "add", "path": "structure/units", "value": {"id": "it"}}
    )
    changes = operations.diff(document, new)
    kinds = {(c.path, c.kind) for c in changes}
    assert (f"{NODES}/handle/name", "changed") in kinds
    assert ("structure/units/it", "added") in kinds
    assert len(changes) == 2
    assert operations.diff(document, document) == []


@pytest.mark.parametrize("folder", ["bodo", "si", "sorsele", "storuman"])
def test_the_stored_document_is_the_json_case_file_of_the_case(folder: str) -> None:
    """Edits store `document_of(case)`, built from pydantic's JSON mode without writing text; it
    must hold exactly what the JSON case file of the same case holds (numbers, dates, empties)."""
    import json
    from pathlib import Path

    from verksam.formats import dump_case, load_case

    case = load_case(Path(__file__).parents[2] / "examples" / folder / "case.yaml")
    document = operations.document_of(case)
    assert document == json.loads(dump_case(case, "json"))
    # the same text too, so no number turned from float into int or back
    assert json.dumps(document, ensure_ascii=False, indent=2) + "\n" == dump_case(case, "json")
