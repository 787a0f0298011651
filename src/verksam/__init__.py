"""Verksam: a workbench for business development in the Nordic public sector."""

import os

# Verksam's linear algebra is many small solves (one per process variant); OpenBLAS's thread pool
# makes those 10-30x slower on a busy machine, so use one thread unless the user chose otherwise.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

# Polars' allocator (its own jemalloc) keeps freed memory for half a second to reuse it; mining a
# log frees and allocates hundreds of MiB within that time, so the process's peak was a third
# above what it ever used at once (1M events: 220 MiB instead of 165). Returning freed pages at
# once costs about a third more CPU time in reading and sorting (1M: 0.74 s to 0.99 s, see
# docs/mining.md). Read when Polars loads, so it must be set before; a user's own setting wins.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")

__version__ = "0.1.0"
