"""Counts BPMN-namespace elements by kind, to compare a file with its import → export round trip.

Counted: every element of the BPMN model namespace outside extension elements (so vendor
extensions and diagram interchange are not), except `incoming`/`outgoing` (a flow node's copy of
its flows' ends, which some tools write and others leave out) and the `extensionElements` wrapper.

Run `python -m tests.interchange.bpmn_counts` for the per-file table of the corpus.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from lxml import etree

from tests.interchange.interchange_helpers import SHARED, corpus_files, corpus_id

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
DERIVED = {"incoming", "outgoing", "extensionElements"}


def bpmn_counts(data: bytes) -> Counter[str]:
    """Element kind → how many, for the BPMN-namespace elements of one file (see module doc)."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    counts: Counter[str] = Counter()
    for element in root.iter(f"{{{BPMN}}}*"):
        kind = etree.QName(element).localname
        if kind in DERIVED or any(
            etree.QName(a).localname == "extensionElements" for a in element.iterancestors()
        ):
            continue
        counts[kind] += 1
    return counts


def differences(source: Counter[str], exported: Counter[str]) -> dict[str, tuple[int, int]]:
    """Kind → (in the source, in the export) for every kind whose count differs."""
    return {
        kind: (source[kind], exported[kind])
        for kind in sorted(set(source) | set(exported))
        if source[kind] != exported[kind]
    }


def round_trip(path: Path) -> tuple[Counter[str], Counter[str], list[str]]:
    """The source's counts, its export's counts, and the import notes."""
    from verksam.formats.bpmn import read_bpmn, write_bpmn

    result = read_bpmn(path)
    exported = write_bpmn(result.case)
    return bpmn_counts(path.read_bytes()), bpmn_counts(exported), [str(n) for n in result.notes]


def table() -> str:
    """A Markdown table: per corpus file, elements counted, and the kinds that differ."""
    rows = ["| file | BPMN elements (source → export) | kinds that differ (source → export) |",
            "| --- | --- | --- |"]  # fmt: skip
    for path in corpus_files():
        try:
            source, exported, _ = round_trip(path)
        except Exception as exc:
            rows.append(f"| {corpus_id(path)} | fails | {type(exc).__name__}: {exc} |")
            continue
        diff = differences(source, exported)
        text = ", ".join(f"{k} {a}→{b}" for k, (a, b) in diff.items()) or "none"
        total = f"{sum(source.values())} → {sum(exported.values())}"
        rows.append(f"| {corpus_id(path)} | {total} | {text} |")
    return "\n".join(rows)


if __name__ == "__main__":
    if not SHARED.is_dir():
        sys.exit(f"{SHARED} is absent")
    print(table())
