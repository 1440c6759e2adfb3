"""Benchmark: the dashboard under load on 127.0.0.1 (50 concurrent clients, 30 s each).

Starts the dashboard the way a user does (``kloof serve``, its default worker processes)
on a free loopback port, on a store built from ../shared/data with the project's
importers (or the store in ``KLOOF_STORE``), and measures:

1. **Cold start**: right after the server answers, one request to each endpoint while
   the server prepares its results in the background. A request may take the time of
   its own result (200); one that needs another's result answers "being prepared"
   (503 with ``Retry-After``) within :data:`COLD_LIMIT` seconds.
2. **Load**: per endpoint, :data:`CLIENTS` clients each sending requests one after the
   other for :data:`SECONDS` seconds (closed loop, keep-alive, ``Accept-Encoding: gzip,
   br`` as browsers send): requests/s and p50/p95/p99 latency, errors.

Targets (issue 14): p95 < 100 ms and 0 errors for ``/``, a wijk profile, a named-area
profile and two JSON API answers; p95 < 300 ms for the national wijk layer.

The same load runs against the commit before the serving work (:data:`BASELINE`, from
a ``git worktree`` with the same virtual environment, started as it was then: one
uvicorn process) so the two columns come from the same machine in the same session.
Set ``BENCH_BASELINE=`` (empty) to skip it, ``BENCH_SECONDS`` to shorten.

Usage: ``python benchmarks/bench_web.py [SHARED_DATA_DIR]``. Traffic goes to 127.0.0.1
only. Exits 1 when a target is missed or a request fails.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data"
SHARED = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
CLIENTS = 50
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
COLD_LIMIT = 1.5  # seconds: one second of waiting plus the answer itself
#: The commit before the application layer and the serving work (December 2026).
BASELINE = os.environ.get("BENCH_BASELINE", "d3b793a")
#: name → (path, p95 target in ms)
TARGETS: dict[str, tuple[str, float | None]] = {
    "stylesheet (static)": ("/assets/kloof.css", None),
    "home (map page)": ("/", 100.0),
    "wijk profile": ("/gebied/WK059910", 100.0),
    "area profile": ("/gebied/nplv:rotterdam-zuid", 100.0),
    "API region": ("/api/v1/regions/WK059910", 100.0),
    "API index": ("/api/v1/index/wijk/WK059910", 100.0),
    "national wijk layer": ("/api/v1/map/wijk?layer=index", 300.0),
}
HEADERS = {"Accept-Encoding": "gzip, br"}


def build_store(folder: Path) -> Path:
    """KWB 2023, the wijk boundaries and the gemeente panel, through the importers."""
    from kloof.sources import read
    from kloof.sources.boundaries import read_boundaries
    from kloof.sources.cbs_files import read_kwb
    from kloof.store import open_store

    path = folder / "bench-web.duckdb"
    batches = [
        read_kwb(SHARED / "cbs-kwb-2023" / "kwb-2023-transformed.xlsx"),
        read_boundaries(SHARED / "boundaries" / "wijken_2024.geojson"),
        read(SHARED / "gemeente-panel" / "gemeenten_2024.geojson"),
    ]
    with open_store(path) as store:
        store.ingest_many(batches)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(cmd: list[str], env: dict[str, str], port: int) -> Iterator[float]:
    """Run ``cmd`` until the block ends; yields the seconds it took to answer."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/assets/kloof.css", timeout=2)
                break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start: {cmd}") from None
                time.sleep(0.1)
        yield time.perf_counter() - t0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def cold(base: str) -> list[tuple[str, int, float]]:
    """One request per endpoint right after start: (name, status, seconds)."""
    out = []
    with httpx.Client(base_url=base, timeout=120, headers=HEADERS) as client:
        for name, (path, _) in TARGETS.items():
            t0 = time.perf_counter()
            status = client.get(path).status_code
            out.append((name, status, time.perf_counter() - t0))
    return out


def ready(base: str, limit: float = 600.0) -> float:
    """Seconds until every endpoint answers 200 (the background preparation is done)."""
    t0 = time.perf_counter()
    with httpx.Client(base_url=base, timeout=120, headers=HEADERS) as client:
        for path, _ in TARGETS.values():
            while client.get(path).status_code != 200:
                if time.perf_counter() - t0 > limit:
                    raise RuntimeError(f"{path} never became ready")
                time.sleep(0.5)
    return time.perf_counter() - t0


async def _fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """One keep-alive HTTP/1.1 exchange; the status code (the body is read, not decoded)."""
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    fields = {k.lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
    if "content-length" in fields:
        await reader.readexactly(int(fields["content-length"]))
    elif fields.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def load(base: str, path: str) -> tuple[list[float], int, float]:
    """CLIENTS closed-loop clients for SECONDS: latencies, errors, elapsed seconds.

    Each client is one keep-alive connection speaking plain HTTP/1.1 over asyncio
    streams: a load generator light enough (about 20 µs a request) that the figures are
    the server's, not the client's (httpx costs about 1 ms of CPU a request).
    """
    host, port = base.removeprefix("http://").split(":")
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in HEADERS.items())
        + "\r\n"
    ).encode()
    latencies: list[float] = []
    errors = 0
    start = time.perf_counter()
    end = start + SECONDS

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            while time.perf_counter() < end:
                t0 = time.perf_counter()
                try:
                    if await _fetch(reader, writer, request) != 200:
                        errors += 1
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, int(port))
                latencies.append(time.perf_counter() - t0)
        finally:
            writer.close()

    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return latencies, errors, time.perf_counter() - start


def quantile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def run_load(base: str) -> dict[str, dict[str, float]]:
    results = {}
    for name, (path, _) in TARGETS.items():
        lat, errors, seconds = asyncio.run(load(base, path))
        results[name] = {
            "n": len(lat),
            "errors": errors,
            "rps": len(lat) / seconds,
            "p50": quantile(lat, 50),
            "p95": quantile(lat, 95),
            "p99": quantile(lat, 99),
        }
    return results


@contextmanager
def baseline_tree(rev: str) -> Iterator[Path | None]:
    """A worktree of ``rev`` (or ``None`` when git or the commit is not there)."""
    tmp = Path(tempfile.mkdtemp(prefix="kloof-bench-base-"))
    tree = tmp / "tree"
    made = subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), rev],
        capture_output=True,
    )
    try:
        yield tree if made.returncode == 0 else None
    finally:
        if made.returncode == 0:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                capture_output=True,
            )
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    failed = False
    with tempfile.TemporaryDirectory(prefix="kloof-bench-") as tmp:
        store = Path(os.environ.get("KLOOF_STORE", "")) if os.environ.get("KLOOF_STORE") else None
        store = store or build_store(Path(tmp))
        env = {**os.environ, "KLOOF_STORE": str(store), "KLOOF_LANGUAGE": "nl"}
        env.pop("KLOOF_WARM", None)
        kloof = str(Path(sys.executable).with_name("kloof"))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        cmd = [kloof, "--store", str(store), "serve", "--port", str(port)]
        with server(cmd, env, port) as started:
            first = cold(base)
            prepared = ready(base)
            now = run_load(base)
        print(f"kloof serve ({os.cpu_count()} workers): answering after {started:.1f} s, ")
        print(f"main results prepared {prepared:.1f} s after the first requests")
        print(f"{'cold start: endpoint':28} {'status':>6} {'seconds':>8}")
        for name, status, seconds in first:
            # a 200 may take its own computation's time; "being prepared" must be quick
            slow = status != 200 and seconds > COLD_LIMIT
            print(f"{name:28} {status:6d} {seconds:8.2f}" + ("   TOO SLOW" if slow else ""))
            failed |= slow or status not in (200, 503)
        before: dict[str, dict[str, float]] = {}
        if BASELINE:
            with baseline_tree(BASELINE) as tree:
                if tree is None:
                    print(f"baseline {BASELINE}: not in this clone; comparison left out")
                else:
                    old_env = {**env, "PYTHONPATH": str(tree / "src")}
                    old = [
                        sys.executable, "-m", "uvicorn", "--factory", "kloof.web:create_app",
                        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
                    ]  # fmt: skip
                    with server(old, old_env, port):
                        ready(base)
                        before = run_load(base)
        print(f"\n{CLIENTS} concurrent clients, {SECONDS:.0f} s per endpoint (closed loop)")
        head = f"{'endpoint':22} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'err':>4}"
        if before:
            head += f" | {BASELINE + ' req/s':>13} {'p95':>7} {'err':>4}"
        print(head + "   (ms)")
        for name, (_, target) in TARGETS.items():
            r = now[name]
            line = (
                f"{name:22} {r['rps']:7.0f} {r['p50']:6.0f} {r['p95']:6.0f} "
                f"{r['p99']:6.0f} {int(r['errors']):4d}"
            )
            if before:
                b = before[name]
                line += f" | {b['rps']:13.0f} {b['p95']:7.0f} {int(b['errors']):4d}"
            missed = r["errors"] > 0 or (target is not None and r["p95"] >= target)
            failed |= missed
            print(line + (f"   MISSED (p95 < {target:.0f} ms)" if missed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
