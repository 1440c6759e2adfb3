"""Fixtures of the plans tests: the same suite on SQLite and on a throwaway PostgreSQL.

The PostgreSQL server (``pg_server`` in ``tests/conftest.py``, shared with the plans web
tests) is started once per session from the Debian binaries under
``/usr/lib/postgresql/*/bin`` (``make install`` installs them). Missing binaries are an
error, not a skip, so CI cannot pass without testing PostgreSQL. Every test gets a fresh,
empty database on either backend.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
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


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend of the test: every plans test runs on both."""
    return str(request.param)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of an empty database on each backend."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'plans.db'}"
    return str(request.getfixturevalue("pg_database")("kloof_test"))


@pytest.fixture(scope="session")
def sqlite_head(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once; tests get a copy."""
    path = tmp_path_factory.mktemp("head") / "head.db"
    open_plans(f"sqlite:///{path}", hasher=FAST_HASHER).close()
    return path


@pytest.fixture(scope="session")
def pg_head(pg_database: Callable[[str], str]) -> str:
    """URL of a PostgreSQL database migrated to head once; emptied before each test."""
    url = pg_database("kloof_head")
    open_plans(url, hasher=FAST_HASHER).close()
    return url


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
        url = str(request.getfixturevalue("pg_head"))
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
