"""Shared fixtures: the real data in ../shared/data and stores built from it.

Real-data fixtures go through the same importers a user runs; they fail (never skip)
when the shared data is absent, so CI cannot pass without exercising them.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kloof.store import Store, open_store

# Dashboards built in tests do not prepare results in a background thread (a test asks
# for what it checks; tests/web/test_warm.py turns it on with Settings(warm=True)).
os.environ.setdefault("KLOOF_WARM", "0")

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
KWB_2023 = SHARED / "cbs-kwb-2023" / "kwb-2023-transformed.xlsx"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data folder; a missing folder is an error, not a skip."""
    if not SHARED.is_dir():
        raise FileNotFoundError(f"real data expected at {SHARED} (../shared/data)")
    return SHARED


@pytest.fixture(scope="session")
def kwb2023_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store with the national KWB 2023 file imported through ``read_kwb``."""
    from kloof.sources.cbs_files import read_kwb

    path = tmp_path_factory.mktemp("store") / "kwb2023.duckdb"
    store = open_store(path)
    store.ingest(read_kwb(KWB_2023))
    yield store
    store.close()


#: The files `make demo` imports, relative to ../shared/data.
DEMO_FILES = (
    "cbs-kwb-2023/kwb-2023-transformed.xlsx",
    "cbs-kwb-2024/Kerncijfers_wijken_en_buurten_2024_geslachten.csv",
    "cbs-kwb-2024/Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv",
    "cbs-kwb-amsterdam",
    "amsterdam-extra/wijken_info.csv",
    "amsterdam-extra/crime_totaal_2025.json",
    "amsterdam-extra/population_2025.json",
    "gemeente-panel",
    "boundaries",
    "crosswalks",
    "postcode",
)


@pytest.fixture(scope="session")
def full_store_path(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of a closed store holding everything `make demo` imports.

    Built once per session through :func:`kloof.sources.read_many` and
    :func:`kloof.sources.read`, exactly as ``kloof data import`` does, followed by
    ``kloof data reexpress`` (PC4 1-1-2022 onto the 2023 wijken and gemeenten). Tests
    open it read-only (several may share it).
    """
    from kloof.sources import read, read_many
    from kloof.store.reexpressed import reexpress_pc4_into

    path = tmp_path_factory.mktemp("full") / "full.duckdb"
    plan = read_many([shared_data / f for f in DEMO_FILES])
    store = open_store(path)
    try:
        store.ingest_many([read(p) for p, _ in plan])
        for level in ("wijk", "gemeente"):
            reexpress_pc4_into(store, pc4_year=2022, onto=level, boundary_year=2023)
    finally:
        store.close()
    return path


# ------------------------------------------------------------------ PostgreSQL
# A throwaway server for the plans tests (tests/plans) and the plans web tests (tests/web).


@dataclass(frozen=True)
class PgServer:
    """A running throwaway PostgreSQL server."""

    port: int
    bindir: Path
    prefix: tuple[str, ...]

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://kloof@127.0.0.1:{self.port}/{database}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _bindir() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if not found:
        pytest.fail(
            "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin: run `make install` "
            "(it installs the Debian postgresql package) and run the tests again",
            pytrace=False,
        )
    return Path(found[-1]).parent


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """Start PostgreSQL on a free port in a temporary directory; stop it at the end."""
    bindir = _bindir()
    root = tempfile.mkdtemp(prefix="kloof-pg-")
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        try:
            pg = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root, ignore_errors=True)
            pytest.fail(
                "running as root needs the 'postgres' user to start PostgreSQL: "
                "`make install` (Debian postgresql package) creates it",
                pytrace=False,
            )
        os.chown(root, pg.pw_uid, pg.pw_gid)
        prefix = ("runuser", "-u", "postgres", "--")
    data = os.path.join(root, "data")
    port = _free_port()

    def run(*args: str) -> None:
        result = subprocess.run([*prefix, *args], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            pytest.fail(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")

    try:
        run(
            str(bindir / "initdb"),
            "-D",
            data,
            "-U",
            "kloof",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = (
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        run(
            str(bindir / "pg_ctl"),
            "-D",
            data,
            "-o",
            options,
            "-l",
            os.path.join(root, "log"),
            "-w",
            "start",
        )
        yield PgServer(port, bindir, prefix)
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


def _fresh_pg_database(server: PgServer, name: str, template: str | None = None) -> None:
    import psycopg

    with psycopg.connect(
        f"host=127.0.0.1 port={server.port} user=kloof dbname=postgres", autocommit=True
    ) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))


@pytest.fixture(scope="session")
def pg_database(pg_server: PgServer) -> Callable[[str], str]:
    """Make an empty PostgreSQL database (dropped first if it exists); returns its URL."""

    def make(name: str) -> str:
        _fresh_pg_database(pg_server, name)
        return pg_server.url(name)

    return make
