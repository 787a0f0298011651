"""What changed on a live page between two revisions, as parts small enough to send on its socket.

A page's HTML marks the parts it can be updated by with comments around an element that has an
id: `<!--p:ID--><tr id="ID">…</tr><!--/p:ID-->` (the workspace's regions, each table row, the
add forms). Parts nest: a table is a part and so is each of its rows. Between two renders of the
same page, `changed` names the smallest parts that differ: a part whose own HTML outside its
sub-parts (its skeleton) is unchanged is described by its changed sub-parts alone, otherwise it is
sent whole. Replacing each sent part's element by its new HTML turns the old page into the new one
exactly, which is what tests/web/live/test_parts.py checks against a re-fetch.

The page itself (the root) may only differ in its opening tag (its revision number); anything
else that changed outside every part means the page must be fetched whole (`changed` says None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MARK = re.compile(r"<!--(/?)p:([^<>]*?)-->")


@dataclass
class Part:
    """One marked element: its HTML (between the markers), its skeleton (its HTML with each
    sub-part replaced by a placeholder) and its sub-parts in order."""

    id: str
    html: str = ""
    skeleton: str = ""
    children: list[Part] = field(default_factory=list)


class Unmarked(ValueError):
    """The page's markers do not nest (a template error)."""


def split(html: str) -> Part:
    """The page as a tree of parts; the root's id is ""."""
    root = Part("")
    stack: list[tuple[Part, int, list[str]]] = [(root, 0, [])]  # part, HTML start, skeleton pieces
    position = 0
    for match in MARK.finditer(html):
        closing, name = match.group(1) == "/", match.group(2)
        part, start, pieces = stack[-1]
        if not closing:
            pieces.append(html[position : match.start()])
            stack.append((Part(name), match.end(), []))
        else:
            if part.id != name or len(stack) == 1:
                raise Unmarked(f"part {name!r} closes inside {part.id!r}")
            pieces.append(html[position : match.start()])
            part.html = html[start : match.start()]
            part.skeleton = "".join(pieces)
            stack.pop()
            parent_pieces = stack[-1][2]
            parent_pieces.append(f"<!--p:{name}-->")
            stack[-1][0].children.append(part)
        position = match.end()
    if len(stack) != 1:
        raise Unmarked(f"part {stack[-1][0].id!r} is not closed")
    root.html = html
    root.skeleton = "".join(stack[0][2]) + html[position:]
    return root


def _opening_tag_removed(skeleton: str) -> str:
    return skeleton[skeleton.find(">") + 1 :]


def changed(old: Part, new: Part) -> dict[str, str] | None:
    """The parts of `new` to send to a page showing `old`, by id; None when the page must be
    fetched whole (something outside every part changed)."""
    if _opening_tag_removed(old.skeleton) != _opening_tag_removed(new.skeleton):
        return None
    out: dict[str, str] = {}
    _compare(old, new, out)
    return out


def _compare(old: Part, new: Part, out: dict[str, str]) -> None:
    for before, after in zip(old.children, new.children, strict=True):
        if before.html == after.html:
            continue
        if before.skeleton == after.skeleton:
            _compare(before, after, out)
        else:
            out[after.id] = after.html


def apply(html: str, parts: dict[str, str], revision_tag: str | None = None) -> str:
    """`html` with each part replaced (what a page does with a message; for tests and checks)."""
    for name, part in parts.items():
        opening, closing = f"<!--p:{name}-->", f"<!--/p:{name}-->"
        start = html.index(opening) + len(opening)
        end = html.index(closing, start)
        html = html[:start] + part + html[end:]
    if revision_tag is not None:
        html = revision_tag + html[html.find(">") + 1 :]
    return html
