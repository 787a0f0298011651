"""Benchmarks: each bench_<name>.py has a main() that measures Verksam against a peer in one run."""

import os

# The allocator settings this run was started with: Polars writes its own into os.environ when it
# is imported, and a benchmark that spawns measured processes gives them these instead (as a
# user's command would start), not the ones Polars left in this process.
ALLOCATOR_CONF = os.environ.get("_RJEM_MALLOC_CONF")
