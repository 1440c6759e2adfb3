"""Benchmark of the composite index engine (``make bench``).

1. Build the default ``kloof`` index for all ~14.4k buurten of KWB 2023.
2. Run 1,000 Monte Carlo replications over the method choices with rank intervals,
   vectorised (``kloof.index.uncertainty``); the same with ``estimation: raw`` shows
   what small-area estimation (shrinkage) costs (target: at most 20 %).
3. Compare with the straightforward way COINr does it: rebuild the whole index with
   pandas once per replication (``build(frame, spec_for_run(...))``). The loop is timed
   on a sample of replications and extrapolated to the same number of runs; the
   sampled replications are checked to give the same scores as the vectorised run.

Reads ../shared/data/cbs-kwb-2023 through the KWB importer and a temporary store; with
``--synthetic`` (or when the data is absent) it uses a synthetic frame of the same shape.
Prints times and ratios; targets: the 1,000-replication run well under a minute on two
cores and at least 20× faster than the loop.

Usage::

    python benchmarks/bench_index.py [--runs 1000] [--loop-runs 20] [--synthetic]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from kloof.errors import KloofWarning
from kloof.index import Choices, StepSpec, build, presets, uncertainty
from kloof.index._parallel import evaluate
from kloof.index.draws import draw, spec_for_run
from kloof.index.uncertainty import plan

KWB_2023 = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "cbs-kwb-2023"
    / "kwb-2023-transformed.xlsx"
)


def real_frames() -> tuple[pd.DataFrame, pd.Series, str]:
    """Buurt frame and NL row of KWB 2023 via the importer and a temporary store."""
    from kloof.sources.cbs_files import read_kwb
    from kloof.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.duckdb")
        try:
            store.ingest(read_kwb(KWB_2023))
            buurten = store.frame(year=2023, level="buurt")
            nl = store.frame(year=2023, level="land").iloc[0]
        finally:
            store.close()
    return buurten, nl, "KWB 2023 (real)"


def synthetic_frames(n: int = 14_421, seed: int = 0) -> tuple[pd.DataFrame, pd.Series, str]:
    """A frame of the same shape: 14.4k buurten, the preset's indicators, gaps."""
    rng = np.random.default_rng(seed)
    codes = [
        f"BU{g:04d}{w:02d}{b:02d}" for g in range(1, 400) for w in range(1, 7) for b in range(1, 7)
    ][:n]
    ids = [
        i
        for i in presets.load("kloof").indicator_ids
        if i not in ("social_rent_pct", "owner_occupied_pct", "labour_participation_pct")
    ]
    data = {i: rng.lognormal(2.0, 0.5, n) for i in ids}
    data["inhabitants"] = rng.lognormal(6.5, 1.2, n).round()
    frame = pd.DataFrame(data, index=codes)
    for i in ids:
        frame.loc[rng.random(n) < 0.1, i] = np.nan
    return frame, frame.median(), "synthetic"


def timed(label: str, func, repeat: int = 1):  # type: ignore[no-untyped-def]
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = func()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<58} {best:8.2f} s")
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--loop-runs", type=int, default=20)
    parser.add_argument("--synthetic", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore", KloofWarning)

    if args.synthetic or not KWB_2023.exists():
        frame, nl, what = synthetic_frames()
    else:
        frame, nl, what = real_frames()
    print(f"data: {what}, {len(frame):,} buurten, {frame.shape[1]} columns")

    t_build, result = timed(
        "build default index (best of 3)", lambda: build(frame, "kloof", reference=nl), repeat=3
    )
    print(f"  scored {len(result.scores):,}, screened {len(result.screened):,}")

    t_mc, mc = timed(
        f"Monte Carlo, {args.runs:,} replications (vectorised)",
        lambda: uncertainty(frame, "kloof", reference=nl, runs=args.runs, seed=1),
    )
    print(f"  median 90% rank interval width: {mc.table['rank_width'].median():,.0f} ranks")

    # what small-area estimation costs: the same preset with raw rates (target <= 20 %)
    raw_spec = presets.load("kloof").model_copy(update={"estimation": StepSpec(method="raw")})
    t_build_raw, _ = timed(
        "build, estimation: raw (best of 3)",
        lambda: build(frame, raw_spec, reference=nl),
        repeat=3,
    )
    t_mc_raw, _ = timed(
        f"Monte Carlo, {args.runs:,} replications, estimation: raw",
        lambda: uncertainty(frame, raw_spec, reference=nl, runs=args.runs, seed=1),
    )
    cost = t_mc / t_mc_raw - 1
    print(
        f"  shrinkage costs {100 * (t_build / t_build_raw - 1):+.0f} % on build, "
        f"{100 * cost:+.0f} % on the Monte Carlo run "
        f"(target <= +20 %: {'met' if cost <= 0.20 else 'NOT met'})"
    )

    # the same pipeline, rebuilt with pandas per replication (COINr's Regen() way)
    choices = Choices()
    p = plan(frame, "kloof", choices, reference=nl)
    design = draw(p, args.loop_runs, choices, np.random.default_rng(1))
    fast, _ = evaluate(p, design)

    def loop() -> np.ndarray:
        out = np.empty((len(p.nominal.scores), args.loop_runs))
        for run in range(args.loop_runs):
            spec = spec_for_run(p, design, run)
            out[:, run] = build(frame, spec, reference=nl).scores["index"].to_numpy()
        return out

    t_loop, slow = timed(f"per-replication pandas loop, {args.loop_runs} replications", loop)
    diff = float(np.nanmax(np.abs(fast - slow)))
    per_rep = t_loop / args.loop_runs
    t_loop_all = per_rep * args.runs
    print(f"  same scores as the vectorised engine: max |difference| = {diff:.2e}")
    print(f"loop extrapolated to {args.runs:,} replications {'':<25} {t_loop_all:8.2f} s")
    print()
    print(
        f"ratio loop / vectorised ({args.runs:,} replications): {t_loop_all / t_mc:6.1f}x"
        f"   (target >= 20x: {'met' if t_loop_all / t_mc >= 20 else 'NOT met'})"
    )
    print(
        f"vectorised Monte Carlo: {t_mc:.1f} s"
        f"   (target < 60 s: {'met' if t_mc < 60 else 'NOT met'})"
    )
    print(
        f"one replication: vectorised {1000 * t_mc / args.runs:.1f} ms, "
        f"loop {1000 * per_rep:.0f} ms, build {1000 * t_build:.0f} ms"
    )


if __name__ == "__main__":
    main()
