"""Benchmarks: each bench_<name>.py has a main() that measures Verksam against a peer in one run."""
