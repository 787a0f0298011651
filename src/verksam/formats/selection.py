"""Which processes an export writes: the ones named (or all), checked against the case."""

from __future__ import annotations

from verksam.model import Case


def exported_process_ids(
    case: Case, process_ids: list[str] | None, variant: str | None, error: type[Exception]
) -> list[str]:
    """The ids of the processes to export, in the order asked for (default: every process).

    Raises `error` for an id the case has no process for, or a named variant that no exported
    process has (processes without it keep their as-is variant).
    """
    known = [p.id for p in case.processes]
    wanted = process_ids or known
    for pid in wanted:
        if pid not in known:
            raise error(f"the case has no process '{pid}' (it has: {', '.join(known) or 'none'})")
    if variant is not None and not any(
        v.id == variant for p in case.processes if p.id in wanted for v in p.variants
    ):
        raise error(f"no exported process has a variant '{variant}'")
    return wanted
