"""House rules that ruff cannot express (see docs/development.md): regexes with a message, and
one rule over the import graph (no import circles between modules of src/verksam).

Rules are tested by tests/test_house_rules.py through their good and bad examples.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: str
    message: str
    applies_to: str  # glob below ROOT
    exclude: tuple[str, ...] = ()
    good_lines: tuple[str, ...] = ()
    bad_lines: tuple[str, ...] = ()

    def matches(self, line: str) -> bool:
        return "# nolint" not in line and re.search(self.pattern, line) is not None


RULES = [
    Rule(
        name="no-django-in-core",
        pattern=r"^\s*(from|import)\s+django",
        message="the core must not import Django; only src/verksam/web/ may",
        applies_to="src/verksam/**/*.py",
        exclude=("src/verksam/web/",),
        good_lines=("from verksam.model import Case",),
        bad_lines=("from django.db import models", "import django"),
    ),
    Rule(
        name="no-naive-now",
        pattern=r"datetime\.now\(\s*\)|datetime\.utcnow\(",
        message="use an aware time: datetime.now(tz=...) or django.utils.timezone.now()",
        applies_to="src/verksam/**/*.py",
        good_lines=("datetime.now(tz=UTC)",),
        bad_lines=("stamp = datetime.now()", "datetime.utcnow()"),
    ),
    Rule(
        name="no-unscoped-case-get",
        pattern=r"\bCase\.objects\.(get|filter|all)\(",
        message="reach cases through verksam.web.cases.access (scoped to the organisation)",
        applies_to="src/verksam/web/**/*.py",
        exclude=("src/verksam/web/cases/access.py", "/migrations/"),
        good_lines=("case = access_case(request, case_id)",),
        bad_lines=("Case.objects.get(pk=1)",),
    ),
]


def _module_name(path: Path, source_root: Path) -> str:
    parts = list(path.relative_to(source_root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported_names(tree: ast.Module, module: str, is_package: bool) -> list[tuple[str, str]]:
    """Every import anywhere in the file (module level, in functions, in try blocks), except under
    `if TYPE_CHECKING:`, as (name, fallback): `from a import b` gives (`a.b`, `a`), since `b` may
    be a module or a name defined in `a`; `import a.b` gives (`a.b`, `a.b`)."""
    found: list[tuple[str, str]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, *([base] if base else [])])
            found.extend((f"{base}.{alias.name}", base) for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph(package_dir: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports.

    An import counts as an edge wherever it is written, at module level or inside a function: a
    function-level import only postpones the circle to run time, it does not remove it. Imports
    under `if TYPE_CHECKING:` do not count (they never run). `from a import b` is an edge to the
    module `a.b` when there is one, else to `a`; importing `a.b.c` is not counted as importing the
    package `a.b` (every submodule would otherwise stand in a circle with its package's
    `__init__`).
    """
    source_root = package_dir.parent
    files = {_module_name(p, source_root): p for p in sorted(package_dir.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets = {
            name if name in files else fallback
            for name, fallback in _imported_names(tree, module, path.name == "__init__.py")
        }
        graph[module] = {target for target in targets if target in files and target != module}
    return graph


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle per group of modules that import each other (strongly connected component),
    as a path that starts and ends at the group's first module in sorted order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    circles = []
    for group in sorted(groups):
        members, start = set(group), group[0]
        # shortest way round from the first module back to itself, inside the group
        paths = {target: [start, target] for target in sorted(graph[start] & members)}
        frontier = list(paths)
        while start not in paths:
            next_frontier = []
            for node in frontier:
                for target in sorted(graph[node] & members):
                    if target not in paths:
                        paths[target] = [*paths[node], target]
                        next_frontier.append(target)
            frontier = next_frontier
        circles.append(paths[start])
    return circles


def check(paths: list[Path] | None = None) -> list[str]:
    problems: list[str] = []
    for circle in import_circles(import_graph(ROOT / "src" / "verksam")):
        problems.append(
            f"src/verksam: import-circle: {' -> '.join(circle)}: modules must form layers "
            "(move what both need into a lower module, or import under TYPE_CHECKING for types)"
        )
    for rule in RULES:
        for path in sorted(ROOT.glob(rule.applies_to)):
            rel = path.relative_to(ROOT).as_posix()
            if any(part in rel for part in rule.exclude):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if rule.matches(line):
                    problems.append(f"{rel}:{number}: {rule.name}: {rule.message}")
    return problems


def main() -> int:
    problems = check()
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
