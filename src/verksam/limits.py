"""How much work one input may cause: the caps on decompressed bytes, events per log and
activities per model, and a reader that decompresses a stream only up to its cap.

The defaults protect a small server; the CLI reads them from the environment
(``VERKSAM_MAX_UNCOMPRESSED_BYTES``, ``VERKSAM_MAX_LOG_EVENTS``, ``VERKSAM_MAX_MODEL_ACTIVITIES``)
and the web app from its settings (docs/limits.md).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import Protocol

MIB = 1024 * 1024
ENVIRONMENT = {
    "uncompressed_bytes": "VERKSAM_MAX_UNCOMPRESSED_BYTES",
    "events": "VERKSAM_MAX_LOG_EVENTS",
    "activities": "VERKSAM_MAX_MODEL_ACTIVITIES",
}


class Readable(Protocol):
    """Anything with ``read(size)`` and ``close()``: a file, a GzipFile, a zip member."""

    def read(self, size: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


class LimitError(ValueError):
    """An input larger than a limit allows; the message names the file, the limit and the setting.

    ``what`` is the limit's name in `Limits` (``uncompressed_bytes``, ``events``, ``activities``),
    ``limit`` its value and ``source`` the file, so a caller can say the same in its own words.
    """

    def __init__(self, message: str, *, source: str, what: str, limit: int) -> None:
        super().__init__(message)
        self.source = source
        self.what = what
        self.limit = limit


@dataclass(frozen=True)
class Limits:
    """The caps. ``uncompressed_bytes``: what one compressed input (gzip, zip, Parquet) may expand
    to; ``events``: events (rows) of one log; ``activities``: nodes (activities, events,
    gateways) of one process variant drawn, tabulated or analysed at once."""

    uncompressed_bytes: int = 512 * MIB
    events: int = 5_000_000
    activities: int = 500

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Limits:
        """The defaults, each replaced by its environment variable when that is set.

        Raises
        ------
        ValueError
            When a variable is not a positive whole number.
        """
        env = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for name, variable in ENVIRONMENT.items():
            text = env.get(variable, "").strip().replace("_", "")
            if not text:
                continue
            if not text.isdigit() or int(text) <= 0:
                raise ValueError(f"{variable} must be a positive whole number, not {text!r}")
            values[name] = int(text)
        return cls(**values)


def size_text(count: int) -> str:
    """A byte count as people read it (``512 MiB``, ``64 KiB``, ``10 bytes``)."""
    if count >= MIB:
        return f"{count / MIB:.0f} MiB"
    if count >= 1024:
        return f"{count / 1024:.0f} KiB"
    return f"{count} bytes"


def too_large(source: str, limit: int) -> LimitError:
    """The error for an input that expands beyond ``limit`` bytes."""
    return LimitError(
        f"{source}: the uncompressed content is larger than the limit of {size_text(limit)}; "
        f"split the file, or raise {ENVIRONMENT['uncompressed_bytes']} where that is safe",
        source=source,
        what="uncompressed_bytes",
        limit=limit,
    )


def too_many_events(source: str, limit: int) -> LimitError:
    """The error for a log with more than ``limit`` events."""
    return LimitError(
        f"{source}: the log has more than {limit:,} events, the limit; filter it to a period or "
        f"raise {ENVIRONMENT['events']} where that is safe",
        source=source,
        what="events",
        limit=limit,
    )


class CappedReader(io.RawIOBase):
    """A read-only stream over another that fails with LimitError once more than ``limit`` bytes
    have been read, so a decompressing stream never expands further than that."""

    def __init__(self, inner: Readable, limit: int, source: str) -> None:
        super().__init__()
        self._inner = inner
        self._limit = limit
        self._source = source
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        # Never ask for more than one byte past the limit, so that even one read stays bounded.
        wanted = min(len(view), self._limit - self.count + 1)
        data = self._inner.read(wanted)
        self.count += len(data)
        if self.count > self._limit:
            raise too_large(self._source, self._limit)
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


def read_capped(stream: Readable, limit: int, source: str) -> bytes:
    """All of a (decompressing) stream, failing with LimitError beyond ``limit`` bytes."""
    reader = CappedReader(stream, limit, source)
    chunks: list[bytes] = []
    while chunk := reader.read(1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)
