"""Case files: YAML and JSON with a lossless round trip, and errors that name file, line and path.

Loading checks syntax (file:line:column), then structure (pydantic), then the case's semantics
(verksam.model.validate); a file with errors raises CaseFileError listing every one of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from verksam.model import Case, Problem, validate

Format = Literal["yaml", "json"]


@dataclass(frozen=True)
class FileProblem:
    """A problem in a case file: where (line/column when known, and the model path) and what."""

    file: str
    message: str
    path: str = ""
    line: int | None = None
    column: int | None = None
    severity: str = "error"
    code: str = ""

    def __str__(self) -> str:
        if self.line is not None:
            where = f"{self.file}:{self.line}:{self.column or 1}"
            return (
                f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
            )
        return (
            f"{self.file}: {self.path}: {self.message}"
            if self.path
            else f"{self.file}: {self.message}"
        )


class CaseFileError(Exception):
    """A case file that cannot be loaded; `problems` lists everything wrong with it."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def format_of(path: str | Path) -> Format:
    return "json" if str(path).lower().endswith(".json") else "yaml"


def load_case(path: str | Path, *, check: bool = True) -> Case:
    """Read a case file (YAML or JSON by extension).

    Raises CaseFileError when the file cannot be read or has errors (warnings do not raise).
    """
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseFileError([FileProblem(name, f"cannot read the file: {exc}")]) from None
    return loads_case(text, format_of(path), name=name, check=check)


def loads_case(
    text: str, fmt: Format = "yaml", *, name: str = "<case>", check: bool = True
) -> Case:
    """Parse a case from text. Raises CaseFileError on any error."""
    case, problems = parse_case(text, fmt, name=name)
    bad = [p for p in problems if p.severity == "error"]
    if case is None or (check and bad):
        raise CaseFileError(bad or problems)
    return case


def parse_case(
    text: str, fmt: Format = "yaml", *, name: str = "<case>"
) -> tuple[Case | None, list[FileProblem]]:
    """Parse and validate, returning the case (None when it cannot be built) and all problems."""
    lines: dict[str, tuple[int, int]] = {}
    try:
        if fmt == "json":
            data = json.loads(text)
        else:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
            if node is not None:
                _index_lines(node, (), lines)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        message = f"YAML syntax error: {exc.problem or exc.context}"
        return None, [FileProblem(name, message, line=line, column=column, code="syntax")]
    except yaml.YAMLError as exc:
        return None, [FileProblem(name, f"YAML error: {exc}", code="syntax")]
    except json.JSONDecodeError as exc:
        return None, [
            FileProblem(
                name,
                f"JSON syntax error: {exc.msg}",
                line=exc.lineno,
                column=exc.colno,
                code="syntax",
            )
        ]
    except RecursionError:
        return None, [
            FileProblem(name, "the file nests too deeply to be a case file", code="syntax")
        ]
    if not isinstance(data, dict):
        return None, [
            FileProblem(
                name, "a case file must hold a mapping (key: value) at the top", code="shape"
            )
        ]
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        return None, [_structure_problem(name, data, err, lines) for err in exc.errors()]
    except RecursionError:
        return None, [
            FileProblem(name, "the file nests too deeply to be a case file", code="shape")
        ]
    return case, [_semantic_problem(name, p, case, lines) for p in validate(case)]


def dump_case(case: Case, fmt: Format = "yaml") -> str:
    """The case as YAML or JSON text; default values are left out so files stay short."""
    data = case.model_dump(mode="json", exclude_defaults=True)
    data = {"verksam": case.verksam, **data}
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def save_case(case: Case, path: str | Path) -> None:
    """Write the case to a file (YAML or JSON by extension), atomically."""
    target = Path(path)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(dump_case(case, format_of(target)), encoding="utf-8")
    tmp.replace(target)


# --- paths and line numbers -------------------------------------------------------------------

KEYED_LISTS = ("processes", "variants")


def _path_text(data: Any, loc: tuple[str | int, ...]) -> str:
    """Human path for a location in the raw data: processes and variants by id, other lists by index."""
    out = ""
    node = data
    parent_key: str | int | None = None
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            if (
                parent_key in KEYED_LISTS
                and isinstance(item, dict)
                and isinstance(item.get("id"), str)
            ):
                out += f".{item['id']}"
            else:
                out += f"[{part}]"
            node = item
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
        parent_key = part
    return out


def _index_lines(
    node: yaml.Node, loc: tuple[str | int, ...], out: dict[str, tuple[int, int]]
) -> None:
    """Record line and column of every mapping key and sequence item under its raw location."""
    out[repr(loc)] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[repr((*loc, key))] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _index_lines(value_node, (*loc, key), out)
            out[repr((*loc, key))] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*loc, i), out)


def _locate(
    lines: dict[str, tuple[int, int]], loc: tuple[str | int, ...]
) -> tuple[int | None, int | None]:
    for end in range(len(loc), -1, -1):
        found = lines.get(repr(tuple(loc[:end])))
        if found:
            return found
    return None, None


def _structure_problem(
    name: str, data: Any, err: Any, lines: dict[str, tuple[int, int]]
) -> FileProblem:
    loc = tuple(p for p in err["loc"] if isinstance(p, str | int))
    # Pydantic appends the union member or validator name for some errors; keep the data path only.
    loc = _data_loc(data, loc)
    line, column = _locate(lines, loc)
    message = err["msg"]
    if err["type"] == "extra_forbidden":
        message = "unknown field"
    elif err["type"] == "missing":
        message = "required field is missing"
    return FileProblem(name, message, _path_text(data, loc), line, column, code=err["type"])


def _data_loc(data: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    node = data
    kept: list[str | int] = []
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            kept.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            kept.append(part)
            node = node[part] if part < len(node) else None
        elif node is None and isinstance(part, str) and kept[-1:] != [part]:
            kept.append(part)  # a missing key: point at it under its parent
            break
        else:
            continue
    return tuple(kept)


def _semantic_problem(
    name: str, problem: Problem, case: Case, lines: dict[str, tuple[int, int]]
) -> FileProblem:
    loc = _raw_loc(case, problem.path)
    line, column = _locate(lines, loc) if loc is not None else (None, None)
    return FileProblem(
        name, problem.message, problem.path, line, column, problem.severity, problem.code
    )


def _raw_loc(case: Case, path: str) -> tuple[str | int, ...] | None:
    """Turn a validation path back into a raw location (ids of processes/variants into indexes)."""
    if not path or " " in path:
        return None
    data: Any = case.model_dump(mode="python")
    loc: list[str | int] = []
    tokens: list[str | int] = []
    for part in path.replace("[", ".[").split("."):
        if not part:
            continue
        tokens.append(int(part[1:-1]) if part.startswith("[") else part)
    node: Any = data
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if isinstance(node, dict) and token in node:
            loc.append(token)
            key = token
            node = node[token]
            if key in KEYED_LISTS and i + 1 < len(tokens) and isinstance(tokens[i + 1], str):
                ident = tokens[i + 1]
                # ids may contain '.', so join tokens until one matches
                for j in range(i + 1, len(tokens)):
                    candidate = ".".join(str(t) for t in tokens[i + 1 : j + 1])
                    match = next(
                        (k for k, item in enumerate(node) if item.get("id") == candidate), None
                    )
                    if match is not None:
                        loc.append(match)
                        node = node[match]
                        i = j
                        break
                else:
                    return tuple(loc)
                del ident
        elif isinstance(node, list) and isinstance(token, int) and token < len(node):
            loc.append(token)
            node = node[token]
        else:
            break
        i += 1
    return tuple(loc)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of case files, for editors' autocompletion."""
    schema = Case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Verksam case file"
    return schema
