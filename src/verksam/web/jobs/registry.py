"""Job kinds: a name, a translatable title and the function that does the work.

Other apps register kinds with `@job_kind("simulate", _("Simulation"))`; the function receives the
Job and a `report(fraction, message)` callback that stores progress on the job row (visible to the
page that polls it), and returns a JSON-able result dict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # only for the type of a kind's work function: the model imports this registry for its titles
    from verksam.web.jobs.models import Job

Report = Callable[[float, str], None]
Work = Callable[["Job", Report], dict[str, Any]]


@dataclass(frozen=True)
class JobKind:
    name: str
    title: Any  # a lazy translation
    work: Work


KINDS: dict[str, JobKind] = {}


def job_kind(name: str, title: Any) -> Callable[[Work], Work]:
    def register(work: Work) -> Work:
        if name in KINDS and KINDS[name].work is not work:
            raise ValueError(f"job kind {name!r} is registered twice")
        KINDS[name] = JobKind(name, title, work)
        return work

    return register
