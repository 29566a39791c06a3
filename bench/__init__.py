"""Benchmarks: run with `python -m bench.NAME`; they print figures and are not tests."""
