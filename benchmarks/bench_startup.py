"""Benchmark of command start-up (``make bench``): what a user waits for before work.

Each command runs in a new process (``subprocess``), ``--repeat`` times; the best time
counts (the first run also pays for the operating system's file cache). Baseline:
``python -c pass`` and ``python -c "import typer"`` in the same interpreter, the floor
that no command can go under. Targets: ``kloof --help`` < 0.3 s, ``kloof data status``
< 1 s (on a store with KWB 2023 and the 2024 wijk boundaries, built here in a
temporary directory; without ../shared/data, on an empty store).

Also prints what the import of each command module costs (``python -X importtime``):
a command should load only what it uses.

Usage: ``python benchmarks/bench_startup.py [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _report import summary

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
KWB_2023 = SHARED / "cbs-kwb-2023" / "kwb-2023-transformed.xlsx"
KLOOF = Path(sys.executable).with_name("kloof")


def best_of(cmd: list[str], repeat: int) -> float:
    """Best wall-clock time of ``repeat`` runs of ``cmd`` in a new process; the best
    CPU time (user + system) of the child is printed, for busy machines."""
    best = cpu = float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = min(cpu, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    print(f"  {' '.join(Path(c).name if '/' in c else c for c in cmd)[:60]:<60} CPU {cpu:6.3f} s")
    return best


def import_cost(module: str) -> float:
    """Cumulative import time (s) of ``module`` in a fresh interpreter."""
    out = (
        subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            check=True,
            capture_output=True,
            text=True,
        )
        .stderr.strip()
        .splitlines()
    )
    return int(out[-1].split("|")[1]) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "startup.duckdb"
        if KWB_2023.exists():
            subprocess.run(
                [str(KLOOF), "--store", str(store), "data", "import", str(KWB_2023)],
                check=True,
                capture_output=True,
            )
        python = best_of([sys.executable, "-c", "pass"], args.repeat)
        typer = best_of([sys.executable, "-c", "import typer, rich.console"], args.repeat)
        cases = {
            "kloof --help": ([str(KLOOF), "--help"], 0.3),
            "kloof data status": ([str(KLOOF), "--store", str(store), "data", "status"], 1.0),
            "kloof index --help": ([str(KLOOF), "index", "--help"], None),
        }
        print(f"python -c pass {python:6.3f} s; python -c 'import typer, rich' {typer:6.3f} s")
        times = {}
        for label, (cmd, target) in cases.items():
            times[label] = t = best_of(cmd, args.repeat)
            verdict = "" if target is None else f" (target < {target:g} s: "
            verdict += "" if target is None else ("met)" if t < target else "NOT met)")
            print(f"{label:<24} {t:6.3f} s{verdict}")
    print("\nimport cost of each command module (fresh interpreter, -X importtime)")
    commands = ("data", "index", "allocate", "spatial", "simulate", "monitor")
    modules = ["kloof", "kloof.catalogue", "kloof.cli._common", "kloof.cli.main"]
    for module in modules + [f"kloof.cli.{m}" for m in commands]:
        print(f"  {module:<24} {import_cost(module):6.3f} s")
    print()
    summary(
        "start-up, kloof --help",
        kloof_s=times["kloof --help"],
        baseline_s=typer,
        baseline="a new interpreter importing typer and rich only (the floor of any typer "
        "CLI); a ratio near 1 means kloof adds little (target: kloof --help < 0.3 s)",
    )
    summary(
        "start-up, kloof data status",
        kloof_s=times["kloof data status"],
        baseline_s=typer,
        baseline="as above (target: kloof data status < 1 s)",
    )


if __name__ == "__main__":
    main()
