"""Benchmarks: timed workloads, minitorch against torch (``python -m benchmarks``).

``workloads.py`` holds the workloads (one small ``setup(lib, device) -> step`` function each),
``harness.py`` times them interleaved and formats the table and the JSON, and ``__main__.py``
is the command line. Timings live here only, never in a pass/fail test.
"""
from .workloads import WORKLOADS, Workload

__all__ = ["WORKLOADS", "Workload"]
