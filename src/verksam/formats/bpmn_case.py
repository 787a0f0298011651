"""The rest of the case in a BPMN file: what BPMN has no element for, as JSON in our extension.

A BPMN export carries the exported processes' flows as BPMN; everything else of the case that
analysis and simulation read — roles with their costs, FTE and external flag, units, calendars,
arrivals, services, goals, benefits, settings — goes into one `verksam:case` extension element as
the case file's JSON (without the flows BPMN already holds). Importing such a file puts the case
back together, so export → import gives the same `verksam analyze` and `simulate` inputs. Other
tools ignore the extension.
"""

from __future__ import annotations

import json
from typing import Any

from verksam.model import Case

CASE_TAG = "case"
_FLOW_PARTS = ("nodes", "flows", "lanes", "annotations", "bpmn_kept")


def case_extension(case: Case, shown: dict[str, str | None]) -> str:
    """The case as JSON without what the BPMN holds.

    `shown` maps each exported process id to the id of the variant exported (None: a black box);
    that variant's flow is left out (the BPMN holds it). Other variants and processes, and the
    message flows between processes not shown, are kept whole.
    """
    data = case.model_dump(mode="json", exclude={"bpmn_kept"})
    for process in data["processes"]:
        if process["id"] in shown:
            process["variants"] = [
                {k: v for k, v in variant.items() if k not in _FLOW_PARTS}
                if variant["id"] == shown[process["id"]]
                else variant
                for variant in process["variants"]
            ]
    data["message_flows"] = [
        mf for mf in data["message_flows"]
        if not {mf["source_process"], mf["target_process"]} <= set(shown)
    ]  # fmt: skip
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def merge_case(read: Case, text: str) -> Case:
    """The case of a `verksam:case` extension with the flows read from the BPMN put back.

    Raises ValueError (pydantic's ValidationError or a JSON error) for an extension that is not
    a case of this version.
    """
    data: dict[str, Any] = json.loads(text)
    bpmn = read.model_dump(mode="json")
    by_id = {p["id"]: p for p in bpmn["processes"]}
    merged = []
    for process in data.get("processes", []):
        found = by_id.pop(process["id"], None)
        if found is not None:
            flows = {v["id"]: v for v in found["variants"]}
            for variant in process.get("variants", []):
                if variant["id"] in flows and "nodes" not in variant:
                    for part in _FLOW_PARTS:
                        variant[part] = flows[variant["id"]][part]
        merged.append(process)
    merged += by_id.values()  # processes the extension does not know (none from our exports)
    data["processes"] = merged
    data["message_flows"] = [*bpmn["message_flows"], *data.get("message_flows", [])]
    kept = bpmn["bpmn_kept"]
    if kept and (kept["collaboration_id"] or "").startswith(f"Collaboration_{data['id']}"):
        kept["collaboration_id"] = None  # the id our export gives; nothing to keep
    empty = not kept or not (
        kept["definitions"]
        or kept["collaboration"]
        or kept["collaboration_id"]
        or kept["collaborations"]
    )
    data["bpmn_kept"] = None if empty else kept
    structure = data.get("structure") or {}
    for kind, items in (bpmn.get("structure") or {}).items():
        known = {item["id"] for item in structure.get(kind, [])}
        extra = [item for item in items if item["id"] not in known]
        if extra:
            structure[kind] = [*structure.get(kind, []), *extra]
    if structure:
        data["structure"] = structure
    return Case.model_validate(data)
