"""Verksam: a workbench for business development in the Nordic public sector."""

import os

# Verksam's linear algebra is many small solves (one per process variant); OpenBLAS's thread pool
# makes those 10-30x slower on a busy machine, so use one thread unless the user chose otherwise.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

__version__ = "0.1.0"
