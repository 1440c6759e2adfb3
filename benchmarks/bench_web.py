"""Benchmark: the dashboard under load on 127.0.0.1 (50 concurrent clients).

Starts ``uvicorn --factory kloof.web:create_app`` in a subprocess on a free loopback
port, on a store built from ../shared/data with the project's importers (or the store
in ``KLOOF_STORE``), warms its caches, then runs a bounded load (count and time) with
50 concurrent httpx clients against

* a profile page (``/gebied/nplv:rotterdam-zuid``),
* the national wijk map layer (``/api/v1/map/wijk?layer=index``, gzip),
* the theme stylesheet, a static baseline the other two are compared with.

Prints p50/p95/p99 latency, throughput and the ratio to the baseline, and the size of
the compressed national wijk layer. Exits 1 on any error or when the layer is 2 MB or
more. Traffic goes to 127.0.0.1 only.

Usage: ``python benchmarks/bench_web.py [SHARED_DATA_DIR]``.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data"
SHARED = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
CLIENTS = 50
MAX_REQUESTS = 1500
MAX_SECONDS = 20.0
LAYER_LIMIT = 2_000_000
TARGETS = {
    "baseline (stylesheet)": "/assets/kloof.css",
    "profile page": "/gebied/nplv:rotterdam-zuid",
    "national wijk layer": "/api/v1/map/wijk?layer=index",
}


def build_store(folder: Path) -> Path:
    from kloof.sources import read
    from kloof.sources.boundaries import read_boundaries
    from kloof.sources.cbs_files import read_kwb
    from kloof.store import open_store

    path = folder / "bench-web.duckdb"
    batches = [
        read_kwb(SHARED / "cbs-kwb-2023" / "kwb-2023-transformed.xlsx"),
        read_boundaries(SHARED / "boundaries" / "wijken_2024.geojson"),
    ]
    try:
        batches.append(read(SHARED / "gemeente-panel" / "gemeenten_2024.geojson"))
    except Exception as exc:  # the panel is optional: gemeenten are dissolved from wijken
        print(f"gemeente panel left out: {exc}")
    with open_store(path) as store:
        store.ingest_many(batches)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(store: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "KLOOF_STORE": str(store)}
    cmd = [
        sys.executable, "-m", "uvicorn", "--factory", "kloof.web:create_app",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/assets/kloof.css", timeout=2)
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("the server did not start")


async def load(base: str, path: str) -> tuple[list[float], int, float]:
    """Bounded load: at most MAX_REQUESTS requests or MAX_SECONDS, CLIENTS at a time."""
    latencies: list[float] = []
    errors = 0
    issued = 0
    start = time.perf_counter()
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def worker() -> None:
            nonlocal errors, issued
            while issued < MAX_REQUESTS and time.perf_counter() - start < MAX_SECONDS:
                issued += 1
                t0 = time.perf_counter()
                try:
                    r = await client.get(path, headers={"Accept-Encoding": "gzip"})
                    await r.aread()
                    if r.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - t0)

        await asyncio.gather(*(worker() for _ in range(CLIENTS)))
    return latencies, errors, time.perf_counter() - start


def quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="kloof-bench-") as tmp:
        store = Path(os.environ["KLOOF_STORE"]) if "KLOOF_STORE" in os.environ else None
        store = store or build_store(Path(tmp))
        port = free_port()
        server = start_server(store, port)
        base = f"http://127.0.0.1:{port}"
        failed = False
        try:
            for path in TARGETS.values():  # warm the caches
                httpx.get(base + path, timeout=120).raise_for_status()
            raw = httpx.get(
                base + TARGETS["national wijk layer"],
                timeout=60,
                headers={"Accept-Encoding": "gzip"},
            )
            size = int(raw.headers.get("content-length", len(raw.content)))
            print(
                f"national wijk layer: {raw.headers.get('content-encoding')} {size:,} bytes "
                f"on the wire ({len(raw.content):,} bytes GeoJSON)"
            )
            failed |= size >= LAYER_LIMIT or raw.headers.get("content-encoding") != "gzip"
            print(f"{CLIENTS} concurrent clients, ≤{MAX_REQUESTS} requests or ≤{MAX_SECONDS:.0f} s")
            print(
                f"{'target':24} {'n':>6} {'err':>4} {'req/s':>8} {'p50 ms':>8} "
                f"{'p95 ms':>8} {'p99 ms':>8} {'p50/base':>9}"
            )
            base_p50 = None
            for name, path in TARGETS.items():
                lat, errors, seconds = asyncio.run(load(base, path))
                p50, p95, p99 = (quantile(lat, q) * 1000 for q in (50, 95, 99))
                base_p50 = base_p50 or p50
                print(
                    f"{name:24} {len(lat):6d} {errors:4d} {len(lat) / seconds:8.1f} "
                    f"{p50:8.1f} {p95:8.1f} {p99:8.1f} {p50 / base_p50:9.2f}"
                )
                failed |= errors > 0
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
