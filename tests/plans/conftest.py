"""Fixtures of the plans tests: the same suite on SQLite and on a throwaway PostgreSQL.

The PostgreSQL server is started once per session from the Debian binaries under
``/usr/lib/postgresql/*/bin`` (``make install`` installs them). Missing binaries are an
error, not a skip, so CI cannot pass without testing PostgreSQL. Every test gets a fresh,
empty database on either backend.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from kloof.plans import SYSTEM, PlansDB, create_plan, create_user, grant_role, open_plans

#: Cheap argon2 parameters: the tests hash many passwords.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "correct horse battery"
AREA_A = "rotterdam-zuid"
AREA_B = "amsterdam-zuidoost"


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


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend of the test: every plans test runs on both."""
    return str(request.param)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of an empty database on each backend."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'plans.db'}"
    server: PgServer = request.getfixturevalue("pg_server")
    _fresh_pg_database(server, "kloof_test")
    return server.url("kloof_test")


@pytest.fixture(scope="session")
def sqlite_head(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once; tests get a copy."""
    path = tmp_path_factory.mktemp("head") / "head.db"
    open_plans(f"sqlite:///{path}", hasher=FAST_HASHER).close()
    return path


@pytest.fixture(scope="session")
def pg_head(pg_server: PgServer) -> str:
    """A PostgreSQL database migrated to head once; emptied before each test."""
    _fresh_pg_database(pg_server, "kloof_head")
    open_plans(pg_server.url("kloof_head"), hasher=FAST_HASHER).close()
    return "kloof_head"


def _truncate(url: str) -> None:
    """Empty every table of the migrated database (much faster than a new database)."""
    import psycopg

    from kloof.plans.models import Base

    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as c:
        c.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@pytest.fixture
def db(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[PlansDB]:
    """An empty plans database at head (copied or truncated), with cheap hashing."""
    if backend == "sqlite":
        path = tmp_path / "plans.db"
        shutil.copy(request.getfixturevalue("sqlite_head"), path)
        url = f"sqlite:///{path}"
    else:
        server: PgServer = request.getfixturevalue("pg_server")
        url = server.url(request.getfixturevalue("pg_head"))
        _truncate(url)
    plans = open_plans(url, hasher=FAST_HASHER)
    yield plans
    plans.close()


@dataclass(frozen=True)
class World:
    """Two areas with plans and one user per role (e-mail addresses)."""

    admin: str = "admin@kloof.nl"
    area_admin: str = "beheer@zuid.nl"
    editor: str = "redactie@zuid.nl"
    viewer: str = "lezer@zuid.nl"
    editor_b: str = "redactie@zuidoost.nl"
    area_a: str = AREA_A
    area_b: str = AREA_B
    password: str = PASSWORD


@pytest.fixture
def world(db: PlansDB) -> World:
    """Plans of ``rotterdam-zuid`` (A) and ``amsterdam-zuidoost`` (B) and their users."""
    w = World()
    with db.session() as s:
        create_plan(s, SYSTEM, AREA_A, title="Zuid werkt", vision="Kansen voor iedereen")
        create_plan(s, SYSTEM, AREA_B, title="Zuidoost")
        create_user(s, SYSTEM, w.admin, PASSWORD, is_admin=True)
        for email, area, role in (
            (w.area_admin, AREA_A, "area_admin"),
            (w.editor, AREA_A, "editor"),
            (w.viewer, AREA_A, "viewer"),
            (w.editor_b, AREA_B, "editor"),
        ):
            grant_role(s, SYSTEM, create_user(s, SYSTEM, email, PASSWORD), area, role)
    return w
