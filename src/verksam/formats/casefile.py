"""Case files: YAML and JSON with a lossless round trip, and errors that name file, line and path.

Loading checks syntax (file:line:column), then structure (pydantic), then the case's semantics
(verksam.model.validate); a file with errors raises CaseFileError listing every one of them.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from verksam.model import Case, Problem, validate

Format = Literal["yaml", "json"]
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"


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


MAX_NODES = 1_000_000  # expanded YAML values; real case files have tens of thousands at most


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader with the YAML 1.1 surprises that bite case files turned off.

    `NO` (Norway), `yes`, `on` and `off` stay strings (only true/false are booleans, as in YAML
    1.2), and `15:30` stays a time of day instead of the base-60 number 930.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _INT, _FLOAT)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    _INT,
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


# libyaml's parser is eight times faster than PyYAML's own (it is most of `verksam validate`'s
# time), but its syntax messages are terser and worse placed; a file it refuses is parsed again by
# the pure parser, whose message the author sees. Both build the same nodes with the same marks.
_LoaderClass = type[yaml.SafeLoader] | type[yaml.CSafeLoader]
_FastLoader: _LoaderClass | None = None
if yaml.__with_libyaml__:

    class _CLoader(yaml.CSafeLoader):
        """libyaml's parser with _Loader's resolvers."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FastLoader = _CLoader


class _Dumper(yaml.SafeDumper):
    """Quotes every string that either YAML 1.1 or our loader would read as something else."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Only double quotes escape these line breaks; in other styles a reader folds them away.
    style = '"' if any(ch in value for ch in "\r\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


for _first, _resolvers in _Loader.yaml_implicit_resolvers.items():
    for _tag, _rx in _resolvers:
        _Dumper.add_implicit_resolver(_tag, _rx, [_first])


class _TooLarge(Exception):
    pass


def _load_yaml(
    text: str, lines: dict[str, tuple[int, int]]
) -> tuple[Any, list[tuple[str, int, int]]]:
    """Parse YAML once: the node tree gives line numbers, then it is turned into plain data."""
    if _FastLoader is not None:
        try:
            return _compose(_FastLoader, text, lines)
        except (yaml.YAMLError, UnicodeEncodeError):  # (a lone surrogate cannot become UTF-8)
            lines.clear()
    return _compose(_Loader, text, lines)


def _compose(
    loader_class: _LoaderClass, text: str, lines: dict[str, tuple[int, int]]
) -> tuple[Any, list[tuple[str, int, int]]]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        duplicates: list[tuple[str, int, int]] = []
        _index_lines(node, (), lines, [MAX_NODES], duplicates)
        return loader.construct_document(node), duplicates
    finally:
        loader.dispose()


def format_of(path: str | Path) -> Format:
    return "json" if str(path).lower().endswith(".json") else "yaml"


def load_case(path: str | Path, *, check: bool = True) -> Case:
    """Read a case file (YAML or JSON by extension).

    Raises CaseFileError when the file cannot be read or has errors (warnings do not raise).
    """
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CaseFileError([not_utf8(name, exc)]) from None
    except OSError as exc:
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
    text = text.removeprefix("\ufeff")  # a byte-order mark from Windows editors is not content
    lines: dict[str, tuple[int, int]] = {}
    try:
        if fmt == "json":
            data = json.loads(text)
        else:
            data, duplicates = _load_yaml(text, lines)
            if duplicates:
                return None, [
                    FileProblem(
                        name, f"duplicate key '{key}'", line=line, column=col, code="syntax"
                    )
                    for key, line, col in duplicates
                ]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        message = f"YAML syntax error: {exc.problem or exc.context}"
        return None, [FileProblem(name, message, line=line, column=column, code="syntax")]
    except yaml.reader.ReaderError as exc:
        # Raised for control characters and bad encodings; it knows the offset, not the line.
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or " ")
        message = f"YAML syntax error: character #x{char:04x} is not allowed ({exc.reason})"
        return None, [FileProblem(name, message, line=line, column=column, code="syntax")]
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())  # one line, whatever PyYAML's layout
        return None, [FileProblem(name, f"YAML error: {message}", code="syntax")]
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
    except _TooLarge:
        message = f"the file expands to more than {MAX_NODES:,} values (through YAML aliases?)"
        return None, [FileProblem(name, message, code="syntax")]
    except ValueError as exc:  # Python refuses integers of more than 4,300 digits
        return None, [_long_number(name, text, exc)]
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


def not_utf8(name: str, exc: UnicodeDecodeError) -> FileProblem:
    """The problem for a file in another encoding than UTF-8, at the first byte that is not."""
    data = bytes(exc.object)
    line = data.count(b"\n", 0, exc.start) + 1
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    message = (
        f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8 "
        "(in Excel or Notepad: Save as, encoding UTF-8)"
    )
    return FileProblem(name, message, line=line, column=column, code="syntax")


def _long_number(name: str, text: str, exc: ValueError) -> FileProblem:
    """The problem for a number too long to read, at the first run of digits that long."""
    limit = sys.get_int_max_str_digits() or 4300
    found = re.search(rf"\d{{{limit + 1},}}", text)
    if found is None:  # some other value the parser refused: say what it said
        return FileProblem(name, f"a value cannot be read: {exc}", code="syntax")
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    message = f"a number has {len(found.group()):,} digits; numbers may have at most {limit:,}"
    return FileProblem(name, message, line=line, column=column, code="syntax")


def dump_case(case: Case, fmt: Format = "yaml") -> str:
    """The case as YAML or JSON text; default values are left out so files stay short."""
    data = case.model_dump(mode="json", exclude_defaults=True)
    data = {"verksam": case.verksam, **data}
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def save_case(case: Case, path: str | Path) -> None:
    """Write the case to a file (YAML or JSON by extension), atomically."""
    target = Path(path)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(dump_case(case, format_of(target)), encoding="utf-8")
    tmp.replace(target)


# --- paths and line numbers -------------------------------------------------------------------

KEYED_LISTS = ("processes", "variants")
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_.\-]+$")


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
                and _PLAIN_KEY.match(item["id"])
            ):
                out += f".{item['id']}"
            else:
                out += f"[{part}]"
            node = item
        else:
            # Keys are the author's text: quote odd ones so a message stays on one readable line.
            key = part if _PLAIN_KEY.match(part) else f"[{json.dumps(part)}]"
            out += f".{key}" if out and not key.startswith("[") else key
            node = node.get(part) if isinstance(node, dict) else None
        parent_key = part
    return out


def _index_lines(
    node: yaml.Node,
    loc: tuple[str | int, ...],
    out: dict[str, tuple[int, int]],
    budget: list[int],
    duplicates: list[tuple[str, int, int]],
) -> None:
    """Record line and column of every mapping key and sequence item under its raw location.

    Aliases are followed, so `budget` (one counter) caps the expanded size: a "billion laughs"
    file of nested aliases stops here instead of exhausting time and memory later. Keys that occur
    twice in one mapping go to `duplicates` (YAML would silently keep the last).
    """
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLarge
    out[repr(loc)] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[object] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if isinstance(key, str):
                if key in seen and key != "<<":
                    duplicates.append((key, *where))
                seen.add(key)
            _index_lines(value_node, (*loc, key), out, budget, duplicates)
            out[repr((*loc, key))] = where
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*loc, i), out, budget, duplicates)


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
