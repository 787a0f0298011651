"""What an editor cell holds: the text typed turned into a value (and back), the path segment
of a list item, the edit operation that sets one cell, and fresh element ids.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.formats import number_format, sanitize_separators
from django.utils.translation import gettext_lazy as _

from verksam.web.cases import operations
from verksam.web.cases.services import slugify
from verksam.web.cases.tables import Column


class BadValue(ValueError):
    """Text typed in a cell that does not fit the column."""


def parse(column: Column, raw: str | list[str] | None) -> Any:
    """The value a cell's text stands for: locale-aware numbers ("1 234,5"), empty → None or 0.

    Raises BadValue with a translated message.
    """
    if column.kind == "bool":
        return raw not in (None, "", "false", "0")
    if column.kind == "refs":
        if raw is None:
            return []
        return [v for v in (raw if isinstance(raw, list) else [raw]) if v]
    text = (raw[0] if isinstance(raw, list) and raw else raw or "") if raw is not None else ""
    text = str(text).strip()
    if column.kind in ("number", "integer"):
        if text == "":
            return None if column.optional else 0
        try:
            number = read_number(text)
        except ValueError:
            raise BadValue(_("Type a number, for example 12,5.")) from None
        if column.kind == "integer":
            if not number.is_integer():
                raise BadValue(_("Type a whole number."))
            return int(number)
        return number
    if column.kind in ("choice", "date"):
        if column.kind == "date" and text and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise BadValue(_("Type a date as YYYY-MM-DD."))
        return text or None
    return text


def read_number(text: str) -> float:
    """A number typed in the user's language, forgiving a decimal comma in any language.

    "1 234,5" (sv/nb), "1,234.5" and "12,5" (a comma not followed by exactly three digits is a
    decimal comma, whatever the language) all read as numbers. Raises ValueError otherwise.
    """
    cleaned = re.sub(r"[\s\u202f\xa0]", "", text)
    if "," in cleaned and "." not in cleaned and re.fullmatch(r"-?\d*,(\d{1,2}|\d{4,})", cleaned):
        return float(cleaned.replace(",", "."))
    return float(str(sanitize_separators(cleaned)).replace(" ", ""))


def shown(column: Column, value: Any) -> str:
    """A stored value as the text a cell shows (numbers in the language's format, no grouping)."""
    if value is None:
        return ""
    if column.kind in ("number", "integer") and isinstance(value, (int, float)):
        if float(value).is_integer():
            return str(int(value))
        return number_format(round(float(value), 6), use_l10n=True)
    return str(value)


def item_key(item: dict[str, Any], index: int) -> str:
    """The path segment naming a list item: its id, else its position."""
    ident = item.get("id") if isinstance(item, dict) else None
    return ident if isinstance(ident, str) else f"@{index}"


def get_field(item: dict[str, Any], key: str) -> Any:
    return field_at(item, key.split("."))


def field_at(item: dict[str, Any], parts: list[str]) -> Any:
    """The value under a nested key already split at its dots (None where a part is missing)."""
    value: Any = item
    for part in parts:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def field_operation(
    document: dict[str, Any], item_path: str, column: Column, value: Any
) -> dict[str, Any]:
    """The operation that sets one cell; a nested field whose parent is missing creates the parent."""
    parts = column.key.split(".")
    if len(parts) == 1:
        return {"op": "change", "path": f"{item_path}/{column.key}", "value": value}
    parent_path = f"{item_path}/{'/'.join(parts[:-1])}"
    parent = operations.value_at(document, parent_path)
    if isinstance(parent, dict):
        return {"op": "change", "path": f"{item_path}/{'/'.join(parts)}", "value": value}
    return {"op": "change", "path": parent_path, "value": {parts[-1]: value}}


def new_id(name: str, taken: set[str], fallback: str) -> str:
    base = slugify(name)[:60] or fallback
    if not re.match(r"[A-Za-z_]", base):
        base = f"{fallback}-{base}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def all_ids(document: Any) -> set[str]:
    """Every element id in the document (ids need only be unique per list; this is stricter)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                found.add(node["id"])
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(document)
    return found
