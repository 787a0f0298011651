"""The rows of an editor table, and the fields of a record, as HTML built in Python: a 100-activity
table has about a thousand inputs, which Django's template engine renders about ten times slower
than string building."""

from __future__ import annotations

import json
import threading
from html import escape

from cachetools import LRUCache
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from verksam.web.cases.editors import Cell, Grid, Row
from verksam.web.cases.services import ShownProblem

ROWS_KEPT = 4000  # rows' HTML kept (a few MB), the most recently used
_ROWS: LRUCache[str, str] = LRUCache(maxsize=ROWS_KEPT)
_ROWS_LOCK = threading.Lock()


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def problems_html(problems: list[ShownProblem], problem_id: str) -> str:
    if not problems:
        return ""
    words = {"error": _("Error"), "warning": _("Warning")}
    return "".join(
        f'<span class="field-problem {_attr(p.severity)}" id="{_attr(problem_id)}-{i}">'
        f"{escape(words.get(p.severity, words['warning']))}: {escape(p.message)}</span>"
        for i, p in enumerate(problems, 1)
    )


# In a single-quoted attribute, JSON's double quotes need no escaping: `&quot;` made each of the
# thousand inputs of a 100-step table some 80 bytes longer.
_SINGLE_QUOTED = str.maketrans({"&": "&amp;", "'": "&#x27;", "<": "&lt;", ">": "&gt;"})


def _hx(editor_url: str, vals: dict[str, str], trigger: str | None) -> str:
    out = f' hx-post="{_attr(editor_url)}"'
    if trigger:
        out += f' hx-trigger="{_attr(trigger)}"'
    return out + f" hx-vals='{json.dumps(vals, ensure_ascii=False).translate(_SINGLE_QUOTED)}'"


def cell_html(
    cell: Cell, item_path: str, owner: tuple[str, str], editor_url: str, can_edit: bool
) -> str:
    """A field's input; `owner` is ("table", its table's key) or ("record", the record's key),
    sent with the edit so the editor knows what the field belongs to."""
    if not can_edit:
        if cell.kind == "bool":
            return escape(_("yes") if cell.value else _("no"))
        if cell.kind == "refs":
            return escape(", ".join(cell.value or []))
        return escape(cell.text)
    vals = {"action": "field", "item": item_path, owner[0]: owner[1], "column": cell.column.key}
    common = f' id="{_attr(cell.input_id)}" aria-label="{_attr(cell.label)}"'
    if cell.problems:
        common += f' aria-invalid="true" aria-describedby="{_attr(cell.input_id)}-p-1"'
    if cell.kind == "bool":
        checked = " checked" if cell.value else ""
        out = f'<input type="checkbox" name="value" value="true"{checked}{common}{_hx(editor_url, vals, "change")}>'
    elif cell.kind in ("choice", "refs"):
        selected = set(cell.value or []) if cell.kind == "refs" else {cell.value}
        options = (
            []
            if cell.kind == "refs" or not cell.column.optional
            else ['<option value="">–</option>']
        )
        options += [
            f'<option value="{_attr(v)}"{" selected" if v in selected else ""}>{escape(label)}</option>'
            for v, label in cell.choices
        ]
        multiple = ""
        if cell.kind == "refs":
            multiple = f' multiple size="{min(max(len(cell.choices), 1), 4)}"'
        out = f'<select name="value"{multiple}{common}{_hx(editor_url, vals, "change")}>{"".join(options)}</select>'
    elif cell.kind == "longtext":
        hx = _hx(editor_url, vals, "input changed delay:700ms, change")
        out = f'<textarea name="value" rows="2"{common}{hx}>{escape(cell.text)}</textarea>'
    else:
        kind = "date" if cell.kind == "date" else "text"
        extra = {
            "number": ' inputmode="decimal" size="6"',
            "integer": ' inputmode="numeric" size="5"',
        }
        hx = _hx(editor_url, vals, "input changed delay:500ms, change")
        out = (f'<input type="{kind}"{extra.get(cell.kind, "")} name="value" value="{_attr(cell.text)}"'
               f"{common}{hx}>")  # fmt: skip
        if cell.column.unit:
            out += f' <span class="unit">{escape(str(cell.column.unit))}</span>'
    return out + problems_html(cell.problems, f"{cell.input_id}-p")


def flows_html(grid: Grid, row: Row, editor_url: str, can_edit: bool, words: dict[str, str]) -> str:
    items = []
    # A probability only means something where the flow branches (or one was given already).
    branching = len(row.flows) > 1 or any(flow["probability"] for flow in row.flows)
    for flow in row.flows:
        target = escape(str(flow["target_name"]))
        if not can_edit:
            probability = f" ({escape(flow['probability'])})" if flow["probability"] else ""
            items.append(f'<li><span class="flow-target">{target}</span>{probability}</li>')
            continue
        names = {"name": row.name, "target": flow["target_name"]}
        p_label = words["probability"] % names
        remove = words["remove step"] % names
        vals = {"action": "flow-change", "what": "probability", "path": flow["path"]}
        probability = (
            f'<input type="text" inputmode="decimal" size="4" id="{_attr(flow["dom"])}-p" name="value" '
            f'value="{_attr(flow["probability"])}" aria-label="{_attr(p_label)}"'
            f"{_hx(editor_url, vals, 'input changed delay:500ms, change')}>"
            if branching else ""
        )  # fmt: skip
        items.append(
            f'<li><span class="flow-target">{target}</span>{probability}'
            f'<button type="button" class="link"{_hx(editor_url, {"action": "flow-remove", "path": flow["path"]}, None)}>'
            f'<span aria-hidden="true">×</span><span class="visually-hidden">{escape(remove)}</span></button></li>'
        )  # fmt: skip
    out = f'<ul class="flows">{"".join(items)}</ul>'
    if can_edit:
        label = words["add step"] % {"name": row.name}
        vals = {
            "action": "flow-add",
            "source": row.key,
            "variant_path": grid.path[: -len("/nodes")],
        }
        out += (f'<input type="text" class="flow-add" list="{_attr(grid.dom_id)}-targets" '
                f'id="{_attr(grid.dom_id)}-{_attr(slugify(row.key))}-next" name="target" '
                f'placeholder="{_attr(words["placeholder"])}" aria-label="{_attr(label)}"'
                f"{_hx(editor_url, vals, 'change')}>")  # fmt: skip
    return out


def _row_html(
    grid: Grid, row: Row, table: str, editor_url: str, can_edit: bool, words: dict[str, str]
) -> str:
    cells = []
    for i, cell in enumerate(row.cells):
        number = ' class="number"' if cell.kind in ("number", "integer") else ""
        extra = problems_html(row.problems, f"{cell.input_id}-row") if i == 0 else ""
        cells.append(
            f"<td{number}>{cell_html(cell, row.path, ('table', table), editor_url, can_edit)}{extra}</td>"
        )
    if table == "activities":
        cells.append(
            f'<td class="next-steps">{flows_html(grid, row, editor_url, can_edit, words)}</td>'
        )
    if can_edit:
        question = words["question"] % {"name": row.name}
        vals = {"action": "remove", "table": table, "path": row.path}
        cells.append(
            f'<td><button type="button" class="secondary small"{_hx(editor_url, vals, None)} '
            f'hx-confirm="{_attr(question)}">{escape(words["remove"])}'
            f'<span class="visually-hidden"> {escape(row.name)}</span></button></td>'
        )
    row_id = _attr(f"{grid.dom_id}-{slugify(row.key)}")
    # the comments mark the row as a part a live page can be sent alone (verksam.web.live.parts)
    return f'<!--p:{row_id}--><tr id="{row_id}">{"".join(cells)}</tr><!--/p:{row_id}-->'


def _row_key(row: Row, shared: dict[str, object]) -> tuple[object, ...]:
    """What a row's HTML is made from, beside what all rows of the table share (the grid's key:
    columns, choice lists, language). A cell counts by what `cell_html` reads of it that is its
    own: its value and text, label, problems, and its choices where they are not the column's
    (a dangling reference adds one). Its path and id follow from the row's path and the column."""
    cells = tuple(
        (c.value, c.text, c.label, c.problems,
         None if c.choices is shared.get(c.column.key) else c.choices)
        for c in row.cells
    )  # fmt: skip
    return (row.path, row.key, row.name, row.problems, row.flows, cells)


def rows_html(grid: Grid, editor_url: str, can_edit: bool) -> SafeString:
    """The <tr> elements of a table (escaped here; the result is safe to put in the page)."""
    table = grid.table.key
    words = {
        "probability": _("Probability from %(name)s to %(target)s (0–1 or %%)"),
        "remove step": _("Remove the step from %(name)s to %(target)s"),
        "add step": _("Add a next step after %(name)s"),
        "placeholder": _("+ next step…"),
        "remove": _("Remove"),
        "question": _("Remove “%(name)s”?"),
    }
    out = []
    columns = [
        (c.key, c.kind, c.optional, str(c.unit), str(c.label)) for c in grid.table.columns
    ]  # fmt: skip
    # the choice lists all rows share: the first row's cells hold them (build_grid)
    shared: dict[str, object] = {}
    for cell in grid.rows[0].cells if grid.rows else []:
        shared[cell.column.key] = cell.choices
    # A row's HTML is made from the row and these few things alone, so a row that did not
    # change with a revision (in a live workshop: all but one) is not built again.
    common = repr((get_language(), can_edit, editor_url, table, grid.dom_id, grid.path, columns,
                   [(k, v) for k, v in shared.items() if v]))  # fmt: skip
    for row in grid.rows:
        key = common + repr(_row_key(row, shared))
        with _ROWS_LOCK:
            html = _ROWS.get(key)
        if html is None:
            html = _row_html(grid, row, table, editor_url, can_edit, words)
            with _ROWS_LOCK:
                _ROWS[key] = html
        out.append(html)
    if not out:
        span = len(grid.table.columns) + 2
        out.append(f'<tr><td colspan="{span}">{escape(_("Nothing here yet."))}</td></tr>')
    return mark_safe("".join(out))
