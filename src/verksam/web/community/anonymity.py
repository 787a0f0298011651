"""Removing an organisation's identity from what the library shows: its names, the distinctive
words of its name, its address in the URL (slug) and every e-mail address, in the text of a case,
in its element ids (with every reference to them) and in the experience notes linked to it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from verksam.web.cases.services import slugify

# Words that name a kind of organisation, not which one; they stay in the text.
GENERIC_WORDS = frozenset(
    {
        "kommun", "kommuns", "kommune", "kommunes", "kommunen", "region", "regionen", "regions",
        "fylkeskommune", "fylke", "landsting", "statens", "staten", "municipality", "county",
        "agency", "myndighet", "myndigheten", "direktoratet", "verket",
    }
)  # fmt: skip
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
ID_PLACEHOLDER = "org"


@dataclass(frozen=True)
class Identity:
    """What names an organisation: a pattern for text and one for ids (both case-insensitive)."""

    text: re.Pattern[str] | None
    ids: re.Pattern[str] | None

    def scrub(self, text: str) -> str:
        """`text` without e-mail addresses and without the organisation's names."""
        text = EMAIL.sub(_("(e-mail address removed)"), text)
        if self.text is not None:
            text = self.text.sub(_("the organisation"), text)
        return text

    def names_in(self, text: str) -> bool:
        return bool(EMAIL.search(text)) or bool(self.text and self.text.search(text))


def identity_of(names: Iterable[str], slugs: Iterable[str] = ()) -> Identity:
    """The identity of an organisation called `names` (its name, the name in the case file...)
    with the URL addresses `slugs`. Words shorter than four letters are left alone: they would
    wipe out ordinary words."""
    phrases: set[str] = set()
    tokens: set[str] = set()
    slug_list = list(slugs)
    for name in (n.strip() for n in names):
        if len(name) < 3:
            continue
        phrases.add(name)
        for word in re.findall(r"\w+", name):
            if len(word) >= 4 and word.lower() not in GENERIC_WORDS:
                phrases.add(word)
        slug_list.append(slugify(name))
    for slug in slug_list:
        parts = [slug, *slug.split("-")]
        tokens.update(p for p in parts if len(p) >= 4 and p not in GENERIC_WORDS)
    phrases |= tokens

    def pattern(words: set[str]) -> re.Pattern[str] | None:
        if not words:
            return None
        ordered = sorted(words, key=len, reverse=True)  # the full name before its words
        return re.compile("|".join(re.escape(w) for w in ordered), re.IGNORECASE)

    return Identity(text=pattern(phrases), ids=pattern(tokens))


def _ids(node: Any, found: list[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "id" and isinstance(value, str):
                found.append(value)
            else:
                _ids(value, found)
    elif isinstance(node, list):
        for item in node:
            _ids(item, found)


def _id_map(document: dict[str, Any], identity: Identity) -> dict[str, str]:
    """New ids for the ids that contain a name, unique among all ids of the document."""
    if identity.ids is None:
        return {}
    ids: list[str] = []
    _ids(document, ids)
    taken = set(ids)
    renamed: dict[str, str] = {}
    for old in dict.fromkeys(ids):
        new = identity.ids.sub(ID_PLACEHOLDER, old)
        if new == old:
            continue
        new = re.sub(r"-{2,}", "-", new).strip("-") or ID_PLACEHOLDER
        candidate, number = new, 2
        while candidate in taken:
            candidate, number = f"{new}-{number}", number + 1
        taken.add(candidate)
        renamed[old] = candidate
    return renamed


def anonymise_document(document: dict[str, Any], identity: Identity) -> Any:
    """A copy of `document` with the names replaced in every text and id (references follow
    their ids, also where an id is a key of a mapping)."""
    renamed = _id_map(document, identity)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {renamed.get(k, k): walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        if isinstance(node, str):
            return renamed[node] if node in renamed else identity.scrub(node)
        return node

    return walk(document)


@dataclass(frozen=True)
class AnonymousNote:
    """An experience note as shown beside an anonymous library entry: no author, organisation or
    course, and its text scrubbed."""

    title: str
    what_changed: str
    what_it_gave: str
    advice: str


def anonymous_note(note: Any, identity: Identity) -> AnonymousNote:
    return AnonymousNote(
        title=identity.scrub(note.title),
        what_changed=identity.scrub(note.what_changed),
        what_it_gave=identity.scrub(note.what_it_gave),
        advice=identity.scrub(note.advice),
    )


__all__ = ["AnonymousNote", "Identity", "anonymise_document", "anonymous_note", "identity_of"]
