"""Editors beside the diagrams of each view page: the grids of rows and cells the templates show
(each cell one edit operation with the revision the page showed as its base), with validation
problems put next to the cell (or row) their path names.

The tables themselves are in `tables`, the meaning of a cell's text in `cells`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from verksam.model import Case
from verksam.web.cases import operations
from verksam.web.cases.cells import field_at, item_key, shown
from verksam.web.cases.choices import Choices
from verksam.web.cases.services import ShownProblem
from verksam.web.cases.tables import Column, Table

# --- problem paths -------------------------------------------------------------------------------
_TOKEN = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def problem_path(document: dict[str, Any], path: str) -> str:
    """A validation path (`processes.p.variants.v.nodes[3].lane`) in edit-path form
    (`processes/p/variants/v/nodes/check/lane`), resolved against the document."""
    tokens = [(int(m.group(1)) if m.group(1) else m.group(2)) for m in _TOKEN.finditer(path)]
    out: list[str] = []
    node: Any = document
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if isinstance(node, list):
            if isinstance(token, int):
                item = node[token] if 0 <= token < len(node) else None
                out.append(item_key(item, token) if isinstance(item, dict) else f"@{token}")
                node, i = item, i + 1
                continue
            # ids may contain dots: take the longest run of tokens that names an item
            for j in range(len(tokens), i, -1):
                candidate = ".".join(str(t) for t in tokens[i:j])
                match = next(
                    (x for x in node if isinstance(x, dict) and x.get("id") == candidate), None
                )
                if match is not None:
                    out.append(candidate)
                    node, i = match, j
                    break
            else:
                out.append(str(token))
                node, i = None, i + 1
            continue
        out.append(str(token))
        node = node.get(str(token)) if isinstance(node, dict) else None
        i += 1
    return "/".join(out)


# --- what the template gets ----------------------------------------------------------------------
@dataclass
class Cell:
    column: Column
    path: str
    kind: str
    value: Any
    text: str
    input_id: str
    label: str
    choices: Choices = field(default_factory=list)
    problems: list[ShownProblem] = field(default_factory=list)


@dataclass
class Row:
    path: str
    key: str
    name: str
    cells: list[Cell]
    problems: list[ShownProblem] = field(default_factory=list)
    flows: list[dict[str, Any]] = field(default_factory=list)  # activity tables: next steps


@dataclass
class Grid:
    table: Table
    path: str
    rows: list[Row]
    add_cells: list[Cell]
    dom_id: str
    targets: Choices = field(default_factory=list)  # activity tables: possible next steps
    problems: list[ShownProblem] = field(default_factory=list)
    rows_html: str = ""  # the rendered <tr>s (grid_html.rows_html)


@functools.lru_cache(maxsize=1 << 14)
def dom_id(path: str) -> str:
    return "e-" + re.sub(r"[^A-Za-z0-9_-]", "_", path)


def build_grid(
    case: Case,
    document: dict[str, Any],
    table: Table,
    prefix: str,
    scope: dict[str, Any],
    problems: dict[str, list[ShownProblem]],
) -> Grid:
    """The rows and cells of one table, with problems attached where their path points."""
    path = f"{prefix}/{table.path}".strip("/")
    items = operations.value_at(document, path) or []
    choice_lists = {c.key: c.choices(case, scope) for c in table.columns if c.choices}
    labels = {c.key: str(c.label) for c in table.columns}  # translate each label once per table
    # What each column's cells share, worked out once per table rather than once per cell.
    plan = [
        (column, column.key.split("."), column.key.replace(".", "/"), choice_lists.get(column.key, []),
         {v for v, _label in choice_lists.get(column.key, [])})
        for column in table.columns
    ]  # fmt: skip
    rows = []
    for index, item in enumerate(items):
        key = item_key(item, index)
        item_path = f"{path}/{key}"
        name = str(item.get(table.name_key) or item.get("id") or key)
        cells = []
        for column, parts, segment, choices, known in plan:
            value = field_at(item, parts)
            if value is None and column.kind in ("number", "integer") and not column.optional:
                value = 0  # stored documents leave out defaults
            cell_path = f"{item_path}/{segment}"
            if column.kind == "choice" and value and value not in known:
                choices = [*choices, (value, f"{value} (?)")]  # a dangling reference stays visible
            cells.append(
                Cell(
                    column, cell_path, column.kind, value, shown(column, value),
                    dom_id(cell_path), f"{labels[column.key]} – {name}", choices,
                    problems.get(cell_path, []),
                )
            )  # fmt: skip
        rows.append(Row(item_path, key, name, cells, problems.get(item_path, [])))
    add_cells = [
        Cell(c, "", c.kind, None, "", dom_id(f"{path}/new/{c.key}"), str(c.label), choice_lists.get(c.key, []))
        for c in table.columns if c.key in table.add_columns
    ]  # fmt: skip
    return Grid(table, path, rows, add_cells, dom_id(path), problems=problems.get(path, []))


def problems_by_path(
    document: dict[str, Any], shown_problems: list[ShownProblem]
) -> dict[str, list[ShownProblem]]:
    out: dict[str, list[ShownProblem]] = {}
    for problem in shown_problems:
        out.setdefault(problem_path(document, problem.path), []).append(problem)
    return out
