"""Safe evaluation of benefit formulas: plain arithmetic over assumption ids, never `eval`.

A formula such as `porto_per_brev + produksjon_per_brev` names assumptions; ids containing '-' or
'.' are written with '_' (see `verksam.model.validation.formula_names`). The same syntax tree is
rendered as an Excel formula for the workbook, so the spreadsheet recomputes what Python computed.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping

from verksam.model.validation import formula_names


class BenefitsError(ValueError):
    """A benefits case that cannot be computed; `element` names the benefit, cost or assumption."""

    def __init__(self, message: str, element: str | None = None) -> None:
        super().__init__(message)
        self.element = element


_BINARY: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
_EXCEL_OP: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "^",
}


def formula_key(assumption_id: str) -> str:
    """The name a formula uses for an assumption id ('-' and '.' written as '_')."""
    return assumption_id.replace("-", "_").replace(".", "_")


def _parse(formula: str, owner: str) -> ast.expr:
    try:
        formula_names(formula)  # refuses anything but + - * / ** numbers and names
    except ValueError as exc:
        raise BenefitsError(
            f"'{owner}': formula {formula!r} cannot be read: {exc}", owner
        ) from None
    return ast.parse(formula, mode="eval").body


def _lookup(name: str, values: Mapping[str, float], owner: str, formula: str) -> float:
    if name in values:
        return values[name]
    for key, value in values.items():
        if formula_key(key) == name:
            return value
    raise BenefitsError(
        f"'{owner}': formula {formula!r} uses '{name}', which is not an assumption", owner
    )


def evaluate(formula: str, values: Mapping[str, float], owner: str) -> float:
    """The value of `formula` with assumption values by id.

    Raises BenefitsError naming `owner` (the benefit) for an unreadable formula, an unknown name
    or a division by zero.
    """
    tree = _parse(formula, owner)

    def walk(node: ast.expr) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.Name):
            return _lookup(node.id, values, owner, formula)
        if isinstance(node, ast.UnaryOp):
            inner = walk(node.operand)
            return -inner if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.BinOp):
            left, right = walk(node.left), walk(node.right)
            try:
                return _BINARY[type(node.op)](left, right)
            except ZeroDivisionError:
                raise BenefitsError(
                    f"'{owner}': formula {formula!r} divides by zero", owner
                ) from None
        raise BenefitsError(f"'{owner}': formula {formula!r} cannot be read", owner)

    return float(walk(tree))


def to_excel(formula: str, cells: Mapping[str, str], owner: str) -> str:
    """The formula as an Excel expression (without '='), names replaced by cell references."""
    tree = _parse(formula, owner)

    def walk(node: ast.expr) -> str:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return repr(float(node.value))
        if isinstance(node, ast.Name):
            for key, cell in cells.items():
                if key == node.id or formula_key(key) == node.id:
                    return cell
            raise BenefitsError(
                f"'{owner}': formula {formula!r} uses '{node.id}', which is not an assumption",
                owner,
            )
        if isinstance(node, ast.UnaryOp):
            return (
                f"(-{walk(node.operand)})" if isinstance(node.op, ast.USub) else walk(node.operand)
            )
        if isinstance(node, ast.BinOp):
            return f"({walk(node.left)}{_EXCEL_OP[type(node.op)]}{walk(node.right)})"
        raise BenefitsError(f"'{owner}': formula {formula!r} cannot be read", owner)

    return walk(tree)


def names_in(formula: str, owner: str) -> set[str]:
    """Assumption names used by a formula (as written in it)."""
    _parse(formula, owner)
    return formula_names(formula)
