"""Benchmarks (not part of the test suite). Run them from the repository root."""
