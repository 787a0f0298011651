"""Reading a Visio .vsdx package: its pages, masters and shapes with their place on the page.

A .vsdx file is a zip (Open Packaging Conventions) of XML parts. This module reads it safely — the
zip's members are decompressed only up to the uncompressed-bytes limit of `verksam.limits`, every
part is parsed without DTDs, entities or network — and gives each page's shapes with their master's
name, text, bounding box in page inches (group members placed through their groups) and the
connections Visio recorded. `verksam.formats.visio` turns that into a case.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from verksam.formats.bpmn_xml import InterchangeError, parse_bytes
from verksam.limits import LimitError, Limits, read_capped

VISIO = "http://schemas.microsoft.com/office/visio/2012/main"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _v(tag: str) -> str:
    return f"{{{VISIO}}}{tag}"


@dataclass
class Shape:
    """One shape of a page: its kind name (the master's), text and box in page inches."""

    id: str
    name: str  # the master's universal name (or the shape's own), e.g. "Process", "Swimlane"
    text: str
    x: float  # left
    y: float  # bottom
    w: float
    h: float
    one_d: bool  # a line or connector (it has a begin and an end)
    begin: tuple[float, float] | None = None
    end: tuple[float, float] | None = None
    parent: str | None = None  # the group holding it
    children: list[str] = field(default_factory=list)
    categories: str = ""  # User.msvShapeCategories, e.g. "Swimlane" or "CFF Container"
    alias: str = ""  # the master's name in the drawing's language, e.g. "Sequence Flow"
    props: dict[str, str] = field(default_factory=dict)  # shape data (Prop.*) by row name

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def contains(self, point: tuple[float, float], margin: float = 0.0) -> bool:
        px, py = point
        return (
            self.x - margin <= px <= self.x + self.w + margin
            and self.y - margin <= py <= self.y + self.h + margin
        )


@dataclass
class Page:
    name: str
    shapes: dict[str, Shape]  # by id, groups' members included
    glued: dict[str, dict[str, str]]  # connector id -> {"begin"/"end": shape id}


class _Package:
    def __init__(self, data: bytes, name: str, limit: int) -> None:
        self.name = name
        self.parts: dict[str, bytes] = {}
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise InterchangeError(
                "not a Visio .vsdx file (it is not a zip package)", file=name, code="not-vsdx"
            ) from None
        left = limit
        with archive:
            for info in archive.infolist():
                if info.is_dir() or not info.filename.endswith((".xml", ".rels")):
                    continue
                try:
                    with archive.open(info) as member:
                        content = read_capped(member, left, f"{name}: {info.filename}")
                except LimitError as exc:
                    mib = str(round(limit / 2**20))
                    raise InterchangeError(
                        str(exc).partition(": ")[2],
                        file=name,
                        code="too-large",
                        params={"limit": mib},
                    ) from None
                except (zipfile.BadZipFile, OSError, EOFError) as exc:
                    raise InterchangeError(
                        f"the part {info.filename} cannot be unpacked ({exc})",
                        file=name,
                        code="damaged",
                    ) from None
                left -= len(content)
                self.parts[info.filename] = content

    def xml(self, part: str) -> etree._Element:
        if part not in self.parts:
            raise InterchangeError(f"the part {part} is missing", file=self.name, code="damaged")
        return parse_bytes(self.parts[part], f"{self.name}: {part}").getroot()

    def related(self, part: str) -> dict[str, str]:
        """Relationship id → target part of `part`."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{base}.rels")
        if rels not in self.parts:
            return {}
        out = {}
        for rel in self.xml(rels).iter(f"{{{REL}}}Relationship"):
            target = rel.get("Target", "")
            out[rel.get("Id", "")] = posixpath.normpath(posixpath.join(folder, target))
        return out


def _cells(shape: etree._Element) -> dict[str, str]:
    return {c.get("N", ""): c.get("V", "") for c in shape.iterchildren(_v("Cell"))}


def _props(shape: etree._Element | None) -> dict[str, str]:
    """Shape data: the value of each row of the Property section, by row name."""
    found: dict[str, str] = {}
    if shape is None:
        return found
    for section in shape.iterchildren(_v("Section")):
        if section.get("N") != "Property":
            continue
        for row in section.iterchildren(_v("Row")):
            for cell in row.iterchildren(_v("Cell")):
                if cell.get("N") == "Value" and row.get("N"):
                    found[str(row.get("N"))] = str(cell.get("V", ""))
    return found


def _user(shape: etree._Element, row: str) -> str:
    for section in shape.iterchildren(_v("Section")):
        if section.get("N") == "User":
            for item in section.iterchildren(_v("Row")):
                if item.get("N") == row:
                    for cell in item.iterchildren(_v("Cell")):
                        if cell.get("N") == "Value":
                            return str(cell.get("V", ""))
    return ""


def _text(shape: etree._Element) -> str:
    text = shape.find(_v("Text"))
    return re.sub(r"\s+", " ", "".join(text.itertext())).strip() if text is not None else ""


def _number(value: str | None, default: float = 0.0) -> float:
    try:
        return float(value) if value not in (None, "") else default
    except ValueError:
        return default


class _Master:
    def __init__(self, name: str, root: etree._Element | None, alias: str = "") -> None:
        self.name = name
        self.alias = alias
        self.shapes: dict[str, etree._Element] = {}
        if root is not None:
            for shape in root.iter(_v("Shape")):
                self.shapes[shape.get("ID", "")] = shape


def _masters(package: _Package) -> dict[str, _Master]:
    part = "visio/masters/masters.xml"
    if part not in package.parts:
        return {}
    rels = package.related(part)
    masters = {}
    for master in package.xml(part).iterchildren(_v("Master")):
        rel = master.find(_v("Rel"))
        target = rels.get(rel.get(f"{{{R}}}id", "")) if rel is not None else None
        root = package.xml(target) if target and target in package.parts else None
        masters[master.get("ID", "")] = _Master(
            master.get("NameU") or master.get("Name", ""), root, master.get("Name", "")
        )
    return masters


def read_pages(data: bytes, name: str, limits: Limits | None = None) -> list[Page]:
    """Every foreground page of a .vsdx file. Raises InterchangeError naming the file and part."""
    package = _Package(data, name, (limits or Limits.from_env()).uncompressed_bytes)
    masters = _masters(package)
    index = "visio/pages/pages.xml"
    rels = package.related(index)
    pages = []
    for page in package.xml(index).iterchildren(_v("Page")):
        if page.get("Background") == "1":
            continue
        rel = page.find(_v("Rel"))
        target = rels.get(rel.get(f"{{{R}}}id", "")) if rel is not None else None
        if not target:
            raise InterchangeError(
                f"page '{page.get('NameU')}' has no contents part", file=name, code="damaged"
            )
        pages.append(_read_page(package.xml(target), page.get("Name") or page.get("NameU") or "",
                                masters, f"{name}: {target}"))  # fmt: skip
    return pages


def _read_page(root: etree._Element, title: str, masters: dict[str, _Master], where: str) -> Page:
    shapes: dict[str, Shape] = {}

    def walk(element: etree._Element, parent: Shape | None, master: _Master | None) -> None:
        for node in element.iterchildren(_v("Shapes")):
            for item in node.iterchildren(_v("Shape")):
                sid = item.get("ID", "")
                if not sid:
                    raise InterchangeError(f"{where}: a shape without an ID", code="damaged")
                own = masters.get(item.get("Master", "")) or master
                inherited = own.shapes.get(item.get("MasterShape", "")) if own else None
                if inherited is None and own and item.get("Master"):
                    inherited = next(iter(own.shapes.values()), None)
                cells = {**(_cells(inherited) if inherited is not None else {}), **_cells(item)}
                w, h = _number(cells.get("Width")), _number(cells.get("Height"))
                pin = (_number(cells.get("PinX")), _number(cells.get("PinY")))
                loc = (_number(cells.get("LocPinX"), w / 2), _number(cells.get("LocPinY"), h / 2))
                ox, oy = (parent.x, parent.y) if parent else (0.0, 0.0)
                one_d = "BeginX" in cells and "EndX" in cells
                label = item.get("NameU") or item.get("Name") or ""
                kind = own.name if own and item.get("Master") else re.sub(r"\.\d+$", "", label)
                if own and not item.get("Master") and parent is None:
                    kind = re.sub(r"\.\d+$", "", label)
                text = _text(item) or (_text(inherited) if inherited is not None else "")
                shape = Shape(
                    id=sid, name=re.sub(r"\.\d+$", "", kind), text=text,
                    x=ox + pin[0] - loc[0], y=oy + pin[1] - loc[1], w=abs(w), h=abs(h),
                    one_d=one_d, parent=parent.id if parent else None,
                    categories=_user(item, "msvShapeCategories")
                    or (_user(inherited, "msvShapeCategories") if inherited is not None else ""),
                    alias=re.sub(r"\.\d+$", "", own.alias) if own and item.get("Master") else "",
                    props={**_props(inherited), **_props(item)},
                )  # fmt: skip
                if one_d:
                    shape.begin = (ox + _number(cells["BeginX"]), oy + _number(cells["BeginY"]))
                    shape.end = (ox + _number(cells["EndX"]), oy + _number(cells["EndY"]))
                if h < 0 or w < 0:  # a line drawn right to left or top down
                    shape.x, shape.y = min(shape.x, shape.x + w), min(shape.y, shape.y + h)
                shapes[sid] = shape
                if parent:
                    parent.children.append(sid)
                walk(item, shape, own)

    walk(root, None, None)
    glued: dict[str, dict[str, str]] = {}
    for connects in root.iterchildren(_v("Connects")):
        for connect in connects.iterchildren(_v("Connect")):
            end = {"BeginX": "begin", "EndX": "end"}.get(connect.get("FromCell", ""))
            source, target = connect.get("FromSheet", ""), connect.get("ToSheet", "")
            if end and source in shapes and target in shapes:
                glued.setdefault(source, {})[end] = target
    return Page(name=title, shapes=shapes, glued=glued)


def read_vsdx_file(path: str | Path, limits: Limits | None = None) -> list[Page]:
    """The pages of a .vsdx file on disk; the file's own size is checked before reading."""
    name = str(path)
    cap = (limits or Limits.from_env()).uncompressed_bytes
    try:
        size = Path(path).stat().st_size
        if size > cap:
            raise InterchangeError(
                f"the file is larger than the limit of {cap} bytes",
                file=name,
                code="too-large",
                params={"limit": str(round(cap / 2**20))},
            )
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InterchangeError(
            f"cannot read the file: {exc.strerror}", file=name, code="unreadable"
        ) from None
    return read_pages(data, name, limits)
