"""Benchmark: import all shared data into a fresh store; query a national wijk frame.

Prints rows/s, peak memory and ratios against baselines run in the same process:

* import of the national KWB 2023 workbook (read + validate + store) against reading the
  same workbook with plain ``pandas.read_excel`` (openpyxl, the default engine);
* the national wijk × indicator frame from the store against filtering the wijken out of
  the workbook read with plain pandas.

Usage: ``python benchmarks/bench_import.py [SHARED_DATA_DIR]``.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from _report import child_peak_mb, summary

from kloof.errors import KloofError
from kloof.sources import discover, read
from kloof.sources.cbs_files import read_kwb
from kloof.store import open_store

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data"
SHARED = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
KWB = SHARED / "cbs-kwb-2023" / "kwb-2023-transformed.xlsx"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(func, repeat: int = 3):  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        # 1. everything kloof understands in shared data, one fresh store
        files, skipped = discover(SHARED)
        store = open_store(Path(tmp) / "all.duckdb")
        start = time.perf_counter()
        rows = 0
        for path, kind in files:
            t0 = time.perf_counter()
            try:
                batch = read(path)
                store.ingest(batch, replace=True)  # files overlap (panel vs KWB)
            except KloofError as exc:
                print(f"  {kind:10s} {path.name:60s} not imported: {exc}")
                continue
            rows += batch.rows
            took = time.perf_counter() - t0
            print(f"  {kind:10s} {path.name:60s} {batch.rows:>9,d} rows {took:6.2f} s")
        total = time.perf_counter() - start
        print(
            f"all shared data: {len(files)} files ({len(skipped)} not importable), "
            f"{rows:,d} rows in {total:.1f} s = {rows / total:,.0f} rows/s; "
            f"peak memory {peak_mb():,.0f} MB"
        )
        store.close()

        # 2. one national KWB year against plain pandas
        def ours() -> int:
            s = open_store(Path(tmp) / f"kwb-{time.perf_counter_ns()}.duckdb")
            batch = read_kwb(KWB)
            s.ingest(batch)
            s.close()
            return batch.rows

        t_ours, n = timed(ours)
        t_base, raw = timed(lambda: pd.read_excel(KWB, dtype=str, engine="openpyxl"), repeat=1)
        print(
            f"KWB 2023 national import (read+validate+store, {n:,d} rows): {t_ours:.2f} s "
            f"= {n / t_ours:,.0f} rows/s; plain pandas.read_excel: {t_base:.2f} s; "
            f"ratio baseline/ours = {t_base / t_ours:.2f}x"
        )

        # 3. national wijk frame
        s = open_store(Path(tmp) / "q.duckdb")
        s.ingest(read_kwb(KWB))
        t_q, frame = timed(lambda: s.frame(2023, "wijk"), repeat=5)

        def baseline_frame() -> pd.DataFrame:
            wk = raw[raw["gwb_code_10"].str.startswith("WK")].set_index("gwb_code_10")
            return wk.drop(columns=["gm_naam"]).apply(
                lambda c: pd.to_numeric(c.str.replace(",", "."), errors="coerce")
            )

        t_b, _ = timed(baseline_frame, repeat=5)
        print(
            f"national wijk frame {frame.shape}: {t_q * 1000:.0f} ms from the store; "
            f"{t_b * 1000:.0f} ms converting an in-memory workbook; ratio {t_b / t_q:.2f}x"
        )
        print(f"peak memory {peak_mb():,.0f} MB\n")
        s.close()
        # peak memory of each side in a process of its own (DuckDB and openpyxl allocate
        # outside Python's allocator, so tracemalloc would miss most of it)
        mb_ours = child_peak_mb(
            "from kloof.sources.cbs_files import read_kwb; from kloof.store import open_store; "
            f"s = open_store({str(Path(tmp) / 'rss.duckdb')!r}); s.ingest(read_kwb({str(KWB)!r}))"
        )
        mb_base = child_peak_mb(
            f"import pandas as pd; pd.read_excel({str(KWB)!r}, dtype=str, engine='openpyxl')"
        )
        mb_frame = child_peak_mb(
            f"from kloof.store import open_store; open_store({str(Path(tmp) / 'q.duckdb')!r}, "
            "read_only=True).frame(2023, 'wijk')"
        )
        mb_frame_base = child_peak_mb(
            f"import pandas as pd; raw = pd.read_excel({str(KWB)!r}, dtype=str, "
            "engine='openpyxl'); wk = raw[raw['gwb_code_10'].str.startswith('WK')]; "
            "wk.drop(columns=['gm_naam']).apply(lambda c: pd.to_numeric("
            "c.str.replace(',', '.'), errors='coerce'))"
        )
        summary(
            f"KWB 2023 national import ({n:,d} rows)",
            kloof_s=t_ours,
            baseline_s=t_base,
            baseline="pandas.read_excel of the same workbook (openpyxl, the default engine), "
            "which only reads: no validation, no missing markers, no store",
            kloof_mb=mb_ours,
            baseline_mb=mb_base,
            note="peak memory: resident set of a new process doing only that side's work",
        )
        summary(
            f"national wijk frame {frame.shape}",
            kloof_s=t_q,
            baseline_s=t_b,
            baseline="the wijken filtered out of the workbook already read into memory by "
            "pandas, values converted to numbers (decimal commas)",
            kloof_mb=mb_frame,
            baseline_mb=mb_frame_base,
            note="peak memory as above; the baseline's includes reading the workbook",
        )


if __name__ == "__main__":
    main()
