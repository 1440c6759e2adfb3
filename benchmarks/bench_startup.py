"""Benchmark of command start-up (``make bench``): what a user waits for before work.

Each command runs in a new process (``subprocess``), ``--repeat`` times; the median
counts (the CPU time of the child, user + system, is printed too, for busy machines).
The peak resident memory of each command is read by the child itself (its ``VmHWM`` at
exit) in ``--peak-runs`` untimed runs after the timed ones, not from ``ru_maxrss``,
which can carry the parent's peak over ``exec``.
Baselines, timed in the same session: ``python -c pass`` (the interpreter's own
start-up: the ratio says how many interpreter start-ups a command costs, which does not
depend on how busy the machine is) and ``python -c "import typer, typer.rich_utils"``
(the floor of any typer command line with rich help). Targets: ``kloof --help`` < 0.3 s,
the help of a command (``index``, ``simulate``, ``allocate``) < 0.3 s, ``kloof data
status`` < 1 s (on a store with KWB 2023, built here in a temporary directory; without
../shared/data, on an empty store).

Also prints what the import of each command module costs (``python -X importtime``):
a command should load only what it uses.

Usage: ``python benchmarks/bench_startup.py [--repeat 7] [--peak-runs 3]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _report import child_peak_mb

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
KWB_2023 = SHARED / "cbs-kwb-2023" / "kwb-2023-transformed.xlsx"
KLOOF = Path(sys.executable).with_name("kloof")


def median_of(cmd: list[str], repeat: int) -> tuple[float, float]:
    """Median wall-clock time and median CPU time (user + system, of the child) of
    ``repeat`` runs of ``cmd``, each in a new process."""
    walls, cpus = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        walls.append(time.perf_counter() - start)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise subprocess.CalledProcessError(child.returncode, cmd)
        cpus.append(usage.ru_utime + usage.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def peak_of(cmd: list[str], runs: int) -> float:
    """Largest peak resident memory (MB) of ``runs`` runs of ``cmd``, each in a new process.

    Read by the child itself (``VmHWM`` at its exit, :func:`_report.child_peak_mb`), in
    runs of their own after the timed ones: the ``ru_maxrss`` that ``wait4`` returns
    can carry the parent's peak over ``exec``. A ``python -c CODE`` command runs ``CODE``;
    a ``kloof`` command runs the installed ``kloof`` script through :func:`runpy.run_path`
    with the same arguments (the wrapper adds ``runpy``, well under 1 MB).
    """
    if cmd[:2] == [sys.executable, "-c"]:
        code = cmd[2]
    else:
        code = (
            f"import runpy, sys\nsys.argv = {cmd!r}\ntry:\n"
            f"    runpy.run_path({cmd[0]!r}, run_name='__main__')\n"
            "except SystemExit as exc:\n    if exc.code not in (None, 0):\n        raise\n"
        )
    return max(child_peak_mb(code) for _ in range(runs))


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
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--peak-runs", type=int, default=3, help="untimed runs that read the peak memory"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "startup.duckdb"
        if KWB_2023.exists():
            subprocess.run(
                [str(KLOOF), "--store", str(store), "data", "import", str(KWB_2023)],
                check=True,
                capture_output=True,
            )
        cases: dict[str, tuple[list[str], float | None]] = {
            "python -c pass": ([sys.executable, "-c", "pass"], None),
            "import typer, rich_utils": (
                [sys.executable, "-c", "import typer, typer.rich_utils"],
                None,
            ),
            "kloof --help": ([str(KLOOF), "--help"], 0.3),
            "kloof data status": ([str(KLOOF), "--store", str(store), "data", "status"], 1.0),
            "kloof index --help": ([str(KLOOF), "index", "--help"], 0.3),
            "kloof simulate --help": ([str(KLOOF), "simulate", "--help"], 0.3),
            "kloof allocate --help": ([str(KLOOF), "allocate", "--help"], 0.3),
        }
        times: dict[str, tuple[float, float, float]] = {}
        print(f"median of {args.repeat} runs, each in a new process; peak: the child's own")
        print(f"VmHWM at exit, largest of {args.peak_runs} more runs")
        print(f"{'':<26} {'wall':>8} {'CPU':>8} {'peak':>7} {'/ python':>9} {'/ typer':>8}")
        for label, (cmd, target) in cases.items():
            wall, cpu = median_of(cmd, args.repeat)
            rss = peak_of(cmd, args.peak_runs)
            times[label] = wall, cpu, rss
            python = times["python -c pass"][0]
            typer = times.get("import typer, rich_utils", (wall, 0.0))[0]
            verdict = ""
            if target is not None:
                verdict = f"  target < {target:g} s: {'met' if wall < target else 'NOT met'}"
            print(
                f"{label:<26} {wall:7.3f}s {cpu:7.3f}s {rss:4.0f} MB {wall / python:8.1f}x "
                f"{wall / typer:7.2f}x{verdict}"
            )
    print("\nimport cost of each command module (fresh interpreter, -X importtime)")
    commands = ("data", "index", "allocate", "spatial", "simulate", "monitor")
    modules = ["kloof", "kloof.catalogue", "kloof.cli._common", "kloof.cli.main"]
    for module in modules + [f"kloof.cli.{m}" for m in commands]:
        print(f"  {module:<24} {import_cost(module):6.3f} s")
    print()
    base = times["python -c pass"]
    for label, target in (("kloof --help", 0.3), ("kloof data status", 1.0)):
        # the block of _report.summary, with the ratio the other way round: how many
        # interpreter start-ups the command costs (lower is better)
        wall, cpu, rss = times[label]
        verdict = "met" if wall < target else "NOT met"
        print(f"-- start-up, {label}")
        print(f"   kloof     {wall:9.3f} s   CPU {cpu:.3f} s   peak memory {rss:,.0f} MB")
        print(
            f"   baseline  {base[0]:9.3f} s   CPU {base[1]:.3f} s   peak memory {base[2]:,.0f} MB"
        )
        print(
            f"   ratio     {wall / base[0]:9.1f} x the bare interpreter (CPU "
            f"{cpu / max(base[1], 1e-3):.1f} x)   (target < {target:g} s: {verdict})"
        )
        print(
            "   baseline: python -c pass in a new process, same session; typer and its "
            f"rich help alone take {times['import typer, rich_utils'][0]:.3f} s "
            f"(CPU {times['import typer, rich_utils'][1]:.3f} s)"
        )


if __name__ == "__main__":
    main()
