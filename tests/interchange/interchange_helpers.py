"""Plain helpers of the interchange tests: where the corpora are, and schema checking."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"


def corpus_files() -> list[Path]:
    """Every BPMN file of the MIWG reference and vendor sets, the Nordic models and PM4Py."""
    patterns = ["bpmn-miwg/reference/*.bpmn", "bpmn-miwg/vendor/*/*.bpmn", "nordic/**/*.bpmn",
                "pm4py/**/*.bpmn"]  # fmt: skip
    return sorted({p for pattern in patterns for p in SHARED.glob(pattern)})


def corpus_id(path: Path) -> str:
    return str(path.relative_to(SHARED)) if SHARED in path.parents else path.name


def example_files() -> list[Path]:
    return sorted((ROOT / "examples").glob("*/*.yaml"))


def schema_errors(schema: etree.XMLSchema, data: bytes) -> list[str]:
    ok = schema.validate(etree.fromstring(data).getroottree())
    return [] if ok else [f"line {e.line}: {e.message}" for e in schema.error_log]
