"""What every benchmark prints at the end (``make bench``): one block per comparison.

kloof time, baseline time, their ratio with the target, the peak memory of each and a
sentence on how the baseline was built, so that a reader can judge the ratio without
reading the script (docs/benchmarks.md says why each baseline is fair).
"""

from __future__ import annotations

import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any


def peak_mb(func: Callable[[], Any]) -> tuple[float, Any]:
    """Peak traced memory (MB, Python and NumPy allocations) of one call of ``func``.

    Run separately from the timed runs: tracing slows allocation-heavy code.
    """
    tracemalloc.start()
    try:
        out = func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6, out


def child_peak_mb(code: str) -> float:
    """Peak resident memory (MB) of a new Python process running ``code``.

    For work whose memory is mostly outside Python's allocator (DuckDB, openpyxl's C
    parts), where :func:`peak_mb` would see only part of it. The interpreter and the
    imports count too, on both sides of a comparison alike. Read from the child's own
    ``VmHWM`` (Linux): ``ru_maxrss`` of a child can carry over its parent's peak.
    """
    status = "open('/proc/self/status').read()"
    probe = f"\nimport re\nprint(re.search(r'VmHWM:\\s+(\\d+)', {status})[1])"
    out = subprocess.run(
        [sys.executable, "-c", code + probe], check=True, capture_output=True, text=True
    )
    return int(out.stdout.split()[-1]) / 1024  # kB


def clock(func: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall-clock and CPU seconds (this process) of one call of ``func``."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = func()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def summary(
    name: str,
    *,
    kloof_s: float,
    baseline_s: float,
    baseline: str,
    target: float | None = None,
    kloof_mb: float | None = None,
    baseline_mb: float | None = None,
    note: str = "",
) -> float:
    """Print the standard block; returns the ratio baseline / kloof."""
    ratio = baseline_s / kloof_s if kloof_s > 0 else float("inf")
    verdict = ""
    if target is not None:
        verdict = f"   (target >= {target:g}x: {'met' if ratio >= target else 'NOT met'})"
    mem = lambda mb: "n/a" if mb is None else f"{mb:,.0f} MB"  # noqa: E731
    print(f"-- {name}")
    print(f"   kloof     {kloof_s:9.3f} s   peak memory {mem(kloof_mb)}")
    print(f"   baseline  {baseline_s:9.3f} s   peak memory {mem(baseline_mb)}")
    print(f"   ratio     {ratio:9.1f} x{verdict}")
    print(f"   baseline: {baseline}")
    if note:
        print(f"   note: {note}")
    return ratio
